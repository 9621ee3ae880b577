# lmerTest contest() references for `anova --contrast` (estimate, SE, df, t and p of a one-row contrast; F of contestMD).
# Produced with R 4.2.2, lme4 1.1-31, lmerTest 3.1-3 (Debian r-cran-lmertest).
# Run: cd tests/Resampling.Tests/Fixtures/analyst && Rscript contrasts.R   (writes contrasts.json)
# Each contrast is written as the CLI takes it ("SECTOR - MEANSES = 0") and as lmerTest's L vector.
suppressMessages({library(lmerTest); library(jsonlite)})
cat(R.version.string, "\n"); for (p in c("lme4", "lmerTest", "pbkrtest", "jsonlite")) cat(p, format(packageVersion(p)), "\n")
ctrl <- lmerControl(optimizer="bobyqa", optCtrl=list(rhobeg=2e-3, rhoend=1e-10, maxfun=1e5))
ex <- "../lme4extra/"
hsb <- read.csv(paste0(ex, "hsb12.csv"), colClasses=c(SCHOOL="character")); hsb$cses <- hsb$SES - hsb$MEANSES
sleep <- read.csv(paste0(ex, "sleepstudy.csv"), colClasses=c(Subject="character"))
cake <- read.csv(paste0(ex, "cake.csv"), colClasses=c(temperature="character", replicate="character"))
ds <- list(hsb12=hsb, sleepstudy=sleep, cake=cake)
# name, data, formula, contrasts as text and as named coefficient vectors
cases <- list(
 list("hsb_mod4", "hsb12", "MATHACH ~ cses + MEANSES + SECTOR + cses*MEANSES + cses*SECTOR + (1 + cses|SCHOOL)",
      list("cses:MEANSES = 0"=c("cses:MEANSES"=1), "SECTOR - MEANSES = 0"=c(SECTOR=1, MEANSES=-1),
           "cses + 2*cses:SECTOR = 0"=c(cses=1, "cses:SECTOR"=2))),
 list("sleep_corr", "sleepstudy", "Reaction ~ Days + (Days|Subject)",
      list("Days = 0"=c(Days=1), "(Intercept) - 25*Days = 0"=c("(Intercept)"=1, Days=-25))),
 list("cake_numeric", "cake", "angle ~ recipe + temp + (1|replicate)",
      list("recipeB - recipeC = 0"=c(recipeB=1, recipeC=-1))))
out <- lapply(cases, function(c) {
  m <- lmer(as.formula(c[[3]]), data=ds[[c[[2]]]], REML=TRUE, control=ctrl)
  nm <- names(fixef(m))
  tests <- lapply(names(c[[4]]), function(text) {
    v <- c[[4]][[text]]; L <- setNames(numeric(length(nm)), nm); L[names(v)] <- v
    one <- function(ddf) {
      t1 <- contest(m, L, ddf=ddf, joint=FALSE); f <- contest(m, matrix(L, nrow=1), ddf=ddf, joint=TRUE)
      list(estimate=t1$Estimate, se=t1[["Std. Error"]], df=t1$df, t=t1[["t value"]], p=t1[["Pr(>|t|)"]],
           f=f[["F value"]], numDf=f$NumDF, denDf=f$DenDF, fp=f[["Pr(>F)"]])
    }
    list(contrast=text, L=unname(L), satterthwaite=one("Satterthwaite"), kenwardRoger=one("Kenward-Roger"))
  })
  list(name=c[[1]], data=paste0(c[[2]], ".csv"), formula=c[[3]], reml=TRUE, contrasts=tests)
})
write(toJSON(out, digits=NA, auto_unbox=TRUE, pretty=TRUE, na="null"), "contrasts.json")
