#!/usr/bin/env bash
# Validates an SVG gap chart and renders it to PNG.
#
# usage: render_check.sh CHART.svg OUT.png [CHART2.svg OUT2.png ...]
#
# For each pair: `xmllint --noout` must accept the SVG (well-formed XML); its root must be an
# SVG 1.1 <svg> in the SVG namespace with integer width and height and a matching viewBox, and
# must not reference external resources; `rsvg-convert` (Debian librsvg2-bin) must render it to
# a non-empty PNG whose IHDR header gives exactly that width and height in pixels.
# Exit status: 0 if every chart passes, 1 on the first failure (with a message on stderr),
# 2 on a usage error or a missing tool.
set -euo pipefail

fail() { echo "render_check: $*" >&2; exit 1; }

if (($# == 0 || $# % 2 != 0)); then
  echo "usage: render_check.sh CHART.svg OUT.png [CHART2.svg OUT2.png ...]" >&2
  exit 2
fi
for tool in xmllint rsvg-convert od; do
  command -v "$tool" >/dev/null || { echo "render_check: $tool not found" >&2; exit 2; }
done

# Big-endian 32-bit unsigned integer at byte offset $2 of file $1.
u32be() {
  local bytes
  bytes=$(od -An -tu1 -j "$2" -N4 "$1") || return 1
  set -- $bytes
  echo $(( ($1 << 24) | ($2 << 16) | ($3 << 8) | $4 ))
}

while (($# > 0)); do
  svg=$1 png=$2
  shift 2
  [[ -s $svg ]] || fail "$svg: missing or empty"

  # 1. Well-formed XML.
  xmllint --noout "$svg" || fail "$svg: xmllint rejects it"

  # 2. The root element: <svg> in the SVG namespace, version 1.1, size and viewBox.
  xp() { xmllint --xpath "$1" "$svg" 2>/dev/null || true; }
  [[ $(xp 'local-name(/*)') == svg ]] || fail "$svg: root element is not <svg>"
  [[ $(xp 'namespace-uri(/*)') == http://www.w3.org/2000/svg ]] ||
    fail "$svg: root is not in the SVG namespace"
  [[ $(xp 'string(/*/@version)') == 1.1 ]] || fail "$svg: not version=\"1.1\""
  width=$(xp 'string(/*/@width)')
  height=$(xp 'string(/*/@height)')
  [[ $width =~ ^[0-9]+$ && $height =~ ^[0-9]+$ ]] ||
    fail "$svg: width '$width' / height '$height' are not whole pixels"
  [[ $(xp 'string(/*/@viewBox)') == "0 0 $width $height" ]] ||
    fail "$svg: viewBox does not match width and height"
  # No external resources or scripts: no links, images, style sheets, fonts or url() values.
  external=$(xp "count(//@*[local-name()='href'] | //@*[contains(., 'url(')] |
    //*[local-name()='image' or local-name()='use' or local-name()='style' or
        local-name()='script' or local-name()='foreignObject' or local-name()='font-face'])")
  [[ $external == 0 ]] || fail "$svg: references an external resource or embeds a script"

  # 3. Render.
  rm -f "$png"
  rsvg-convert --format=png --output="$png" "$svg" || fail "$svg: rsvg-convert failed"
  [[ -s $png ]] || fail "$png: not written or empty"

  # 4. A PNG (signature, then the IHDR chunk) of the SVG's size in pixels.
  signature=$(od -An -tx1 -N8 "$png" | tr -d ' \n')
  [[ $signature == 89504e470d0a1a0a ]] || fail "$png: not a PNG file"
  [[ $(od -An -c -j12 -N4 "$png" | tr -d ' \n') == IHDR ]] || fail "$png: no IHDR chunk"
  png_width=$(u32be "$png" 16)
  png_height=$(u32be "$png" 20)
  ((png_width == width && png_height == height)) ||
    fail "$png: ${png_width}x${png_height} pixels, expected ${width}x${height}"
  echo "render_check: $svg -> $png (${png_width}x${png_height}) ok"
done
