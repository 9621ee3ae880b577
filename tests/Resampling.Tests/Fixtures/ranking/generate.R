# Reference values for the ranking module (tests/Resampling.Tests/Ranking). Run from this folder:
#   Rscript generate.R
# Needs lme4 and jsonlite. Writes prediction_errors.json and confidence_sets.json.
suppressPackageStartupMessages({ library(lme4); library(jsonlite) })

## 1. Prediction-error covariance of the conditional modes, including the uncertainty of beta-hat, computed densely:
##    sigma^2 * Lambda [A^-1]_uu Lambda' with A = [Lambda'Z'Z Lambda + I, Lambda'Z'X; X'Z Lambda, X'X] (Henderson).
hsb <- read.csv("../lme4/hsb12.csv")
hsb$cses <- hsb$SES - hsb$MEANSES
hsb$SCHOOL <- factor(hsb$SCHOOL)
pev <- function(m, g_b, g_beta) {
  Lt <- getME(m, "Lambdat"); Zt <- getME(m, "Zt"); X <- getME(m, "X")
  LZ <- Lt %*% Zt
  q <- nrow(Lt); p <- ncol(X)
  A <- rbind(cbind(as.matrix(tcrossprod(LZ)) + diag(q), as.matrix(LZ %*% X)),
             cbind(t(as.matrix(LZ %*% X)), crossprod(X)))
  # functionals on (u, beta): g_u = Lambda' g_b
  G <- rbind(as.matrix(Lt %*% g_b), g_beta)
  sigma(m)^2 * t(G) %*% solve(A, G)
}
mod5 <- lmer(MATHACH ~ cses + MEANSES + SECTOR + cses*MEANSES + cses*SECTOR + (1|SCHOOL), data = hsb)
mod4 <- lmer(MATHACH ~ cses + MEANSES + SECTOR + cses*MEANSES + cses*SECTOR + (1 + cses|SCHOOL), data = hsb)
J <- nlevels(hsb$SCHOOL)
# Mod5 random intercepts: g_b = identity, no beta part.
V5 <- pev(mod5, diag(J), matrix(0, 6, J))
# Mod5 predicted value at cses = 0.5, MEANSES = 0.1, SECTOR = 1 for each school: x0'beta + b_j.
x0 <- c(1, 0.5, 0.1, 1, 0.5 * 0.1, 0.5 * 1)
V5p <- pev(mod5, diag(J), matrix(x0, 6, J))
# Mod4 cses slopes: b is (intercept, slope) per school, interleaved.
Gs <- matrix(0, 2 * J, J); Gs[cbind(2 * seq_len(J), seq_len(J))] <- 1
V4s <- pev(mod4, Gs, matrix(0, 6, J))
cv5 <- as.data.frame(ranef(mod5, condVar = TRUE))
out <- list(
  mod5_levels = levels(hsb$SCHOOL),
  mod5_intercept_diag = diag(V5),
  mod5_intercept_block20 = V5[1:20, 1:20],
  mod5_condsd = cv5$condsd,
  mod5_profile = list(values = as.list(c(cses = 0.5, MEANSES = 0.1, SECTOR = 1)),
                      estimate = as.vector(x0 %*% fixef(mod5)) + ranef(mod5)$SCHOOL[, 1],
                      diag = diag(V5p), block20 = V5p[1:20, 1:20]),
  mod4_cses_estimate = ranef(mod4)$SCHOOL[, 2],
  mod4_cses_diag = diag(V4s)
)
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, matrix = "rowmajor"), "prediction_errors.json")

## 2. Rank confidence sets (Mogstad, Romano, Shaikh & Wilhelm 2024), written here from the paper's procedure with
##    the simulated errors Z given, so the C# implementation can be run on exactly the same draws. Stepdown: one-sided
##    lower bounds on theta_j - theta_k for both orders of every pair involving the indices, recomputing the max-t
##    quantile over the pairs not yet rejected; single step: symmetric bounds from max |t|.
rank_sets <- function(x, Sigma, Z, coverage = 0.95, stepdown = TRUE, idx = seq_along(x)) {
  p <- length(x)
  D <- outer(x, x, "-")
  S <- sqrt(outer(diag(Sigma), diag(Sigma), "+") - 2 * Sigma)
  act <- matrix(FALSE, p, p); act[idx, ] <- TRUE
  if (stepdown) act[, idx] <- TRUE
  diag(act) <- FALSE
  Lb <- matrix(NA_real_, p, p); Ub <- matrix(NA_real_, p, p)
  repeat {
    pr <- which(act, arr.ind = TRUE)
    Tm <- (Z[, pr[, 1], drop = FALSE] - Z[, pr[, 2], drop = FALSE]) / rep(S[pr], each = nrow(Z))
    stat <- if (stepdown) apply(Tm, 1, max) else apply(abs(Tm), 1, max)
    q <- quantile(stat, coverage, names = FALSE, type = 7)
    Lb[pr] <- D[pr] - S[pr] * q
    Ub[pr] <- if (stepdown) Inf else D[pr] + S[pr] * q
    rej <- Lb[pr] > 0 | Ub[pr] < 0
    if (!stepdown || !any(rej)) break
    act[pr[rej, , drop = FALSE]] <- FALSE
    if (!any(act)) break
  }
  lower <- sapply(idx, function(j) 1 + if (stepdown) sum(Lb[, j] > 0, na.rm = TRUE) else sum(Ub[j, ] < 0, na.rm = TRUE))
  upper <- sapply(idx, function(j) p - sum(Lb[j, ] > 0, na.rm = TRUE))
  list(lower = lower, upper = upper)
}
make_case <- function(name, x, Sigma, R, seed) {
  set.seed(seed)
  E <- matrix(rnorm(R * length(x)), R, length(x))
  Z <- E %*% chol(Sigma)
  res <- list(name = name, x = x, Sigma = Sigma, Z = Z)
  for (sd in c(TRUE, FALSE)) {
    sim <- rank_sets(x, Sigma, Z, stepdown = sd)
    marg <- sapply(seq_along(x), function(j) unlist(rank_sets(x, Sigma, Z, stepdown = sd, idx = j)))
    key <- if (sd) "stepdown" else "singlestep"
    res[[key]] <- list(simLower = sim$lower, simUpper = sim$upper, margLower = marg["lower", ], margUpper = marg["upper", ])
  }
  res
}
set.seed(11)
p1 <- 12
x1 <- sort(rnorm(p1, 0, 1.5), decreasing = TRUE)
s1 <- runif(p1, 0.2, 0.6)
R1 <- 0.3 + 0.7 * diag(p1)
Sigma1 <- diag(s1) %*% R1 %*% diag(s1)
set.seed(12)
p2 <- 40
x2 <- rnorm(p2, 0, 1)
Sigma2 <- diag(runif(p2, 0.02, 0.3))
cases <- list(make_case("correlated12", x1, Sigma1, 1000, 101), make_case("independent40", x2, Sigma2, 500, 102))
writeLines(toJSON(cases, digits = NA, auto_unbox = TRUE, matrix = "rowmajor"), "confidence_sets.json")
