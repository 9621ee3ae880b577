# Type III F tests (lmerTest's anova(model)) with Satterthwaite's and Kenward-Roger's df, for the inference tests.
# R 4.2.2, lme4 1.1-31, lmerTest 3.1-3, pbkrtest 0.5.2, jsonlite. Run here: Rscript generate.R
# Data: ../lme4extra (hsb12.csv with cses, cake.csv, sleepstudy.csv); fits as the lme4 fixtures (bobyqa, tight).
suppressMessages({library(lme4); library(lmerTest); library(jsonlite)})
ctrl <- lmerControl(optimizer = "bobyqa", optCtrl = list(rhobeg = 2e-3, rhoend = 1e-10, maxfun = 1e5))
read <- function(f, text = character()) {
  d <- read.csv(file.path("..", "lme4extra", f), colClasses = setNames(rep("character", length(text)), text))
  d
}
hsb <- read("hsb12.csv", "SCHOOL")
cake <- read("cake.csv", c("temperature", "replicate", "recipe"))
sleep <- read("sleepstudy.csv", "Subject")
one <- function(name, data, dataFile, formula, REML = TRUE) {
  m <- lmerTest::lmer(as.formula(formula), data = data, REML = REML, control = ctrl)
  tab <- function(ddf) {
    a <- anova(m, type = "III", ddf = ddf)
    lapply(seq_len(nrow(a)), function(i) list(term = rownames(a)[i], SumSq = a[i, "Sum Sq"], MeanSq = a[i, "Mean Sq"],
      NumDF = a[i, "NumDF"], DenDF = a[i, "DenDF"], F = a[i, "F value"], p = a[i, "Pr(>F)"]))
  }
  out <- list(name = name, data = dataFile, formula = formula, REML = REML,
              satterthwaite = tab("Satterthwaite"), kr = if (REML) tab("Kenward-Roger") else NULL)
  write(toJSON(out, digits = NA, auto_unbox = TRUE, pretty = TRUE, null = "null"), paste0("anova_type3_", name, ".json"))
}
one("hsb_mod4", hsb, "hsb12.csv", "MATHACH ~ cses + MEANSES + SECTOR + cses*MEANSES + cses*SECTOR + (1 + cses|SCHOOL)")
one("cake_factors", cake, "cake.csv", "angle ~ recipe * temperature + (1|recipe:replicate)")
one("cake_factors_ml", cake, "cake.csv", "angle ~ recipe * temperature + (1|recipe:replicate)", REML = FALSE)
one("cake_numeric", cake, "cake.csv", "angle ~ recipe + temp + (1|replicate)")
one("cake_recipe_by_temp", cake, "cake.csv", "angle ~ recipe * temp + (1|replicate)")
one("hsb_minority", hsb, "hsb12.csv", "MATHACH ~ cses + factor(MINORITY) + FEMALE + (1 + cses || SCHOOL)")
one("sleep_corr", sleep, "sleepstudy.csv", "Reaction ~ Days + (Days|Subject)")
# anova_type3_tennessee6.json is made by ../lme4extra/tennessee_kr.R (with its data and reference fit).
