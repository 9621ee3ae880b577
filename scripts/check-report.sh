#!/usr/bin/env bash
# Renders the rank report in a real browser (headless Chromium) and writes a screenshot to look at.
# Not part of CI. Usage:
#   scripts/check-report.sh [--install] [report-folder]
# --install: apt-get install chromium first (Debian's package). Without a folder, a quick report (200 bootstrap
# replicates) is made in a temporary folder. Screenshots: <folder>/screenshot.png (top of the page: paragraph and both
# figures) and <folder>/screenshot-table.png (the table); open them and look. The figures' PNGs are beside them.
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
shoot() { # page, png, height
  local profile
  profile=$(mktemp -d)
  "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$profile" \
    --screenshot="$2" --window-size=1400,"$3" "file://$1" 2>/dev/null || true
  rm -rf "$profile"
  [[ -s "$2" ]] || { echo "error: no screenshot written" >&2; exit 1; }
  echo "screenshot: $2"
}
# 1,400 px wide, as the report promises: the page's top (paragraph, figures), then the table alone (figures hidden in
# a temporary copy, since a headless screenshot shows only the top of the page).
shoot "$html" "$folder/screenshot.png" 1400
table=$(mktemp --suffix=.html)
sed 's|</style>|.figs,p.lead{display:none}</style>|' "$html" > "$table"
shoot "$table" "$folder/screenshot-table.png" 1000
rm -f "$table"
