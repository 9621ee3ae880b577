# Reference values for prior weights (lme4's weights=) and offset() terms, from R 4.2.2 and lme4 1.1-31.
# Run in this folder with ../lme4/hsb12.csv present: Rscript generate.R  (writes the CSVs and *.json here)
# Debian: apt-get install r-base-core r-cran-lme4 r-cran-jsonlite
suppressMessages({library(lme4); library(jsonlite)})
hsb <- read.csv("../lme4/hsb12.csv", colClasses=c(SCHOOL="character")); hsb$cses <- hsb$SES - hsb$MEANSES
# Deterministic weights that vary within and between schools (no weight column ships with the data).
hsb$w <- 0.5 + ((seq_len(nrow(hsb)) * 7) %% 11) / 4
write.csv(hsb[, c("SCHOOL", "MATHACH", "SES", "MEANSES", "SECTOR", "w")], "hsb_weights.csv", row.names=FALSE)
sleep <- lme4::sleepstudy; sleep$Subject <- as.character(sleep$Subject)
sleep$w <- 1 + sleep$Days / 3; sleep$exposure <- 0.5 + (seq_len(nrow(sleep)) %% 4)
write.csv(sleep, "sleep_weights.csv", row.names=FALSE)
pen <- lme4::Penicillin; pen$plate <- as.character(pen$plate); pen$sample <- as.character(pen$sample)
pen$w <- 1 + (seq_len(nrow(pen)) %% 5) / 2
write.csv(pen, "penicillin_weights.csv", row.names=FALSE)
ctrl <- lmerControl(optimizer="bobyqa", optCtrl=list(rhobeg=2e-3, rhoend=1e-10, maxfun=1e5))
one <- function(name, data, formula, weights=NULL, REML=TRUE, newdata=NULL) {
  m <- if (is.null(weights)) lmer(as.formula(formula), data=data, REML=REML, control=ctrl)
       else lmer(as.formula(formula), data=data, REML=REML, control=ctrl, weights=data[[weights]])
  co <- coef(summary(m))
  out <- list(name=name, formula=formula, weights=weights, REML=REML, nobs=nobs(m),
    objective=as.numeric(-2*logLik(m)), logLik=as.numeric(logLik(m)), AIC=AIC(m),
    theta=unname(getME(m, "theta")), sigma=sigma(m),
    beta=setNames(as.list(fixef(m)), names(fixef(m))), se=setNames(as.list(co[, "Std. Error"]), rownames(co)),
    fitted_head=unname(head(fitted(m), 20)), resid_head=unname(head(residuals(m), 20)),
    # summary()'s "Scaled residuals" are Pearson residuals over sigma
    scaled_resid_quantiles=unname(quantile(residuals(m, type="pearson", scaled=TRUE))),
    ranef_head=unname(head(as.matrix(ranef(m)[[1]]), 10)))
  if (!is.null(newdata)) {
    out$newdata <- newdata
    nd <- read.csv(newdata, colClasses=c(Subject="character"))
    out$predict_conditional <- unname(predict(m, newdata=nd, allow.new.levels=TRUE))
    out$predict_population <- unname(predict(m, newdata=nd, re.form=NA))
  }
  write(toJSON(out, digits=NA, auto_unbox=TRUE, pretty=TRUE), paste0(name, if (REML) "_reml" else "_ml", ".json"))
}
sleep_new <- data.frame(Subject=c("308", "372", "999"), Days=c(2, 7.5, 4), exposure=c(1, 3.5, 0.25))
write.csv(sleep_new, "sleep_newdata.csv", row.names=FALSE)
for (reml in c(TRUE, FALSE)) {
  one("hsb_mod3_weights", hsb, "MATHACH ~ cses + (1 + cses|SCHOOL)", "w", reml)
  one("hsb_mod4_weights", hsb, "MATHACH ~ cses + MEANSES + SECTOR + cses*MEANSES + cses*SECTOR + (1 + cses|SCHOOL)", "w", reml)
  one("hsb_mod3_offset", hsb, "MATHACH ~ cses + offset(2 * MEANSES) + (1 + cses|SCHOOL)", NULL, reml)
  one("sleep_weights_offset", sleep, "Reaction ~ Days + offset(log(exposure)) + (Days|Subject)", "w", reml, "sleep_newdata.csv")
  one("sleep_offsets_two", sleep, "Reaction ~ offset(Days) + Days + offset(3 * exposure) + (1|Subject)", NULL, reml, "sleep_newdata.csv")
  one("penicillin_weights", pen, "diameter ~ 1 + (1|plate) + (1|sample)", "w", reml)
}
