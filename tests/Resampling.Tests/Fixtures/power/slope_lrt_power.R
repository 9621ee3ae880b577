# Brute-force reference for the power of the random-slope likelihood-ratio test (tests/.../Power/SlopeLrtPowerTests.cs):
# simulate from a (1 + x | g) model with given parameters, refit with and without the slope by ML (lme4), and refer
# the LRT to the 1/2 chi2(1) + 1/2 chi2(2) mixture, as `resampling power --test "ranef:x|g" --method lrt` does.
# Run: NSIM=1500 Rscript slope_lrt_power.R (R 4.2.2; the fixture is that run, 93 s of CPU). Writes slope_design.csv
# and slope_lrt_power.csv.
suppressMessages(library(lme4))
set.seed(20261202)
J <- 30; n <- 8
d <- data.frame(g = factor(rep(sprintf("g%02d", 1:J), each = n)), x = round(rnorm(J * n), 3))
beta <- c(10, 1); sd0 <- 1.0; sd1 <- 0.45; rho <- 0.2; sigma <- 1.5
Sigma <- matrix(c(sd0^2, rho * sd0 * sd1, rho * sd0 * sd1, sd1^2), 2)
simulate_y <- function() {
  b <- MASS::mvrnorm(J, c(0, 0), Sigma)
  gi <- as.integer(d$g)
  beta[1] + beta[2] * d$x + b[gi, 1] + b[gi, 2] * d$x + rnorm(J * n, 0, sigma)
}
d$y <- round(simulate_y(), 4)
write.csv(d, "slope_design.csv", row.names = FALSE)
nsim <- as.integer(Sys.getenv("NSIM", "400"))
alpha <- 0.05
reject <- 0; used <- 0
for (i in seq_len(nsim)) {
  d$ysim <- simulate_y()
  full <- try(lmer(ysim ~ x + (1 + x | g), d, REML = FALSE), silent = TRUE)
  red <- try(lmer(ysim ~ x + (1 | g), d, REML = FALSE), silent = TRUE)
  if (inherits(full, "try-error") || inherits(red, "try-error")) next
  chisq <- max(0, as.numeric(2 * (logLik(full) - logLik(red))))
  p <- 0.5 * pchisq(chisq, 1, lower.tail = FALSE) + 0.5 * pchisq(chisq, 2, lower.tail = FALSE)
  used <- used + 1
  if (p < alpha) reject <- reject + 1
}
write.csv(data.frame(nsim = nsim, used = used, rejected = reject, power = reject / used,
                     beta0 = beta[1], beta1 = beta[2], sd0 = sd0, sd1 = sd1, rho = rho, sigma = sigma, alpha = alpha),
          "slope_lrt_power.csv", row.names = FALSE)
