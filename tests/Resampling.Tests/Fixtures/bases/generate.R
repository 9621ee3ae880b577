# Reference values for scale() and poly() in lme4 formulas, from R 4.2.2 and lme4 1.1-31.
# Run in this folder with ../lme4/hsb12.csv present: Rscript generate.R  (writes the CSVs and *.json here)
# Debian: apt-get install r-base-core r-cran-lme4 r-cran-jsonlite
suppressMessages({library(lme4); library(jsonlite)})
hsb <- read.csv("../lme4/hsb12.csv", colClasses=c(SCHOOL="character"))
# Missing responses in some rows: R evaluates scale() and poly() on every row before na.omit drops these.
hsb$MATHACH[seq(5, nrow(hsb), by=97)] <- NA
write.csv(hsb[, c("SCHOOL", "MATHACH", "SES", "MEANSES", "SECTOR")], "hsb_na.csv", row.names=FALSE, na="")
sleep <- lme4::sleepstudy; sleep$Subject <- as.character(sleep$Subject)
write.csv(sleep, "sleepstudy.csv", row.names=FALSE)
ctrl <- lmerControl(optimizer="bobyqa", optCtrl=list(rhobeg=2e-3, rhoend=1e-10, maxfun=1e5))
one <- function(name, data, formula, newdata, REML=TRUE) {
  m <- lmer(as.formula(formula), data=data, REML=REML, control=ctrl)
  co <- coef(summary(m))
  nd <- read.csv(newdata, colClasses=c(SCHOOL="character", Subject="character")[intersect(c("SCHOOL", "Subject"), names(read.csv(newdata, nrows=1)))])
  out <- list(name=name, formula=formula, REML=REML, nobs=nobs(m), data=deparse(substitute(data)), newdata=newdata,
    objective=as.numeric(-2*logLik(m)), theta=unname(getME(m, "theta")), sigma=sigma(m),
    beta=setNames(as.list(fixef(m)), names(fixef(m))), se=setNames(as.list(co[, "Std. Error"]), rownames(co)),
    fitted_head=unname(head(fitted(m), 20)),
    predict_conditional=unname(predict(m, newdata=nd, allow.new.levels=TRUE)),
    predict_population=unname(predict(m, newdata=nd, re.form=NA)))
  write(toJSON(out, digits=NA, auto_unbox=TRUE, pretty=TRUE), paste0(name, if (REML) "_reml" else "_ml", ".json"))
}
write.csv(data.frame(SCHOOL=c("1224", "9586", "0000"), SES=c(-1.5, 0.2, 2.1), MEANSES=c(-0.4, 0.3, 0.9), SECTOR=c(0, 1, 1)),
  "hsb_newdata.csv", row.names=FALSE)
write.csv(data.frame(Subject=c("308", "351", "999"), Days=c(2.5, 10, 4)), "sleep_newdata.csv", row.names=FALSE)
for (reml in c(TRUE, FALSE)) {
  one("hsb_scale_poly", hsb, "MATHACH ~ scale(SES) + poly(MEANSES, 2) + SECTOR + (1 + scale(SES)|SCHOOL)", "hsb_newdata.csv", reml)
  one("hsb_poly_interaction", hsb, "MATHACH ~ poly(SES, 3) * SECTOR + (1|SCHOOL)", "hsb_newdata.csv", reml)
  one("sleep_poly", sleep, "Reaction ~ poly(Days, 2) + (poly(Days, 2)|Subject)", "sleep_newdata.csv", reml)
  one("sleep_scale_log", sleep, "Reaction ~ scale(log(Days + 1)) + (1|Subject)", "sleep_newdata.csv", reml)
}
