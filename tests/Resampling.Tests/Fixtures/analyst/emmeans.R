# emmeans references (estimated marginal means and contrasts of lmer fits, Satterthwaite and Kenward-Roger df) and a
# grid of R's ptukey for the studentized range tests.
# Produced with R 4.2.2, lme4 1.1-31, lmerTest 3.1-3, pbkrtest 0.5.2, emmeans 1.8.4-1 (Debian r-cran-emmeans).
# Run: cd tests/Resampling.Tests/Fixtures/analyst && Rscript emmeans.R   (writes emmeans.json, ptukey.json)
suppressMessages({library(lme4); library(emmeans); library(jsonlite)})
cat(R.version.string, "\n"); for (p in c("lme4", "lmerTest", "pbkrtest", "emmeans", "jsonlite")) cat(p, format(packageVersion(p)), "\n")
emm_options(lmerTest.limit = 10000)  # HSB has 7,185 rows: Satterthwaite df rather than emmeans' asymptotic fallback
ctrl <- lmerControl(optimizer="bobyqa", optCtrl=list(rhobeg=2e-3, rhoend=1e-10, maxfun=1e5))
ex <- "../lme4extra/"
hsb <- read.csv(paste0(ex, "hsb12.csv"), colClasses=c(SCHOOL="character", SECTOR="character")); hsb$cses <- hsb$SES - hsb$MEANSES
cake <- read.csv(paste0(ex, "cake.csv"), colClasses=c(temperature="character", replicate="character"))
ds <- list(hsb12=hsb, cake=cake)
# name, data, formula, specs, by, at (list), adjust for pairs, factor columns (for the tests' --factor)
cases <- list(
 list("hsb_mod4_sector", "hsb12", "MATHACH ~ cses + MEANSES + SECTOR + cses*MEANSES + cses*SECTOR + (1 + cses|SCHOOL)", "SECTOR", NULL, list(), "tukey", "SECTOR"),
 list("hsb_mod4_sector_at", "hsb12", "MATHACH ~ cses + MEANSES + SECTOR + cses*MEANSES + cses*SECTOR + (1 + cses|SCHOOL)", "SECTOR", NULL, list(MEANSES=0.5), "none", "SECTOR"),
 list("cake_temp_by_recipe", "cake", "angle ~ recipe * temperature + (1|recipe:replicate)", "temperature", "recipe", list(), "tukey", "temperature"),
 list("cake_temp_holm", "cake", "angle ~ recipe * temperature + (1|recipe:replicate)", "temperature", NULL, list(), "holm", "temperature"),
 list("cake_recipe_bonferroni", "cake", "angle ~ recipe + temp + (1|replicate)", "recipe", NULL, list(), "bonferroni", ""))
em <- function(s) lapply(seq_len(nrow(s)), function(i) list(levels=as.list(sapply(attr(s, "pri.vars") %||% character(0), function(v) as.character(s[[v]][i]), simplify=FALSE)),
  emmean=s$emmean[i], se=s$SE[i], df=s$df[i], lower=s$lower.CL[i], upper=s$upper.CL[i]))
`%||%` <- function(a, b) if (is.null(a)) b else a
lv <- function(s, vars) lapply(seq_len(nrow(s)), function(i) sapply(vars, function(v) as.character(s[[v]][i]), simplify=FALSE))
out <- lapply(cases, function(c) {
  m <- lmer(as.formula(c[[3]]), data=ds[[c[[2]]]], REML=TRUE, control=ctrl)
  res <- list(name=c[[1]], data=paste0(c[[2]], ".csv"), formula=c[[3]], reml=TRUE, specs=c[[4]], by=c[[5]], at=c[[6]], adjust=c[[7]], factor=c[[8]])
  # Kenward-Roger on HSB's 7,185 rows needs n x n matrices in pbkrtest: the cake designs carry the KR references.
  for (ddf in if (c[[2]] == "hsb12") "satterthwaite" else c("satterthwaite", "kenward-roger")) {
    args <- list(m, specs=c[[4]], lmer.df=ddf)
    if (!is.null(c[[5]])) args$by <- c[[5]]
    if (length(c[[6]])) args$at <- c[[6]]
    e <- do.call(emmeans, args)
    s <- as.data.frame(summary(e))
    vars <- c(c[[4]], c[[5]])
    means <- lapply(seq_len(nrow(s)), function(i) list(levels=lv(s, vars)[[i]], emmean=s$emmean[i], se=s$SE[i], df=s$df[i], lower=s$lower.CL[i], upper=s$upper.CL[i]))
    p <- as.data.frame(summary(pairs(e, adjust=c[[7]]), infer=c(TRUE, TRUE)))
    cons <- lapply(seq_len(nrow(p)), function(i) { r <- list(contrast=as.character(p$contrast[i]), estimate=p$estimate[i], se=p$SE[i], df=p$df[i], t=p$t.ratio[i], p=p$p.value[i], lower=p$lower.CL[i], upper=p$upper.CL[i])
      if (!is.null(c[[5]])) r$by <- as.character(p[[c[[5]]]][i]); r })
    res[[gsub("-", "_", ddf)]] <- list(emmeans=means, contrasts=cons)
  }
  res
})
write(toJSON(out, digits=NA, auto_unbox=TRUE, pretty=TRUE, null="null"), "emmeans.json")
grid <- expand.grid(q=c(0.5, 1, 2, 3, 4.5, 6, 9), nmeans=c(2, 3, 4, 6, 10), df=c(2, 5, 17.3, 60, 1000, Inf))
grid$upper <- ptukey(grid$q, grid$nmeans, grid$df, lower.tail=FALSE)
qt <- expand.grid(p=c(0.9, 0.95, 0.99), nmeans=c(2, 3, 6), df=c(4, 20, 200))
qt$q <- qtukey(qt$p, qt$nmeans, qt$df)
write(toJSON(list(ptukey=grid, qtukey=qt), digits=NA, pretty=TRUE), "ptukey.json")
