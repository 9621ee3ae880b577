# Reference values for GLMM inference beyond the fit (issue 16): glmer's anova (likelihood-ratio tests of nested
# models), pbkrtest's PBmodcomp, bootMer's parametric bootstrap, predict.merMod on the link and response scales, and
# confint(profile). R 4.2 with lme4 1.1-31 and pbkrtest. Run in this folder after generate.R: Rscript inference.R
# As generate.R, the fits use glmerControl(tolPwrss = 1e-13) and bobyqa to rhoend 1e-10, so that the references are
# the optimum itself rather than where the optimiser stopped at glmer's default PIRLS tolerance (docs/glmm.md §7).
# Sections can be run alone: Rscript inference.R boot predict   (anova pbmodcomp boot predict confint confint_vector; default all).
suppressMessages({library(lme4); library(jsonlite); library(pbkrtest)})
ctrl <- glmerControl(optimizer=c("bobyqa", "bobyqa"), optCtrl=list(rhoend=1e-10, maxfun=1e5), tolPwrss=1e-13)
cbpp <- read.csv("cbpp.csv", colClasses=c(herd="character", period="character"))
bern <- read.csv("bernoulli_slope.csv", colClasses=c(g="character", tr="character"))
pois <- read.csv("poisson_offset.csv", colClasses=c(clinic="character"))
wr <- function(x, file) write(toJSON(x, digits=NA, auto_unbox=TRUE, pretty=TRUE, matrix="rowmajor", na="null"), file)
fit <- function(f, d, fam) glmer(as.formula(f), data=d, family=fam, control=ctrl)
args <- commandArgs(trailingOnly=TRUE)
run <- function(section) length(args) == 0 || section %in% args
cb0 <- "cbind(incidence, size - incidence) ~ 1 + (1 | herd)"; cb1 <- "cbind(incidence, size - incidence) ~ period + (1 | herd)"
b0 <- "y ~ x + tr + (1 | g)"; b1 <- "y ~ x + tr + (1 + x | g)"

## 1. anova of nested GLMMs (glmer's likelihood-ratio table)
tab <- function(name, f0, f1, d, fam) {
  m0 <- fit(f0, d, fam); m1 <- fit(f1, d, fam)
  a <- anova(m0, m1)
  list(name=name, formulas=c(f0, f1), npar=unname(a$npar), AIC=unname(a$AIC), BIC=unname(a$BIC), logLik=unname(a$logLik),
       deviance=unname(a$deviance), Chisq=unname(a$Chisq), Df=unname(a[["Df"]]), p=unname(a[["Pr(>Chisq)"]]))
}
if (run("anova")) wr(list(tab("cbpp", cb0, cb1, cbpp, binomial), tab("bernoulli", b0, b1, bern, binomial),
        tab("poisson", "count ~ 1 + offset(log(exposure)) + (1 | clinic)", "count ~ z + offset(log(exposure)) + (1 | clinic)", pois, poisson)),
   "anova.json")

## 2. PBmodcomp (simulated under the smaller model; both refitted)
if (run("pbmodcomp")) {
m0 <- fit(cb0, cbpp, binomial); m1 <- fit(cb1, cbpp, binomial)
t0 <- proc.time()
pb <- PBmodcomp(m1, m0, nsim=1000, seed=20261202)
s <- summary(pb)$test
ref <- pb$ref
wr(list(name="cbpp", small=cb0, large=cb1, nsim=1000, LRT=s["LRT", "stat"], df=s["LRT", "df"], p_LRT=s["LRT", "p.value"],
        p_PB=s["PBtest", "p.value"], ref_used=sum(ref > 0), ref_mean=mean(ref[ref > 0]), ref_var=var(ref[ref > 0]),
        ref_quantiles=unname(quantile(ref[ref > 0], c(0.5, 0.9, 0.95, 0.99))), seconds=(proc.time() - t0)[["elapsed"]]),
   "pbmodcomp_cbpp.json")
}

## 3. bootMer: parametric bootstrap (use.u = FALSE) of cbpp and of the Poisson model with an offset
boot <- function(name, f, d, fam, nsim) {
  m <- fit(f, d, fam)
  vc <- function(mm) {
    v <- as.data.frame(VarCorr(mm))
    c(setNames(v$sdcor, ifelse(is.na(v$var2), paste0("sd_", v$var1, "|", v$grp), paste0("cor_", v$var2, ".", v$var1, "|", v$grp))),
      fixef(mm))
  }
  t0 <- proc.time()
  b <- bootMer(m, vc, nsim=nsim, seed=20261202, type="parametric", use.u=FALSE)
  secs <- (proc.time() - t0)[["elapsed"]]
  t <- b$t; ok <- stats::complete.cases(t)
  t <- t[ok, , drop=FALSE]
  list(name=name, formula=f, nsim=nsim, used=nrow(t), seconds=secs, names=colnames(t), estimate=unname(b$t0),
       mean=unname(colMeans(t)), sd=unname(apply(t, 2, sd)),
       q025=unname(apply(t, 2, quantile, 0.025)), q975=unname(apply(t, 2, quantile, 0.975)),
       singular=mean(apply(t, 1, function(r) any(abs(r[grepl("^sd_", names(r))]) < 1e-4))))
}
if (run("boot")) {
wr(boot("cbpp", cb1, cbpp, binomial, 2000), "boot_cbpp.json")
wr(boot("poisson_offset", "count ~ z + offset(log(exposure)) + (1 | clinic)", pois, poisson, 2000), "boot_poisson.json")
}

## 4. predict.merMod: link and response scales, with and without the random effects, a new level (allow.new.levels)
pr <- function(name, f, d, fam, nd) {
  m <- fit(f, d, fam)
  out <- list(name=name, formula=f)
  for (type in c("link", "response")) {
    out[[paste0(type, "_full")]] <- unname(predict(m, newdata=nd, type=type, allow.new.levels=TRUE))
    out[[paste0(type, "_NA")]] <- unname(predict(m, newdata=nd, type=type, re.form=NA))
  }
  out$fitted_link <- unname(head(predict(m, type="link"), 10))
  out$fitted_response <- unname(head(predict(m, type="response"), 10))
  out
}
if (run("predict")) {
nd_cbpp <- data.frame(herd=c("1", "7", "15", "new"), period=c("1", "2", "4", "3"))
write.csv(nd_cbpp, "newdata_cbpp.csv", row.names=FALSE)
nd_bern <- data.frame(g=c("g01", "g40", "gnew", "g80"), x=c(-1.5, 0, 0.7, 2), tr=c("a", "b", "a", "b"))
write.csv(nd_bern, "newdata_bernoulli.csv", row.names=FALSE)
nd_pois <- data.frame(clinic=c("c01", "c20", "cnew"), z=c(0.1, 0.5, 0.9), exposure=c(1, 2.5, 4))
write.csv(nd_pois, "newdata_poisson.csv", row.names=FALSE)
wr(list(pr("cbpp", cb1, cbpp, binomial, nd_cbpp), pr("bernoulli", b1, bern, binomial, nd_bern),
        pr("poisson", "count ~ z + offset(log(exposure)) + (1 | clinic)", pois, poisson, nd_pois)), "predict.json")
}

## 5. confint(profile) of cbpp (lme4's default profile of the Laplace deviance)
if (run("confint")) {
m <- fit(cb1, cbpp, binomial)
ci <- confint(m, method="profile", oldNames=FALSE)
wr(list(name="cbpp", formula=cb1, names=rownames(ci), lower=unname(ci[, 1]), upper=unname(ci[, 2])), "confint_cbpp.json")
}

## 6. confint(profile) of a vector term: the Bernoulli random slope (.sig01 sd, .sig02 correlation, .sig03 sd)
if (run("confint_vector")) {
m <- fit(b1, bern, binomial)
ci <- confint(m, method="profile", oldNames=FALSE)
wr(list(name="bernoulli_slope", formula=b1, names=rownames(ci), lower=unname(ci[, 1]), upper=unname(ci[, 2])), "confint_bernoulli_slope.json")
}
