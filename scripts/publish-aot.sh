#!/usr/bin/env bash
# The `resampling` command as one NativeAOT executable for linux-x64 (no .NET runtime needed to run it, no JIT at
# start-up: BENCHMARKS.md, "Start-up, second pass"), and a check that it prints what the JIT build prints.
#   scripts/publish-aot.sh [output folder (default out/aot/linux-x64)]
#   CHECK=0 scripts/publish-aot.sh    # build only
#   CHECK=tests scripts/publish-aot.sh # also the fast suite, its command-line tests against the binary (RESAMPLING_CLI)
#   BUILD=0 scripts/publish-aot.sh DIR # check a binary built before, in DIR
#
# Built for x86-64-v3 (AVX2, FMA, BMI; Intel Haswell 2013 / AMD Excavator 2015 and later): then Vector<T> has the
# width the JIT gives it on those processors, and the results equal the JIT build's digit for digit. For the x86-64
# baseline the vector kernels would take 16-byte vectors and the last printed digit can differ (Satterthwaite df
# 139.3128 against 139.3127, measured 2026-12-02). On a processor without AVX2 the runtime's start-up check refuses
# to run it (not tried here: every machine at hand has AVX2); such machines use the portable tool.
# Needs a C toolchain (gcc or clang, and zlib's headers); the native compile took 7-20 minutes on 2 shared cores at a
# load average of 40-80. The shipped linux-x64 tool package is this build (scripts/pack-tool.sh); CI's pack check runs
# this script's checks (BUILD=0 CHECK=tests) on the tool it installed.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-out/aot/linux-x64}"
linker=()
command -v clang > /dev/null || linker=(-p:CppCompilerAndLinker=gcc)
if [[ "${BUILD:-1}" != 0 ]]; then
  dotnet publish src/Resampling.Cli -c Release -r linux-x64 -p:PublishAot=true "${linker[@]}" -o "$out" --nologo -v quiet
fi
echo "built $out/resampling ($(du -h "$out/resampling" | cut -f1))"
[[ "${CHECK:-1}" == 0 ]] && exit 0

# Same output as the JIT build (`dotnet resampling.dll`): a fit with Satterthwaite df in JSON (every digit of the
# doubles), the text summary, and a short parametric bootstrap.
dotnet build src/Resampling.Cli -c Release --nologo -v quiet > /dev/null
jit=(dotnet src/Resampling.Cli/bin/Release/net10.0/resampling.dll)
aot=("$out/resampling")
mod4=(--data data/hsb12.csv --compute "cses = SES - MEANSES"
  --formula "MATHACH ~ cses + MEANSES + SECTOR + cses*MEANSES + cses*SECTOR + (1 + cses|SCHOOL)")
ie=(--data tests/Resampling.Tests/Fixtures/scale/insteval.csv --factor s --factor d --factor dept --factor service
  --formula "y ~ service + (1|s) + (1|d) + (1|dept)")
checks=(
  "fit ${mod4[*]@Q} --format json"
  "fit ${mod4[*]@Q} --ddf kenward-roger"
  "boot ${mod4[*]@Q} --replicates 200 --seed 1 --threads 2"
  "fit ${ie[*]@Q} --format json"
)
status=0
for c in "${checks[@]}"; do
  # The JSON's fitMilliseconds is the one line that differs between any two runs.
  a=$(eval "${jit[*]@Q} $c" 2>&1 | grep -v '"fitMilliseconds"') || true
  b=$(eval "${aot[*]@Q} $c" 2>&1 | grep -v '"fitMilliseconds"') || true
  if [[ "$a" == "$b" ]]; then echo "same output: ${c%% *}"; else echo "DIFFERENT output: ${c%% *}" >&2; diff <(echo "$a") <(echo "$b") >&2 || true; status=1; fi
done
if [[ "${CHECK:-1}" == tests ]]; then
  dotnet build tests/Resampling.Tests -c Release --nologo -v quiet > /dev/null
  RESAMPLING_CLI="$(realpath "$out/resampling")" dotnet test tests/Resampling.Tests -c Release --no-build \
    --filter "Category!=Slow" || status=1
fi
exit $status
