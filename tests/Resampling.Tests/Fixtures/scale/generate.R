# Reference values for large crossed and nested designs (issue 11): lme4 1.1-x and lmerTest from Debian's packages.
# Run from this folder: Rscript generate.R   (writes insteval.csv and one JSON file per model; about 5 minutes)
# InstEval ships with lme4 (Bates, lme4 package data); columns as in R, factors written as their labels.
suppressPackageStartupMessages({ library(lme4); library(lmerTest); library(jsonlite) })
ctrl <- lmerControl(optimizer = "bobyqa", optCtrl = list(rhobeg = 2e-3, rhoend = 1e-10, maxfun = 1e5),
                    calc.derivs = FALSE)

ref <- function(name, data, formula, REML = TRUE, satterthwaite = FALSE) {
  t0 <- proc.time()[["elapsed"]]
  m <- lmerTest::lmer(as.formula(formula), data = data, REML = REML, control = ctrl)
  fit_s <- proc.time()[["elapsed"]] - t0
  out <- list(name = name, formula = formula, REML = REML, nobs = nobs(m), ngroups = as.list(ngrps(m)),
              objective = as.numeric(-2 * logLik(m)), theta = unname(getME(m, "theta")), sigma = sigma(m),
              beta = as.list(fixef(m)), se = as.list(sqrt(diag(as.matrix(vcov(m))))),
              singular = isSingular(m), lme4_version = as.character(packageVersion("lme4")),
              fit_seconds_tight_optimiser = fit_s)
  if (satterthwaite) {
    co <- summary(m)$coefficients
    out$df <- as.list(setNames(co[, "df"], rownames(co)))
  }
  write(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), paste0(name, ".json"))
  invisible(out)
}

ie <- lme4::InstEval
write.csv(data.frame(s = ie$s, d = ie$d, studage = ie$studage, lectage = ie$lectage, service = ie$service,
                     dept = ie$dept, y = ie$y), "insteval.csv", row.names = FALSE, quote = FALSE)
ie <- read.csv("insteval.csv", colClasses = c(s = "factor", d = "factor", studage = "factor", lectage = "factor",
                                              service = "factor", dept = "factor"))
ref("insteval_service_dept", ie, "y ~ service*dept + (1|s) + (1|d)")
ref("insteval_three_factors", ie, "y ~ service + (1|s) + (1|d) + (1|dept)", satterthwaite = TRUE)
ref("insteval_three_factors_ml", ie, "y ~ service + (1|s) + (1|d) + (1|dept)", REML = FALSE)

hsb <- read.csv("../lme4extra/hsb12.csv")
ref("hsb_nested_slopes", hsb, "MATHACH ~ SES + (SES|SCHOOL/SECTOR/MINORITY/FEMALE)")
