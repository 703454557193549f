#!/usr/bin/env bash
# The side-by-side benchmark in one command: installs the peers (Debian packages, development
# only), builds cxgap (Release) and the panel generator, and runs bench/compare/compare.py on a
# seeded panel of 1e6 respondents x 20 items; then the design-based path (`cxgap report --weight
# --strata --cluster` against R survey's svydesign(ids = ~psu, strata = ~stratum, weights = ~w))
# on the same panel made a stratified cluster sample (`cxgap_make_panel --design`: 8 strata,
# 2,000 PSUs); then (CXGAP_COMPARE_LARGE=1) 1e7 respondents with the fast peers (CXGAP_COMPARE_LARGE_SURVEY=1: and R survey, about an hour and 13 GB), and
# (CXGAP_COMPARE_STREAM=1) a 1e8-respondent panel generated into a pipe and read by
# `cxgap report -` from stdin, never written to disk.
# Tables go to build/compare/*.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash scripts/install-deps.sh
peers=(python3-pandas python3-scipy python3-statsmodels r-base-core r-cran-survey r-cran-data.table time)
missing=()
for p in "${peers[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  as_root=(); [ "$(id -u)" -eq 0 ] || as_root=(sudo)
  "${as_root[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
cmake --preset release >/dev/null
cmake --build --preset release --target cxgap_cli cxgap_make_panel
bin=build/release
mkdir -p build/compare
/usr/bin/python3 bench/compare/compare.py --cxgap $bin/cli/cxgap --make-panel $bin/bench/cxgap_make_panel \
  --respondents 1e6 --output build/compare/compare_1e6.md
/usr/bin/python3 bench/compare/compare.py --cxgap $bin/cli/cxgap --make-panel $bin/bench/cxgap_make_panel \
  --respondents 1e6 --design --output build/compare/compare_design_1e6.md
if [ "${CXGAP_COMPARE_LARGE:-0}" = 1 ]; then
  /usr/bin/python3 bench/compare/compare.py --cxgap $bin/cli/cxgap --make-panel $bin/bench/cxgap_make_panel \
    --respondents 1e7 --peers "pandas_numpy,numpy_npy,r_base${CXGAP_COMPARE_LARGE_SURVEY:+,r_survey}" \
    --output build/compare/compare_1e7.md
fi
if [ "${CXGAP_COMPARE_STREAM:-0}" = 1 ]; then
  n=${CXGAP_COMPARE_STREAM_N:-1e8}
  $bin/bench/cxgap_make_panel --respondents 1 --schema build/compare/schema_stream.json >/dev/null
  start=$(date +%s.%N)
  $bin/bench/cxgap_make_panel --respondents "$n" --csv - |
    /usr/bin/time -f "cxgap peak RSS %M kB" $bin/cli/cxgap report - --schema build/compare/schema_stream.json \
      --compare executive:customer --format csv --output build/compare/stream.csv 2> build/compare/stream.time
  end=$(date +%s.%N)
  printf "streamed %s respondents x 20 items through a pipe: %.1f s wall, %s\n" "$n" \
    "$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')" "$(tail -1 build/compare/stream.time)" | tee build/compare/stream.md
fi
