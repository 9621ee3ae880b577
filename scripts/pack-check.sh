#!/usr/bin/env bash
# Checks the packages as a user gets them (README, "Install"): packs the `resampling` tool (scripts/pack-tool.sh: on
# linux-x64 the NativeAOT build) and the library packages into a temporary folder, installs the tool from it into a
# temporary tool path, runs `resampling --version` and a fit of the walkthrough's Mod4, then builds and runs a tiny
# console program that uses the Resampling.Core package from the same folder, and checks that both print the same REML
# criterion. On linux-x64 it then checks that the installed command is the native executable, that it prints what the
# JIT build prints, and runs the fast suite with the command-line tests starting it (scripts/publish-aot.sh,
# CHECK=tests). Leaves nothing behind. Run by .ci/run.
#
# Offline and exact: the tool is installed from the folder alone (a NuGet.config with only that folder). The consumer
# restores into its own packages folder, Resampling.* from the folder only (package source mapping) and its
# dependencies (MathNet.Numerics, Sep) from the global packages folder, which the solution's own restore has filled.
# So neither a package of the same name elsewhere nor a copy of an earlier pack of the same version can be taken.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
feed="$work/feed"

scripts/pack-tool.sh "$feed" > /dev/null
dotnet pack src/Resampling -c Release -o "$feed" --nologo -v quiet
dotnet pack src/Resampling.Figures -c Release -o "$feed" --nologo -v quiet
version=$(dotnet msbuild src/Resampling -getProperty:Version)

cat > "$work/NuGet.config" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$feed" />
  </packageSources>
</configuration>
EOF

dotnet tool install --tool-path "$work/tools" --configfile "$work/NuGet.config" resampling --version "$version" > /dev/null
tool="$work/tools/resampling"
printed=$("$tool" --version)
[[ "$printed" == "$version"* ]] || { echo "pack-check: resampling --version printed '$printed', expected $version" >&2; exit 1; }
native=0
if [[ "$(uname -s)-$(uname -m)" == Linux-x86_64 ]]; then
  # On linux-x64 the installed command is the NativeAOT executable itself: no .NET runtime beside it.
  dir=$(dirname "$(readlink -f "$tool")")
  [[ -x "$dir/resampling" && ! -e "$dir/libcoreclr.so" && ! -e "$dir/resampling.dll" ]] \
    || { echo "pack-check: the linux-x64 tool installed from $dir is not the NativeAOT build" >&2; exit 1; }
  [[ ! -e "$dir/resampling.dbg" ]] || { echo "pack-check: the native symbols were packed" >&2; exit 1; }
  native=1
fi
tool_reml=$("$tool" fit --data "$repo/data/hsb12.csv" --compute "cses = SES - MEANSES" \
  --formula "MATHACH ~ cses + MEANSES + SECTOR + cses*MEANSES + cses*SECTOR + (1 + cses|SCHOOL)" | grep "REML criterion")

# The consumer: a console project outside the repository (so that the repository's Directory.*.props do not apply).
mkdir "$work/consumer"
cache=$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')
cat > "$work/consumer/NuGet.config" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$feed" />
    <add key="cache" value="$cache" />
  </packageSources>
  <packageSourceMapping>
    <packageSource key="local"><package pattern="Resampling.*" /></packageSource>
    <packageSource key="cache"><package pattern="*" /></packageSource>
  </packageSourceMapping>
</configuration>
EOF
cat > "$work/consumer/Consumer.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Resampling.Core" Version="$version" />
  </ItemGroup>
</Project>
EOF
# Its Program.cs is the README's own (the block after "this `Program.cs`, then"), so that the README cannot drift.
readme_block() { awk -v marker="$1" 'index($0, marker) { found = 1 } found && /^```csharp/ { inside = 1; next }
  inside && /^```/ { exit } inside { print }' README.md; }
readme_block 'this `Program.cs`, then' > "$work/consumer/Program.cs"
[[ -s "$work/consumer/Program.cs" ]] || { echo "pack-check: no Program.cs block in README's Install section" >&2; exit 1; }
# The consumer's build must not see the repository's global.json: it is in a temporary folder, as a user's would be.
(cd "$work/consumer" && NUGET_PACKAGES="$work/packages" dotnet build -c Release --nologo -v quiet -o "$work/consumer/out" > "$work/consumer.log" 2>&1) \
  || { cat "$work/consumer.log" >&2; echo "pack-check: the library consumer did not build" >&2; exit 1; }
consumer_reml=$(dotnet "$work/consumer/out/Consumer.dll" "$repo/data/hsb12.csv" | grep "REML criterion")
[[ -n "$tool_reml" && "$tool_reml" == "$consumer_reml" ]] \
  || { echo "pack-check: tool says '$tool_reml', library package says '$consumer_reml'" >&2; exit 1; }
# The README's "From C#" snippet compiles and runs against the package too (it reads data/hsb12.csv from the clone).
readme_block '## From C#' > "$work/consumer/Program.cs"
(cd "$work/consumer" && NUGET_PACKAGES="$work/packages" dotnet build -c Release --nologo -v quiet -o "$work/consumer/out" > "$work/consumer.log" 2>&1) \
  || { cat "$work/consumer.log" >&2; echo "pack-check: README's From C# snippet did not build" >&2; exit 1; }
dotnet "$work/consumer/out/Consumer.dll" > /dev/null

if [[ $native == 1 ]]; then
  # The native tool prints what the JIT build prints, digit for digit, and passes the fast suite's command-line tests
  # (CliRunner starts RESAMPLING_CLI instead of `dotnet resampling.dll`): scripts/publish-aot.sh's checks.
  BUILD=0 CHECK=tests scripts/publish-aot.sh "$dir"
fi

echo "pack-check: resampling $printed installed from $(ls "$feed" | tr '\n' ' ')"
echo "pack-check: tool and Resampling.Core package agree: $tool_reml"
