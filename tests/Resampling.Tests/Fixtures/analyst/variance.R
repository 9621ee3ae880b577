# ICC and R² references (performance::icc, performance::r2_nakagawa) for the variance decomposition tests.
# Produced with R 4.2.2, lme4 1.1-31, performance 0.10.2, insight 0.19.0 (Debian r-cran-performance).
# Run: cd tests/Resampling.Tests/Fixtures/analyst && Rscript variance.R   (writes variance.json)
# Data: the lme4extra fixture CSVs (hsb12, sleepstudy, penicillin, cake) so the tests read the same rows.
suppressMessages({library(lme4); library(performance); library(jsonlite)})
cat(R.version.string, "\n"); for (p in c("lme4", "performance", "insight", "jsonlite")) cat(p, format(packageVersion(p)), "\n")
ctrl <- lmerControl(optimizer="bobyqa", optCtrl=list(rhobeg=2e-3, rhoend=1e-10, maxfun=1e5))
ex <- "../lme4extra/"
hsb <- read.csv(paste0(ex, "hsb12.csv"), colClasses=c(SCHOOL="character")); hsb$cses <- hsb$SES - hsb$MEANSES
sleep <- read.csv(paste0(ex, "sleepstudy.csv"), colClasses=c(Subject="character"))
pen <- read.csv(paste0(ex, "penicillin.csv"))
cake <- read.csv(paste0(ex, "cake.csv"), colClasses=c(temperature="character", replicate="character"))
ds <- list(hsb12=hsb, sleepstudy=sleep, penicillin=pen, cake=cake)
cases <- list(
 list("hsb_mod1", "hsb12", "MATHACH ~ (1|SCHOOL)", TRUE),
 list("hsb_mod2", "hsb12", "MATHACH ~ MEANSES + (1|SCHOOL)", TRUE),
 list("hsb_mod3", "hsb12", "MATHACH ~ cses + (1 + cses|SCHOOL)", TRUE),
 list("hsb_mod4", "hsb12", "MATHACH ~ cses + MEANSES + SECTOR + cses*MEANSES + cses*SECTOR + (1 + cses|SCHOOL)", TRUE),
 list("hsb_mod5", "hsb12", "MATHACH ~ cses + MEANSES + SECTOR + cses*MEANSES + cses*SECTOR + (1|SCHOOL)", TRUE),
 list("hsb_mod4_ml", "hsb12", "MATHACH ~ cses + MEANSES + SECTOR + cses*MEANSES + cses*SECTOR + (1 + cses|SCHOOL)", FALSE),
 list("sleep_corr", "sleepstudy", "Reaction ~ Days + (Days|Subject)", TRUE),
 list("sleep_zerocorr", "sleepstudy", "Reaction ~ Days + (Days||Subject)", TRUE),
 list("penicillin_crossed", "penicillin", "diameter ~ 1 + (1|plate) + (1|sample)", TRUE),
 list("cake_factors", "cake", "angle ~ recipe * temperature + (1|recipe:replicate)", TRUE))
out <- lapply(cases, function(c) {
  m <- lmer(as.formula(c[[3]]), data=ds[[c[[2]]]], REML=c[[4]], control=ctrl)
  i <- suppressWarnings(performance::icc(m)); r <- suppressWarnings(performance::r2_nakagawa(m))
  list(name=c[[1]], data=paste0(c[[2]], ".csv"), formula=c[[3]], reml=c[[4]],
       icc=list(adjusted=unname(i$ICC_adjusted), conditional=unname(i$ICC_conditional)),
       r2=list(marginal=unname(r$R2_marginal), conditional=unname(r$R2_conditional)))
})
write(toJSON(out, digits=NA, auto_unbox=TRUE, pretty=TRUE), "variance.json")
