#!/usr/bin/env bash
# Installs the Debian 12 packages cxgap needs to build, test and benchmark, if any is missing.
# Runs apt-get as root (directly, or through sudo when available).
set -euo pipefail

packages=(cmake ninja-build g++ pkgconf libeigen3-dev libboost-dev libgtest-dev libbenchmark-dev
  libcli11-dev nlohmann-json3-dev libreadstat-dev librsvg2-bin libxml2-utils)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "cxgap: installing ${missing[*]}" >&2
as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)
"${as_root[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
