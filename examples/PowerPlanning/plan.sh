#!/usr/bin/env bash
# Planning a follow-up to the walkthrough (HSB, Mod4): how many schools does a new study need to detect
#   1. the cross-level interaction cses × SECTOR (estimated -1.64 in HSB; planned for a smaller -1.0), and
#   2. the random slope of cses across schools (sd 0.32 in HSB), by likelihood ratio,
# with 80% power at alpha 0.05, for 20 to 160 schools of HSB's own sizes and covariate patterns (simr's extend rule).
# and, 3., how many students per school the interaction needs at HSB's 160 schools (simr's within).
# Each run also reports the type I error at the design (--null) and writes a power curve.
#   examples/PowerPlanning/plan.sh [output folder (default out/power-planning)] [simulations (default 1000)]
# Uses the installed `resampling` if on the PATH, else the Release build of this checkout.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${1:-out/power-planning}
NSIM=${2:-1000}
mkdir -p "$OUT"
if command -v resampling >/dev/null; then CLI=resampling
else
  dotnet build src/Resampling.Cli -c Release -v q -nologo >/dev/null
  CLI="dotnet src/Resampling.Cli/bin/Release/net10.0/resampling.dll"
fi
MOD4="MATHACH ~ cses + MEANSES + SECTOR + cses*MEANSES + cses*SECTOR + (1 + cses|SCHOOL)"
COMMON=(--data data/hsb12.csv --compute "cses = SES - MEANSES" --formula "$MOD4" --along SCHOOL --sizes 20,40,60,80,120,160
        --nsim "$NSIM" --seed 2026 --target 0.8 --null)

echo "1. cses x SECTOR at -1.0, Satterthwaite t"
$CLI power "${COMMON[@]}" --test coef:cses:SECTOR --set "cses:SECTOR=-1.0" --plot "$OUT/interaction.png" | tee "$OUT/interaction.txt"

echo
echo "2. the random slope of cses (sd as estimated), likelihood ratio with the chi-square mixture"
$CLI power "${COMMON[@]}" --test "ranef:cses|SCHOOL" --method lrt --plot "$OUT/slope.png" | tee "$OUT/slope.txt"
echo
echo "3. cses x SECTOR at -1.0 against the number of students per school (all 160 schools; simr's within)"
$CLI power --data data/hsb12.csv --compute "cses = SES - MEANSES" --formula "$MOD4" --within SCHOOL --sizes 5,10,20,40 \
  --nsim "$NSIM" --seed 2026 --target 0.8 --null --test coef:cses:SECTOR --set "cses:SECTOR=-1.0" \
  --plot "$OUT/students.png" | tee "$OUT/students.txt"
echo
echo "Written: $OUT/{interaction,slope,students}.{txt,png} (add --format json or csv for scripts)"
