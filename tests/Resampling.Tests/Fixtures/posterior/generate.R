# Reference values for ConvergenceDiagnostics: R's posterior package (1.4.0) on simulated chains.
# Run from this folder: Rscript generate.R  (writes chains.csv and diagnostics.json)
suppressMessages({ library(posterior); library(jsonlite) })
set.seed(20240501)
nchains <- 4; n <- 501  # odd length: exercises dropping the middle draw when splitting
ar1 <- function(phi, shift = 0) as.numeric(arima.sim(list(ar = phi), n)) + shift
sets <- list(
  iid = sapply(1:nchains, function(c) rnorm(n)),
  ar07 = sapply(1:nchains, function(c) ar1(0.7)),
  ar095 = sapply(1:nchains, function(c) ar1(0.95)),
  shifted = sapply(1:nchains, function(c) ar1(0.5, shift = c(0, 0, 0, 0.8)[c])),
  skewed = sapply(1:nchains, function(c) exp(ar1(0.6))),
  antithetic = sapply(1:nchains, function(c) ar1(-0.6)),
  ties = sapply(1:nchains, function(c) round(ar1(0.3), 1))
)
long <- do.call(cbind, lapply(names(sets), function(k) as.vector(sets[[k]])))  # chain-major
colnames(long) <- names(sets)
write.csv(long, "chains.csv", row.names = FALSE)
# Diagnose the values as written (15 significant digits), so the test sees exactly the draws R saw: folding at the
# median makes exact ties whose resolution depends on the last bit.
back <- read.csv("chains.csv")
sets <- lapply(setNames(names(sets), names(sets)), function(k) matrix(back[[k]], ncol = nchains))
out <- lapply(sets, function(m) list(
  rhat = rhat(m), ess_bulk = ess_bulk(m), ess_tail = ess_tail(m),
  rhat_basic = rhat_basic(m), ess_basic = ess_basic(m)))
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, pretty = TRUE), "diagnostics.json")
