#!/usr/bin/env bash
# Quick start 1: install what is missing, build (Release), and run the main job: `cxgap report`
# on the bundled sample survey — executives vs customers and employees vs customers on every
# matched item — printing the gap table and writing the gap chart to sample_chart.svg.
# Extra arguments are passed to `cxgap report` (e.g. --format json).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target cxgap_cli
./build/release/cli/cxgap report examples/data/sample_survey.csv \
  --schema examples/data/sample_schema.json \
  --compare executive:customer --compare employee:customer \
  --chart sample_chart.svg "$@"
echo "chart written to sample_chart.svg" >&2
