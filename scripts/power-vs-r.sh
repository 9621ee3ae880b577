#!/usr/bin/env bash
# Side-by-side power curve on the walkthrough's Mod4 (HSB): the power of the cses × SECTOR coefficient (set to -0.5)
# by Satterthwaite's t at 20, 40, 80, 160 and 320 schools, 1,000 simulations each, by `resampling power`, against the
# same loop in R (simulate from the model at the design with lme4's simulate, refit with lmerTest, read the p-value:
# what simr's powerCurve does) run for a few simulations per size and extrapolated to 1,000. Not part of CI.
#   scripts/power-vs-r.sh [simulations for us (default 1000)] [simulations per size for R (default 10)] [threads (default 2)]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000}
NR=${2:-10}
THREADS=${3:-2}
command -v Rscript >/dev/null || { echo "R not found: install R, lme4 and lmerTest" >&2; exit 1; }
dotnet build src/Resampling.Cli -c Release -v q -nologo >/dev/null
CLI="dotnet src/Resampling.Cli/bin/Release/net10.0/resampling.dll"
F4="MATHACH ~ cses + MEANSES + SECTOR + cses*MEANSES + cses*SECTOR + (1 + cses|SCHOOL)"
SIZES=20,40,80,160,320

r_seconds=$(Rscript - "$NR" "$SIZES" <<'REOF'
suppressMessages({ library(lme4); library(lmerTest) })
args <- commandArgs(TRUE); n <- as.integer(args[1]); sizes <- as.integer(strsplit(args[2], ",")[[1]])
hsb <- read.csv("data/hsb12.csv"); hsb$cses <- hsb$SES - hsb$MEANSES
f <- MATHACH ~ cses + MEANSES + SECTOR + cses*MEANSES + cses*SECTOR + (1 + cses|SCHOOL)
m <- lmer(f, data = transform(hsb, SCHOOL = factor(SCHOOL)))
beta <- fixef(m); beta["cses:SECTOR"] <- -0.5
pars <- list(beta = beta, theta = getME(m, "theta"), sigma = sigma(m))
schools <- unique(hsb$SCHOOL)
# simr's extend/subset rule: the first J schools, or every school then copies in turn under new ids.
design <- function(J) {
  parts <- lapply(seq_len(J), function(k) {
    d <- hsb[hsb$SCHOOL == schools[(k - 1) %% length(schools) + 1], ]
    d$SCHOOL <- k; d })
  d <- do.call(rbind, parts); d$SCHOOL <- factor(d$SCHOOL); d
}
set.seed(1)
total <- 0
for (J in sizes) {
  d <- design(J)
  t <- system.time(for (i in seq_len(n)) {
    d$MATHACH <- simulate(f[-2], newdata = d, newparams = pars, family = gaussian)[[1]]
    fit <- lmerTest::lmer(f, data = d)
    p <- summary(fit)$coefficients["cses:SECTOR", "Pr(>|t|)"]
  })
  t <- t[["user.self"]] + t[["sys.self"]] # CPU time: R runs on one core, and CPU time survives a loaded machine
  total <- total + t / n * 1000
  cat(sprintf("R: %d schools: %.3f s CPU per simulation\n", J, t / n), file = stderr())
}
cat(total, "\n")
REOF
)

t0=$(date +%s.%N)
/usr/bin/time -f "ours: %e s wall, %U s user, %S s sys" -o /tmp/power-vs-r.time $CLI power --data data/hsb12.csv --compute "cses = SES - MEANSES" --formula "$F4" --test coef:cses:SECTOR --set "cses:SECTOR=-0.5" \
  --along SCHOOL --sizes "$SIZES" --nsim "$N" --seed 1 --target 0.8 --threads "$THREADS" --format csv
t1=$(date +%s.%N)
cat /tmp/power-vs-r.time
awk -v n="$N" -v a="$t0" -v b="$t1" -v r="$r_seconds" 'BEGIN {
  ours = b - a; rn = r * n / 1000;
  printf "machine: %d cores; load %s\n", '"$(nproc)"', "'"$(cut -d' ' -f1-3 /proc/loadavg)"'";
  printf "power curve, 5 sizes x %d simulations: R (extrapolated CPU time) %.0f s, ours %.1f s (process wall time), ratio %.0f\n", n, rn, ours, rn / ours }'
