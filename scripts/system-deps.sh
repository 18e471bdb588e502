#!/usr/bin/env bash
# What pip cannot install: Pango (WeasyPrint), a Times-compatible serif with every Vietnamese glyph
# (Liberation Serif), Chromium (browser tests) and poppler-utils (PDF checks). Installs what is missing
# with apt-get when run as root; otherwise says what to install and goes on.
set -euo pipefail
missing=()
ldconfig -p | grep -q 'libpango-1.0.so' || missing+=(libpango-1.0-0)
ldconfig -p | grep -q 'libpangoft2-1.0.so' || missing+=(libpangoft2-1.0-0)
fc-list 2>/dev/null | grep -qi 'Liberation Serif' || missing+=(fonts-liberation2)
command -v chromium >/dev/null || missing+=(chromium)
command -v pdftoppm >/dev/null || missing+=(poppler-utils)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Thiếu gói hệ thống (cài bằng: sudo apt-get install -y ${missing[*]})" >&2
  exit 0
fi
echo "Cài gói hệ thống: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}"
