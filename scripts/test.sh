#!/usr/bin/env bash
# Quick start 2: install what is missing, then build and run the whole test suite three ways:
# C++17 with warnings as errors (dev), C++20 (cxx20), and under AddressSanitizer +
# UndefinedBehaviorSanitizer (asan). Each includes the install/find_package/pkg-config consumers.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
jobs=$(nproc 2>/dev/null || echo 2)
for preset in ${CXGAP_PRESETS:-dev cxx20 asan}; do
  echo "== cxgap: $preset =="
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$jobs"
  ctest --preset "$preset" -j "$jobs"
done
