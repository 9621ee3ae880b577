#!/usr/bin/env bash
# Side-by-side fit times on the large designs of issue 11: lme4 (default settings, as an analyst runs it) against
# `resampling fit`, each a cold process that reads the data and fits, printing seconds and the ratio. Not part of CI.
#   scripts/scale-vs-lme4.sh            # needs R with lme4 and lmerTest (Debian: r-cran-lme4 r-cran-lmertest)
#   INSTALL_R=1 scripts/scale-vs-lme4.sh
# Models: InstEval (lme4's data, written by tests/Resampling.Tests/Fixtures/scale/generate.R) with two and three
# factors, HSB with nested random slopes, and the synthetic students x teachers x schools design of the benchmarks
# project (Tennessee class-size shape), the last also with Satterthwaite df (lmerTest's summary).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${INSTALL_R:-0}" == 1 ]]; then
  apt-get update
  apt-get install -y --no-install-recommends r-base-core r-cran-lme4 r-cran-lmertest
fi
command -v Rscript >/dev/null || { echo "R not found: run with INSTALL_R=1 (Debian) or install R, lme4 and lmerTest" >&2; exit 1; }
dotnet build benchmarks/Resampling.Benchmarks -c Release -v q -nologo >/dev/null
work=$(mktemp -d)
# Ours as users install it: the NativeAOT executable that the linux-x64 `resampling` tool package ships (built by
# scripts/publish-aot.sh, a few minutes; the plain dll spends about 1 s more per cold process compiling). PLAIN=1 times `dotnet resampling.dll` instead; RESAMPLING_CLI=FILE times that
# executable (the NativeAOT build of scripts/publish-aot.sh).
if [[ -n "${RESAMPLING_CLI:-}" ]]; then
  CLI="$RESAMPLING_CLI"
elif [[ "${PLAIN:-0}" == 1 ]]; then
  dotnet build src/Resampling.Cli -c Release -v q -nologo >/dev/null
  CLI="dotnet src/Resampling.Cli/bin/Release/net10.0/resampling.dll"
else
  CHECK=0 scripts/publish-aot.sh "$work/tool" >/dev/null
  CLI="$work/tool/resampling"
fi
dotnet benchmarks/Resampling.Benchmarks/bin/Release/net10.0/Resampling.Benchmarks.dll synth tennessee "$work/tn.csv" --seed 1 >/dev/null
IE=tests/Resampling.Tests/Fixtures/scale/insteval.csv
IEF=(--factor s --factor d --factor studage --factor lectage --factor service --factor dept)
TNF=(--factor stu --factor tch --factor sch)

# name ; data ; R factor columns ; formula ; ddf (none or satterthwaite)
cases=(
  "insteval-2;$IE;s,d,studage,lectage,service,dept;y ~ service*dept + (1|s) + (1|d);none"
  "insteval-3;$IE;s,d,studage,lectage,service,dept;y ~ service + (1|s) + (1|d) + (1|dept);none"
  "hsb-nested;data/hsb12.csv;;MATHACH ~ SES + (SES|SCHOOL/SECTOR/MINORITY/FEMALE);none"
  "tennessee;$work/tn.csv;stu,tch,sch;score ~ grade + female + freelunch + classtype + (1|stu) + (1|tch) + (1|sch);none"
  "tennessee-df;$work/tn.csv;stu,tch,sch;score ~ grade + female + freelunch + classtype + (1|stu) + (1|tch) + (1|sch);satterthwaite"
)

printf "machine: %d cores, %s; cold processes (data reading included)\n" "$(nproc)" "$(date -u +%F)"
printf "%-14s %10s %10s %8s %16s\n" "model" "lme4 (s)" "ours (s)" "ratio" "objective diff"
for c in "${cases[@]}"; do
  IFS=';' read -r name data rf formula ddf <<<"$c"
  r_out=$(Rscript - "$data" "$rf" "$formula" "$ddf" <<'REOF'
suppressMessages({ library(lme4); library(lmerTest) })
a <- commandArgs(TRUE)
d <- read.csv(a[1])
if (nzchar(a[2])) for (v in strsplit(a[2], ",")[[1]]) d[[v]] <- factor(d[[v]])
t <- system.time({
  m <- if (a[4] == "satterthwaite") lmerTest::lmer(as.formula(a[3]), data = d) else lme4::lmer(as.formula(a[3]), data = d)
  if (a[4] == "satterthwaite") s <- summary(m)
})[["elapsed"]]
cat(t, format(-2 * as.numeric(logLik(m)), digits = 15), "\n")
REOF
)
  read -r r_sec r_obj <<<"$r_out"
  fac=(); [[ "$name" == insteval* ]] && fac=("${IEF[@]}"); [[ "$name" == tennessee* ]] && fac=("${TNF[@]}")
  t0=$(date +%s.%N)
  o_obj=$($CLI fit --data "$data" "${fac[@]}" --formula "$formula" --ddf "$ddf" --format json | grep -o '"objective": *[-0-9.eE+]*' | head -1 | sed 's/.*: *//')
  t1=$(date +%s.%N)
  awk -v n="$name" -v r="$r_sec" -v a="$t0" -v b="$t1" -v ro="$r_obj" -v oo="$o_obj" \
    'BEGIN { o = b - a; printf "%-14s %10.2f %10.2f %8.1f %16.3g\n", n, r, o, r / o, oo - ro }'
done
rm -rf "$work"
