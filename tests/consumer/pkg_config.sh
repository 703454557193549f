#!/usr/bin/env bash
# Compiles and runs the consumer against an installed prefix through pkg-config alone.
# usage: pkg_config.sh <c++ compiler> <install prefix> <work dir> [extra compiler flags]
set -euo pipefail
cxx=$1 prefix=$2 work=$3 flags=${4:-}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$work"
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig:$prefix/share/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
pkg-config --exists --print-errors cxgap
# shellcheck disable=SC2046
"$cxx" -std=c++17 $flags "$here/find_package/main.cpp" $(pkg-config --cflags --libs cxgap) -o "$work/consumer"
"$work/consumer"
