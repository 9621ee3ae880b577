#!/usr/bin/env bash
# Benchmark of fits from data split over files (BENCHMARKS.md "Session 5: cluster"): 10 files of 1,000,000 rows
# (y ~ x + (1 + x | g), 1,000 groups), each summarised by `resampling crossproducts`, then fitted together
# (`fit --crossproducts`, the reduce step) from 1, 5 and 10 files, against reading and fitting the 10,000,000 rows whole.
# Times and peak memory from /usr/bin/time. Usage: scripts/crossproducts-bench.sh [WORKDIR] (default /tmp/rxp-bench).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=${1:-/tmp/rxp-bench}
cli=${RESAMPLING:-$here/../src/Resampling.Cli/bin/Release/net10.0/resampling}
formula="y ~ x + (1 + x | g)"
mkdir -p "$dir/parts"
cd "$dir"
for k in $(seq 1 10); do
  [[ -s parts/part$k.csv ]] || awk -v seed=42 -v k="$k" -v n=1000000 -f "$here/crossproducts-bench.awk" > parts/part$k.csv
done
[[ -s whole.csv ]] || { head -n 1 parts/part1.csv; for k in $(seq 1 10); do tail -n +2 parts/part$k.csv; done; } > whole.csv
uptime
for k in $(seq 1 10); do
  /usr/bin/time -f "map part$k: %e s wall, %U s user, %M KB peak" "$cli" crossproducts --data parts/part$k.csv --formula "$formula" --out parts/part$k.rxp --force >/dev/null
done
/usr/bin/time -f "reduce 1 file (1M rows): %e s wall, %U s user, %M KB peak" "$cli" fit --crossproducts parts/part1.rxp --format json > reduce1.json
/usr/bin/time -f "reduce 5 files (5M rows): %e s wall, %U s user, %M KB peak" "$cli" fit --crossproducts parts/part1.rxp,parts/part2.rxp,parts/part3.rxp,parts/part4.rxp,parts/part5.rxp --format json > reduce5.json
/usr/bin/time -f "reduce 10 files (10M rows): %e s wall, %U s user, %M KB peak" "$cli" fit --crossproducts 'parts/*.rxp' --format json > reduce10.json
/usr/bin/time -f "whole file (10M rows): %e s wall, %U s user, %M KB peak" "$cli" fit --data whole.csv --formula "$formula" --format json > whole.json
uptime
python3 - <<'PY'
import json
a, b = json.load(open("whole.json")), json.load(open("reduce10.json"))
print("objective whole %r, from cross-products %r, relative difference %.2g" % (a["objective"], b["objective"], abs(a["objective"] - b["objective"]) / abs(a["objective"])))
PY
