#!/usr/bin/env bash
# Read time and peak memory per format (1,000,000 rows x 20 columns), and the column subset on 1,000,000 x 200.
# Usage: scripts/read-benchmark/measure.sh [DIR] [RESAMPLING_DLL] [BEFORE_DLL]
#   DIR: where generate.cs and write_haven.R wrote the files (default /tmp/read-benchmark).
#   RESAMPLING_DLL: the CLI to measure (default this checkout's Release build).
#   BEFORE_DLL: optionally a CLI built without column selection, measured on the same fit for comparison.
# `info` reads every column (and summarises each); `fit` reads only the model's. Figures: /usr/bin/time -v.
set -euo pipefail
dir=${1:-/tmp/read-benchmark}
cli=${2:-$(dirname "$0")/../../src/Resampling.Cli/bin/Release/net10.0/resampling.dll}
before=${3:-}
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load: $(cut -d' ' -f1-3 /proc/loadavg)"
measure() { # label, command...
    local label=$1; shift
    local out; out=$( { /usr/bin/time -v "$@" > /dev/null; } 2>&1 ) || { echo "$label: failed: $(echo "$out" | head -1)"; return; }
    local wall user sys rss
    wall=$(echo "$out" | awk -F': ' '/Elapsed \(wall clock\)/ {print $2}')
    user=$(echo "$out" | awk -F': ' '/User time/ {print $2}')
    sys=$(echo "$out" | awk -F': ' '/System time/ {print $2}')
    rss=$(echo "$out" | awk -F': ' '/Maximum resident/ {printf "%.0f", $2 / 1024}')
    printf '%-40s wall %8s  cpu %6.1f s  peak %6s MB\n' "$label" "$wall" "$(echo "$user + $sys" | bc)" "$rss"
}
for f in wide20.csv wide20.parquet wide20.dta wide20.sav wide20.zsav wide20.sas7bdat wide20.xlsx; do
    [ -f "$dir/$f" ] || { echo "$f: missing"; continue; }
    measure "info $f ($(du -m "$dir/$f" | cut -f1) MB)" dotnet "$cli" info --data "$dir/$f"
done
model=(fit --formula "y ~ x1 + x2 + x3 + (1|g)")
# The same fit from each format reads 5 of the 20 columns.
for f in wide20.csv wide20.parquet wide20.dta wide20.sav wide20.zsav wide20.sas7bdat; do
    [ -f "$dir/$f" ] && measure "fit on $f (5 of 20 read)" dotnet "$cli" "${model[@]}" --data "$dir/$f"
done
measure "fit on narrow5.csv (5 columns)" dotnet "$cli" "${model[@]}" --data "$dir/narrow5.csv"
measure "fit on wide200.csv (5 of 200 read)" dotnet "$cli" "${model[@]}" --data "$dir/wide200.csv"
[ -n "$before" ] && measure "fit on wide200.csv, all 200 read (before)" dotnet "$before" "${model[@]}" --data "$dir/wide200.csv"
measure "info wide200.csv (all 200 read)" dotnet "$cli" info --data "$dir/wide200.csv"
