#!/usr/bin/env bash
# Renders the rank report in a real browser (headless Chromium) and writes a screenshot to look at.
# Not part of CI. Usage:
#   scripts/check-report.sh [--install] [report-folder]
# --install: apt-get install chromium first (Debian's package). Without a folder, a quick report (200 bootstrap
# replicates) is made in a temporary folder. The screenshot is <folder>/screenshot.png; open it and look: both plots
# and the table must show.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${1:-}" == "--install" ]]; then
  shift
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi
browser=$(command -v chromium || command -v chromium-browser || true)
if [[ -z "$browser" ]]; then echo "error: chromium not found (run with --install)" >&2; exit 1; fi
folder="${1:-}"
if [[ -z "$folder" ]]; then
  folder=$(mktemp -d)/report
  dotnet run --project src/Resampling.Cli -c Release -- rank --replicates 200 --out "$folder" > /dev/null
fi
html="$(cd "$folder" && pwd)/rank-report.html"
[[ -f "$html" ]] || { echo "error: $html not found" >&2; exit 1; }
profile=$(mktemp -d)
"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$profile" \
  --screenshot="$folder/screenshot.png" --window-size=1200,3000 "file://$html" 2>/dev/null || true
rm -rf "$profile"
[[ -s "$folder/screenshot.png" ]] || { echo "error: no screenshot written" >&2; exit 1; }
echo "screenshot: $folder/screenshot.png"
