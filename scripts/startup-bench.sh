#!/usr/bin/env bash
# Cold start as users run it: wall and CPU (user + sys) time of `resampling fit` on the walkthrough's Mod4, through
# the installed .NET tool, `dotnet <dll>` of the Release build, and `dotnet run`, alternating the three in each round
# so that a change of machine load hits all of them alike. Prints every run, the medians and the load average.
# Not part of CI. Usage: scripts/startup-bench.sh [rounds (default 7)]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-7}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

dotnet build src/Resampling.Cli -c Release --nologo -v quiet > /dev/null
dotnet pack src/Resampling.Cli -c Release -o "$work/feed" --nologo -v quiet > /dev/null
printf '<configuration><packageSources><clear /><add key="local" value="%s" /></packageSources></configuration>\n' \
  "$work/feed" > "$work/NuGet.config"
dotnet tool install --tool-path "$work/tools" --configfile "$work/NuGet.config" resampling > /dev/null

fit=(fit --data data/hsb12.csv --compute "cses = SES - MEANSES"
  --formula "MATHACH ~ cses + MEANSES + SECTOR + cses*MEANSES + cses*SECTOR + (1 + cses|SCHOOL)")
declare -A cmds=(
  [tool]="$work/tools/resampling"
  [dll]="dotnet src/Resampling.Cli/bin/Release/net10.0/resampling.dll"
  [run]="dotnet run -c Release --project src/Resampling.Cli --"
)
order=(tool dll run)
# shellcheck disable=SC2086
for name in "${order[@]}"; do ${cmds[$name]} "${fit[@]}" > /dev/null 2>&1 || true; done  # warm the disk cache

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((r = 1; r <= rounds; r++)); do
  line="round $r:"
  for name in "${order[@]}"; do
    # shellcheck disable=SC2086
    /usr/bin/time -f "%e %U %S" -o "$work/t" ${cmds[$name]} "${fit[@]}" > /dev/null
    read -r wall user sys < "$work/t"
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
    echo "$name $wall $cpu" >> "$work/all"
    line+="  $name ${wall}s (cpu ${cpu}s)"
  done
  echo "$line"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
for name in "${order[@]}"; do
  echo "$name: median wall $(awk -v n="$name" '$1 == n { print $2 }' "$work/all" | median) s," \
    "median cpu $(awk -v n="$name" '$1 == n { print $3 }' "$work/all" | median) s"
done
