# lmerTest ranova() and drop1() references for the single-term-deletion tests.
# Produced with R 4.2.2, lme4 1.1-31, lmerTest 3.1-3 (Debian r-cran-lmertest).
# Run: cd tests/Resampling.Tests/Fixtures/analyst && Rscript ranova.R   (writes ranova.json)
# Data: the lme4extra fixture CSVs. Each case keeps the full-precision table and lmerTest's printed rows.
suppressMessages({library(lmerTest); library(jsonlite)})
cat(R.version.string, "\n"); for (p in c("lme4", "lmerTest", "jsonlite")) cat(p, format(packageVersion(p)), "\n")
ctrl <- lmerControl(optimizer="bobyqa", optCtrl=list(rhobeg=2e-3, rhoend=1e-10, maxfun=1e5))
ex <- "../lme4extra/"
hsb <- read.csv(paste0(ex, "hsb12.csv"), colClasses=c(SCHOOL="character")); hsb$cses <- hsb$SES - hsb$MEANSES
sleep <- read.csv(paste0(ex, "sleepstudy.csv"), colClasses=c(Subject="character"))
pen <- read.csv(paste0(ex, "penicillin.csv"))
cake <- read.csv(paste0(ex, "cake.csv"), colClasses=c(temperature="character", replicate="character"))
dye <- read.csv(paste0(ex, "dyestuff.csv"))
ds <- list(hsb12=hsb, sleepstudy=sleep, penicillin=pen, cake=cake, dyestuff=dye)
printed <- function(tab) { o <- capture.output(print(tab, signif.stars=FALSE)); o }
rows <- function(tab) lapply(seq_len(nrow(tab)), function(i) list(term=rownames(tab)[i],
  npar=tab$npar[i], logLik=tab$logLik[i], aic=tab$AIC[i], lrt=tab$LRT[i], df=tab$Df[i], p=tab[["Pr(>Chisq)"]][i]))
frows <- function(tab) lapply(seq_len(nrow(tab)), function(i) list(term=rownames(tab)[i], sumSq=tab[["Sum Sq"]][i],
  meanSq=tab[["Mean Sq"]][i], numDf=tab$NumDF[i], denDf=tab$DenDF[i], f=tab[["F value"]][i], p=tab[["Pr(>F)"]][i]))
cases <- list(
 list("hsb_mod4", "hsb12", "MATHACH ~ cses + MEANSES + SECTOR + cses*MEANSES + cses*SECTOR + (1 + cses|SCHOOL)", TRUE),
 list("hsb_mod5", "hsb12", "MATHACH ~ cses + MEANSES + SECTOR + cses*MEANSES + cses*SECTOR + (1|SCHOOL)", TRUE),
 list("sleep_corr", "sleepstudy", "Reaction ~ Days + (Days|Subject)", TRUE),
 list("sleep_corr_ml", "sleepstudy", "Reaction ~ Days + (Days|Subject)", FALSE),
 list("sleep_zerocorr", "sleepstudy", "Reaction ~ Days + (Days||Subject)", TRUE),
 list("penicillin_crossed", "penicillin", "diameter ~ 1 + (1|plate) + (1|sample)", TRUE),
 list("cake_factors", "cake", "angle ~ recipe * temperature + (1|recipe:replicate)", TRUE),
 list("cake_numeric", "cake", "angle ~ recipe + temp + (1|replicate)", TRUE),
 list("dyestuff", "dyestuff", "Yield ~ 1 + (1|Batch)", TRUE))
out <- lapply(cases, function(c) {
  m <- lmer(as.formula(c[[3]]), data=ds[[c[[2]]]], REML=c[[4]], control=ctrl)
  r <- ranova(m)
  res <- list(name=c[[1]], data=paste0(c[[2]], ".csv"), formula=c[[3]], reml=c[[4]], ranova=rows(r), ranova_printed=printed(r))
  if (length(fixef(m)) > 1) {
    d <- drop1(m); res$drop1 <- frows(d); res$drop1_printed <- printed(d)
    if (c[[4]]) { k <- drop1(m, ddf="Kenward-Roger"); res$drop1_kr <- frows(k) }
  }
  res
})
write(toJSON(out, digits=NA, auto_unbox=TRUE, pretty=TRUE, na="null"), "ranova.json")
