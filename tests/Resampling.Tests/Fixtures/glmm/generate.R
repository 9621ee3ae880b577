# Reference values for generalised linear mixed models (lme4's glmer), from R 4.2.2 and lme4 1.1-31.
# Run in this folder: Rscript generate.R  (writes the CSVs and *.json here)
# Debian: apt-get install r-base-core r-cran-lme4 r-cran-jsonlite
suppressMessages({library(lme4); library(jsonlite)})
# glmer's two stages (nAGQ = 0, then nAGQ = 1 or more) with tighter tolerances, so that the references are the
# optimum itself rather than where the optimiser stopped: bobyqa to rhoend 1e-10, and PIRLS to tolPwrss 1e-13.
# (At glmer's default tolPwrss = 1e-7, its PIRLS stops while u still moves by ~1e-3 and log det L is taken at the
# previous iterate's weights: its deviance function is then off the exact Laplace value by up to ~3e-6 relative on
# these data; docs/glmm.md.)
ctrl <- glmerControl(optimizer=c("bobyqa", "bobyqa"), optCtrl=list(rhoend=1e-10, maxfun=1e5), tolPwrss=1e-13)
cbpp <- lme4::cbpp; cbpp$herd <- as.character(cbpp$herd); cbpp$period <- as.character(cbpp$period)
write.csv(cbpp, "cbpp.csv", row.names=FALSE)
gt <- lme4::grouseticks
gt <- data.frame(INDEX=as.character(gt$INDEX), TICKS=gt$TICKS, BROOD=as.character(gt$BROOD), HEIGHT=gt$HEIGHT,
                 YEAR=as.character(gt$YEAR), LOCATION=as.character(gt$LOCATION))
write.csv(gt, "grouseticks.csv", row.names=FALSE)
# A Bernoulli response with a random intercept and slope: 80 groups of 15 to 25 rows.
set.seed(20261202)
ng <- 80; sizes <- sample(15:25, ng, replace=TRUE)
g <- rep(sprintf("g%02d", seq_len(ng)), sizes); x <- round(rnorm(length(g)), 3)
b0 <- rnorm(ng, 0, 0.8); b1 <- rnorm(ng, 0, 0.7); gi <- rep(seq_len(ng), sizes)
tr <- rep(c("a", "b"), length.out=length(g))
eta <- -0.3 + 0.7 * x + 0.4 * (tr == "b") + b0[gi] + b1[gi] * x
bern <- data.frame(g=g, x=x, tr=tr, y=rbinom(length(g), 1, plogis(eta)))
write.csv(bern, "bernoulli_slope.csv", row.names=FALSE)
# Poisson counts with an exposure offset: 40 clinics, 5 to 12 periods each.
set.seed(161)
nc <- 40; m <- sample(5:12, nc, replace=TRUE); cl <- rep(sprintf("c%02d", seq_len(nc)), m)
exposure <- round(runif(length(cl), 0.5, 4), 2); z <- round(runif(length(cl)), 3)
u <- rnorm(nc, 0, 0.5)[rep(seq_len(nc), m)]
pois <- data.frame(clinic=cl, z=z, exposure=exposure, count=rpois(length(cl), exposure * exp(0.2 + 0.8 * z + u)))
write.csv(pois, "poisson_offset.csv", row.names=FALSE)

one <- function(name, data, formula, family, nAGQ=1L) {
  fam <- if (is.function(family)) family() else family
  m <- glmer(as.formula(formula), data=data, family=fam, nAGQ=nAGQ, control=ctrl)
  co <- coef(summary(m)); vc <- as.data.frame(VarCorr(m))
  dd <- update(m, devFunOnly=TRUE)
  # glmer at its default tolerances, for comparison (docs/glmm.md)
  m0 <- glmer(as.formula(formula), data=data, family=fam, nAGQ=nAGQ)
  p <- unname(c(getME(m, "theta"), fixef(m)))
  # The deviance function at the optimum and at a point away from it, so the objective is checked apart from the optimiser.
  away <- p + 0.1 * seq_along(p) / length(p)
  re <- ranef(m, condVar=TRUE)
  out <- list(name=name, formula=formula, family=fam$family, link=fam$link, nAGQ=nAGQ, nobs=nobs(m),
    deviance=as.numeric(-2*logLik(m)), logLik=as.numeric(logLik(m)), AIC=AIC(m), BIC=BIC(m), df_resid=df.residual(m),
    theta=unname(getME(m, "theta")), beta=setNames(as.list(fixef(m)), names(fixef(m))),
    se=setNames(as.list(co[, "Std. Error"]), rownames(co)), z=unname(co[, "z value"]), p=unname(co[, "Pr(>|z|)"]),
    vcov=unname(as.matrix(vcov(m))),
    varcomp=lapply(seq_len(nrow(vc)), function(i) list(grp=vc$grp[i], var1=vc$var1[i], var2=vc$var2[i], vcov=vc$vcov[i], sdcor=vc$sdcor[i])),
    scaled_resid_quantiles=unname(quantile(residuals(m, type="pearson"))),
    devfun_at=list(list(par=p, value=dd(p)), list(par=away, value=dd(away))),
    ranef=lapply(names(re), function(n) list(grp=n, levels=rownames(re[[n]]), modes=unname(as.matrix(re[[n]])),
      condvar=lapply(seq_len(nrow(re[[n]])), function(i) unname(attr(re[[n]], "postVar")[, , i])))),
    fitted_head=unname(head(fitted(m), 10)),
    default_tolerance=list(deviance=as.numeric(-2*logLik(m0)), beta=unname(fixef(m0)), theta=unname(getME(m0, "theta"))))
  write(toJSON(out, digits=NA, auto_unbox=TRUE, pretty=TRUE, matrix="rowmajor"), paste0(name, ".json"))
  m
}
one("cbpp_laplace", cbpp, "cbind(incidence, size - incidence) ~ period + (1|herd)", binomial)
one("cbpp_agq25", cbpp, "cbind(incidence, size - incidence) ~ period + (1|herd)", binomial, 25L)
one("cbpp_probit", cbpp, "cbind(incidence, size - incidence) ~ period + (1|herd)", binomial(link="probit"))
one("grouseticks", gt, "TICKS ~ YEAR + scale(HEIGHT) + (1|BROOD) + (1|INDEX) + (1|LOCATION)", poisson)
one("bernoulli_slope", bern, "y ~ x + tr + (1 + x|g)", binomial)
one("bernoulli_cloglog", bern, "y ~ x + tr + (1|g)", binomial(link="cloglog"))
one("poisson_offset", pois, "count ~ z + offset(log(exposure)) + (1|clinic)", poisson)
one("poisson_offset_agq9", pois, "count ~ z + offset(log(exposure)) + (1|clinic)", poisson, 9L)
