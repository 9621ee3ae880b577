# Reference for ranova --bootstrap on a row that removes the last random term: the mixed model M1 = y ~ x + (1|g)
# against the linear model M0 = y ~ x, by pbkrtest's PBmodcomp machinery (pbkrtest 0.5.2, lme4, R 4.2.2).
# PBmodcomp(lmer, lm) stops at getME(<lm>, "is_REML") in pbkrtest 0.5.2, so this runs its steps as written:
# simulate(sm) (stats' simulate.lm: sd = sqrt(deviance/df.residual), the unbiased sigma), refit the large model by ML to
# each simulated response, refit the lm, ref = 2 (logLik_ML(large) - logLik(lm)); p = (1 + #{ref > T}) / (1 + #{ref > 0}).
# Writes ranova_pb_lm.csv (the data) and ranova_pb_lm.json (T, mean/sd of T*, fraction of T* at 0, p, for nsim draws).
suppressMessages({ library(pbkrtest); library(jsonlite) })
set.seed(20261202)
G <- 40; m <- 6
g <- rep(sprintf("g%02d", 1:G), each = m)
x <- round(rnorm(G * m), 4)
y <- round(2 + 0.5 * x + rep(rnorm(G, sd = 0.4), each = m) + rnorm(G * m), 4)
d <- data.frame(g = g, x = x, y = y)
write.csv(d, "ranova_pb_lm.csv", row.names = FALSE, quote = FALSE)
d <- read.csv("ranova_pb_lm.csv")
lg <- lmer(y ~ x + (1 | g), d, REML = FALSE)
sm <- lm(y ~ x, d)
tobs <- as.numeric(2 * (logLik(lg) - logLik(sm)))
nsim <- 5000
sim <- simulate(sm, nsim = nsim, seed = 1)
ref <- vapply(sim, function(yy) {
  lg2 <- suppressMessages(refit(lg, newresp = yy))
  sm2 <- lm(yy ~ x, d)
  as.numeric(2 * (logLik(lg2, REML = FALSE) - logLik(sm2)))
}, 0)
p <- (1 + sum(ref > tobs)) / (1 + sum(ref > 0))
# At the boundary (θ* = 0) the lmer refit IS the lm and 2 (ℓ1* − ℓ0*) is rounding, ±1e-13: PBtest's ref > 0 counts
# the positive half of that noise as valid. pClean counts only ref > 1e-6, the T* that are not the boundary's zeros.
pClean <- (1 + sum(ref > tobs)) / (1 + sum(ref > 1e-6))
out <- list(
  formula = "y ~ x + (1 | g)", nsim = nsim, tobs = tobs,
  sigmaSimulated = summary(sm)$sigma, sigmaMl = sqrt(sum(residuals(sm)^2) / nrow(d)),
  refMean = mean(ref), refSd = sd(ref), fractionAtZero = mean(ref < 1e-6),
  npos = sum(ref > 0), nposTiny = sum(ref > 0 & ref < 1e-6), nposClean = sum(ref > 1e-6), pPB = p, pClean = pClean,
  refQuantiles = unname(quantile(ref, c(0.5, 0.75, 0.9, 0.95))))
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, pretty = TRUE), "ranova_pb_lm.json")
print(out)
