# Reference values for the bootstrap module (tests/Resampling.Tests/Bootstrap).
# Run from this folder: Rscript generate.R   (R 4.2.2, lme4, pbkrtest, jsonlite; takes about 5 minutes)
# Writes boot_mod4.json (lme4 bootMer / confint(method = "boot") on the walkthrough's Mod4) and
# pbmodcomp_mod5_mod4.json (pbkrtest PBmodcomp of Mod5 against Mod4).
suppressMessages({ library(lme4); library(pbkrtest); library(jsonlite) })
hsb <- read.csv("../lme4/hsb12.csv")
hsb$cses <- hsb$SES - hsb$MEANSES
hsb$SCHOOL <- factor(hsb$SCHOOL)
mod4 <- lmer(MATHACH ~ cses + MEANSES + SECTOR + cses*MEANSES + cses*SECTOR + (1 + cses|SCHOOL), data = hsb)
mod5 <- lmer(MATHACH ~ cses + MEANSES + SECTOR + cses*MEANSES + cses*SECTOR + (1|SCHOOL), data = hsb)

nsim <- 2000
# The parameters confint(method = "boot") reports (sd and correlation scale, then sigma and beta), plus variances.
fun <- function(m) {
  vc <- as.data.frame(VarCorr(m))
  c(sd_int = vc$sdcor[1], cor = vc$sdcor[3], sd_cses = vc$sdcor[2], sigma = sigma(m), fixef(m),
    var_int = vc$vcov[1], var_cses = vc$vcov[2])
}
t0 <- proc.time()[3]
bb <- bootMer(mod4, FUN = fun, nsim = nsim, seed = 20240601)
secs <- proc.time()[3] - t0

t <- bb$t
ok <- stats::complete.cases(t)
t <- t[ok, , drop = FALSE]
n <- nrow(t)
# Quantiles at p and at p +/- sqrt(p(1-p)/n): half their spread estimates the Monte Carlo SE of the p-quantile
# (the delta method: SE(q_p) = sqrt(p(1-p)/n) / f(q_p), with f approximated by the finite difference).
probs <- c(0.025, 0.975)
params <- lapply(colnames(t), function(nm) {
  x <- t[, nm]
  q <- sapply(probs, function(p) quantile(x, p, names = FALSE))
  mcse <- sapply(probs, function(p) {
    d <- sqrt(p * (1 - p) / n)
    (quantile(x, p + d, names = FALSE) - quantile(x, p - d, names = FALSE)) / 2
  })
  list(name = nm, estimate = unname(bb$t0[nm]), mean = mean(x), sd = sd(x), q025 = q[1], q975 = q[2],
       mcse025 = mcse[1], mcse975 = mcse[2])
})
# lme4's own percentile intervals from the same draws (boot.ci, type "perc").
cib <- confint(bb, level = 0.95, type = "perc")
write_json(list(model = "Mod4", formula = deparse(formula(mod4), width.cutoff = 500), REML = TRUE, nsim = nsim,
                valid = n, singular = sum(bb$t[, "sd_cses"] < 1e-4 * bb$t[, "sigma"], na.rm = TRUE),
                seconds = unname(secs), replicates_per_second = unname(nsim / secs),
                parameters = params, confint_perc = lapply(rownames(cib), function(r) list(name = r, lower = cib[r, 1], upper = cib[r, 2]))),
           "boot_mod4.json", digits = NA, auto_unbox = TRUE, pretty = TRUE)

npb <- 1000
t0 <- proc.time()[3]
pb <- PBmodcomp(mod4, mod5, nsim = npb, seed = 20240602)
psecs <- proc.time()[3] - t0
s <- summary(pb)
tab <- s$test
write_json(list(large = "Mod4", small = "Mod5", nsim = npb, npos = unname(s$samples["npos"]),
                n_extreme = unname(s$n.extreme), seconds = unname(psecs), replicates_per_second = unname(npb / psecs),
                ref_mean = unname(s$moment["mean"]), ref_var = unname(s$moment["var"]),
                test = lapply(rownames(tab), function(r) list(name = r, stat = tab[r, "stat"], df = tab[r, "df"],
                                                               p_value = tab[r, "p.value"]))),
           "pbmodcomp_mod5_mod4.json", digits = NA, auto_unbox = TRUE, pretty = TRUE, na = "null")
cat("bootMer:", nsim / secs, "replicates/s; PBmodcomp:", npb / psecs, "replicates/s\n")
