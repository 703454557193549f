#!/usr/bin/env bash
# Quick start 2: install what is missing, then build and test cxgap three ways:
#   dev    C++17, -Werror: the whole test suite, the benchmarks (built), the install /
#          find_package / add_subdirectory / pkg-config consumers and per-header checks;
#   cxx20  C++20 at -O2, -Werror: the library, the command-line tool and examples (built
#          only; the tests run in C++20 under the next preset);
#   asan   C++20, AddressSanitizer + UndefinedBehaviorSanitizer: the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
jobs=$(nproc 2>/dev/null || echo 2)
for preset in ${CXGAP_PRESETS:-dev cxx20 asan}; do
  echo "== cxgap: $preset =="
  start=$SECONDS
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$jobs"
  if [ "$preset" != cxx20 ]; then
    ctest --preset "$preset" -j "$jobs"
  fi
  echo "== cxgap: $preset done in $((SECONDS - start)) s =="
done
