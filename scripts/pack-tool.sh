#!/usr/bin/env bash
# Packs the `resampling` .NET tool into a folder (README, "Install"):
#   scripts/pack-tool.sh [folder (default artifacts)]
# writes resampling.<version>.nupkg (the entry package `dotnet tool install` asks for), resampling.any.<version>.nupkg
# (the portable build, JIT-compiled, for every platform but linux-x64) and resampling.linux-x64.<version>.nupkg.
# On a linux-x64 machine the last is the NativeAOT executable (no .NET runtime, no JIT at start-up; BENCHMARKS.md,
# "Session 8: the tool ships as NativeAOT"), which needs gcc or clang and takes a few minutes to compile; elsewhere it
# stays the self-contained ReadyToRun build, since NativeAOT cannot cross-compile to another operating system.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-artifacts}"
# The entry package, the portable build and a ReadyToRun linux-x64 build.
dotnet pack src/Resampling.Cli -c Release -o "$out" --nologo -v quiet
if [[ "$(uname -s)-$(uname -m)" == Linux-x86_64 ]]; then
  # Replaces the linux-x64 package with the NativeAOT build (ResamplingToolAot in Resampling.Cli.csproj). The
  # compiler defaults to clang as linker; gcc does the same job where clang is absent.
  linker=()
  command -v clang > /dev/null || linker=(-p:CppCompilerAndLinker=gcc)
  dotnet pack src/Resampling.Cli -c Release -r linux-x64 -o "$out" "${linker[@]}" --nologo -v quiet
fi
ls "$out"/resampling.*nupkg
