#!/usr/bin/env bash
# Quick start 1: install what is missing, build (Release), and print the gap table of the
# bundled sample survey (executives vs customers, and employees vs customers).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target cxgap_gap_table
./build/release/examples/cxgap_gap_table examples/data/sample_survey.csv "$@"
