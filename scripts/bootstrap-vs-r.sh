#!/usr/bin/env bash
# Side-by-side bootstrap throughput on the walkthrough's Mod4 (HSB): lme4's bootMer and pbkrtest's PBmodcomp against
# `resampling boot` and `resampling pbmodcomp`, printing replicates/s and the ratio. Not part of CI.
#   scripts/bootstrap-vs-r.sh [replicates for us (default 2000)] [replicates for R (default 200)]
#   INSTALL_R=1 scripts/bootstrap-vs-r.sh   # first installs R and the packages from Debian (needs root)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-2000}
NR=${2:-200}
if [[ "${INSTALL_R:-0}" == 1 ]]; then
  apt-get update
  apt-get install -y --no-install-recommends r-base-core r-cran-lme4 r-cran-pbkrtest r-cran-jsonlite
fi
command -v Rscript >/dev/null || { echo "R not found: run with INSTALL_R=1 (Debian) or install R, lme4 and pbkrtest" >&2; exit 1; }
dotnet build src/Resampling.Cli -c Release -v q -nologo >/dev/null
CLI="dotnet src/Resampling.Cli/bin/Release/net10.0/resampling.dll"
F4="MATHACH ~ cses + MEANSES + SECTOR + cses*MEANSES + cses*SECTOR + (1 + cses|SCHOOL)"
F5="MATHACH ~ cses + MEANSES + SECTOR + cses*MEANSES + cses*SECTOR + (1|SCHOOL)"

rates=$(Rscript - "$NR" <<'REOF'
suppressMessages({ library(lme4); library(pbkrtest) })
n <- as.integer(commandArgs(TRUE)[1])
hsb <- read.csv("data/hsb12.csv"); hsb$cses <- hsb$SES - hsb$MEANSES; hsb$SCHOOL <- factor(hsb$SCHOOL)
m4 <- lmer(MATHACH ~ cses + MEANSES + SECTOR + cses*MEANSES + cses*SECTOR + (1 + cses|SCHOOL), data = hsb)
m5 <- lmer(MATHACH ~ cses + MEANSES + SECTOR + cses*MEANSES + cses*SECTOR + (1|SCHOOL), data = hsb)
t1 <- system.time(bootMer(m4, function(m) c(getME(m, "theta"), sigma(m), fixef(m)), nsim = n, seed = 1))[["elapsed"]]
t2 <- system.time(PBmodcomp(m4, m5, nsim = n, seed = 1))[["elapsed"]]
cat(n / t1, n / t2, "\n")
REOF
)
read -r r_boot r_pb <<<"$rates"

t0=$(date +%s.%N); $CLI boot --data data/hsb12.csv --compute "cses = SES - MEANSES" --formula "$F4" --replicates "$N" --seed 1 --format json >/dev/null; t1=$(date +%s.%N)
$CLI pbmodcomp --data data/hsb12.csv --compute "cses = SES - MEANSES" --formula "$F5" --formula "$F4" --replicates "$N" --seed 1 >/dev/null; t2=$(date +%s.%N)
awk -v n="$N" -v a="$t0" -v b="$t1" -v c="$t2" -v rb="$r_boot" -v rp="$r_pb" 'BEGIN {
  ob = n / (b - a); op = n / (c - b);
  printf "machine: %d cores (process wall time, data loading and fit included)\n", '"$(nproc)"';
  printf "%-22s %12s %12s %8s\n", "", "R (rep/s)", "ours (rep/s)", "ratio";
  printf "%-22s %12.1f %12.1f %8.1f\n", "bootMer / boot", rb, ob, ob / rb;
  printf "%-22s %12.1f %12.1f %8.1f\n", "PBmodcomp / pbmodcomp", rp, op, op / rp }'
