#!/usr/bin/env bash
# Side-by-side GLMM fits (issue 16): lme4's glmer (default settings, as an analyst runs it) against
# `resampling fit --family`, each a cold process that reads the data and fits. Prints, per model, glmer's fit time
# (system.time around glmer: elapsed and CPU), R's whole process (start, lme4 loading, reading, fit), ours as a whole
# process (wall and CPU, start and data reading included), the ratios glmer fit / our process (wall and CPU), the
# relative deviance difference (ours − glmer; negative: ours is lower) and our fit alone (the JSON's
# timing.fitMilliseconds, wall). Not part of CI.
#   scripts/glmm-vs-glmer.sh            # needs R with lme4 (Debian: r-base-core r-cran-lme4)
#   INSTALL_R=1 scripts/glmm-vs-glmer.sh
#   BOOT_N=20 scripts/glmm-vs-glmer.sh  # replicates of the bootMer row (only when `boot --family` exists)
# Models: cbpp (lme4's data, kept in tests/Resampling.Tests/Fixtures/glmm) by Laplace and nAGQ = 25; the benchmarks
# project's `synth bernoulli` (100,000 Bernoulli rows, 1,000 groups, y ~ x + w + (1 + x|g)); `synth crossed`
# (12,000 rows, 300 x 40 crossed factors, y ~ x + (1|a) + (1|b), singular in b).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${INSTALL_R:-0}" == 1 ]]; then
  apt-get update
  apt-get install -y --no-install-recommends r-base-core r-cran-lme4
fi
command -v Rscript >/dev/null || { echo "R not found: run with INSTALL_R=1 (Debian) or install R and lme4" >&2; exit 1; }
dotnet build benchmarks/Resampling.Benchmarks -c Release -v q -nologo >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Ours as users install it: the NativeAOT executable of the linux-x64 `resampling` tool package (scripts/publish-aot.sh,
# a few minutes). PLAIN=1 times `dotnet resampling.dll`; RESAMPLING_CLI=FILE times that executable.
if [[ -n "${RESAMPLING_CLI:-}" ]]; then
  CLI="$RESAMPLING_CLI"
elif [[ "${PLAIN:-0}" == 1 ]]; then
  dotnet build src/Resampling.Cli -c Release -v q -nologo >/dev/null
  CLI="dotnet src/Resampling.Cli/bin/Release/net10.0/resampling.dll"
else
  CHECK=0 scripts/publish-aot.sh "$work/tool" >/dev/null
  CLI="$work/tool/resampling"
fi
SYNTH="dotnet benchmarks/Resampling.Benchmarks/bin/Release/net10.0/Resampling.Benchmarks.dll synth"
$SYNTH bernoulli "$work/bern.csv" --seed 16 >/dev/null
$SYNTH crossed "$work/crossed.csv" --seed 7 >/dev/null
CBPP=tests/Resampling.Tests/Fixtures/glmm/cbpp.csv

# name ; data ; factor columns ; formula ; family ; nAGQ
cases=(
  "cbpp;$CBPP;herd,period;cbind(incidence, size - incidence) ~ period + (1|herd);binomial;1"
  "cbpp-agq25;$CBPP;herd,period;cbind(incidence, size - incidence) ~ period + (1|herd);binomial;25"
  "bernoulli-100k;$work/bern.csv;g;y ~ x + w + (1 + x|g);binomial;1"
  "crossed-300x40;$work/crossed.csv;a,b;y ~ x + (1|a) + (1|b);binomial;1"
)

printf "machine: %d cores, %s, load %s; cold processes (data reading included)\n" "$(nproc)" "$(date -u +%F)" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf "%-15s %9s %9s %9s %9s %9s %9s %7s %7s %12s\n" model "glmer s" "glmer cpu" "R proc s" "R cpu" "ours s" "ours cpu" "ratio" "cpu rat" "dev rel diff"
for c in "${cases[@]}"; do
  IFS=';' read -r name data factors formula family nagq <<<"$c"
  r_out=$(/usr/bin/time -f "%e %U %S" -o "$work/rtime" Rscript - "$data" "$factors" "$formula" "$family" "$nagq" <<'REOF'
suppressMessages(library(lme4))
a <- commandArgs(TRUE)
d <- read.csv(a[1])
for (v in strsplit(a[2], ",")[[1]]) d[[v]] <- factor(d[[v]])
fam <- if (a[4] == "poisson") poisson else binomial
t <- system.time(m <- glmer(as.formula(a[3]), data = d, family = fam, nAGQ = as.integer(a[5])))
cat(t[["elapsed"]], t[["user.self"]] + t[["sys.self"]], format(-2 * as.numeric(logLik(m)), digits = 15), "\n")
REOF
)
  # −2 log-likelihood; for nAGQ > 1 in glmer's deviance-residual form, which ours reports too (docs/glmm.md §4).
  read -r r_sec r_cpu r_dev <<<"$r_out"
  read -r rp_sec rp_user rp_sys <"$work/rtime"
  fac=(); IFS=',' read -ra fl <<<"$factors"; for f in "${fl[@]}"; do fac+=(--factor "$f"); done
  /usr/bin/time -f "%e %U %S" -o "$work/time" $CLI fit --data "$data" "${fac[@]}" --formula "$formula" --family "$family" --nagq "$nagq" --format json >"$work/out.json"
  read -r o_sec o_user o_sys <"$work/time"
  o_dev=$(grep -o '"deviance": *[-0-9.eE+]*' "$work/out.json" | head -1 | sed 's/.*: *//')
  o_fit=$(grep -o '"fitMilliseconds": *[-0-9.eE+]*' "$work/out.json" | head -1 | sed 's/.*: *//')
  awk -v n="$name" -v r="$r_sec" -v rc="$r_cpu" -v rp="$rp_sec" -v rpc="$(awk -v u="$rp_user" -v s="$rp_sys" 'BEGIN{print u+s}')" \
      -v o="$o_sec" -v oc="$(awk -v u="$o_user" -v s="$o_sys" 'BEGIN{print u+s}')" -v of="$o_fit" -v rd="$r_dev" -v od="$o_dev" \
    'BEGIN { printf "%-15s %9.2f %9.2f %9.2f %9.2f %9.2f %9.2f %7.1f %7.1f %12.2e   (our fit alone %.3f s)\n", n, r, rc, rp, rpc, o, oc, r / o, rc / oc, (od - rd) / rd, of / 1000 }'
done

# The parametric bootstrap of the Bernoulli model, when this build has `boot --family` (issue 16): bootMer against
# `boot --family`, seconds per replicate (the fit itself excluded on both sides as far as the timings allow).
if $CLI boot --help 2>/dev/null | grep -q -- '--family'; then
  n=${BOOT_N:-20}
  r_boot=$(Rscript - "$work/bern.csv" "$n" <<'REOF'
suppressMessages(library(lme4))
a <- commandArgs(TRUE)
d <- read.csv(a[1]); d$g <- factor(d$g)
m <- glmer(y ~ x + w + (1 + x|g), data = d, family = binomial)
t <- system.time(b <- bootMer(m, fixef, nsim = as.integer(a[2]), seed = 1, type = "parametric"))
cat(t[["elapsed"]] / as.integer(a[2]), (t[["user.self"]] + t[["sys.self"]]) / as.integer(a[2]), "\n")
REOF
)
  read -r rb_sec rb_cpu <<<"$r_boot"
  /usr/bin/time -f "%e %U %S" -o "$work/btime" $CLI boot --data "$work/bern.csv" --factor g --formula "y ~ x + w + (1 + x|g)" \
    --family binomial --replicates "$n" --seed 1 --format json >/dev/null
  read -r b_sec b_user b_sys <"$work/btime"
  awk -v r="$rb_sec" -v rc="$rb_cpu" -v o="$b_sec" -v oc="$(awk -v u="$b_user" -v s="$b_sys" 'BEGIN{print u+s}')" -v n="$n" \
    'BEGIN { printf "bootstrap, %d replicates of bernoulli-100k: bootMer %.2f s (%.2f s CPU) per replicate; ours %.3f s (%.3f s CPU) per replicate, whole process with the fit; ratio %.0f (CPU %.0f)\n", n, r, rc, o / n, oc / n, r / (o / n), rc / (oc / n) }'
else
  echo "bootstrap row skipped: this build's boot has no --family"
fi
