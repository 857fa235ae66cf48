#!/usr/bin/env bash
# Regenerate the main figure shown in the README (cumulative accuracy by turn, 95% bands) from
# one or more run directories, together with the full HTML report it comes from.
#   scripts/main-figure.sh runs/<a> [runs/<b> …]
# FIGURE (default docs/images/main-figure.png) and REPORT (default <FIGURE without .png>.html
# in a temporary directory) choose where the files go. Needs a build: npx tsc -p tsconfig.json
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$#" -eq 0 ]; then
  echo "usage: scripts/main-figure.sh <run-dir> [<run-dir> …]" >&2
  exit 2
fi
figure="${FIGURE:-docs/images/main-figure.png}"
report="${REPORT:-$(mktemp -d)/report.html}"
node dist/src/cli/main.js report "$@" --out "$report" --png "$figure"
