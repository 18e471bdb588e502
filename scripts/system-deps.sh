#!/usr/bin/env bash
# What pip cannot install, in two sets:
#   scripts/system-deps.sh run    running the portal: Pango (WeasyPrint's PDFs) and Liberation Serif
#                                 (Times-compatible, every Vietnamese glyph, embedded in the PDFs)
#   scripts/system-deps.sh test   the above, and for the tests: Chromium (browser tests), poppler-utils
#                                 (PDF checks), the PostgreSQL client (backup and restore drill), npm
#                                 (axe-core for the journeys' accessibility checks, from the npm registry)
# Installs only what is missing, with `apt-get install --no-upgrade` (never upgrades a package that is
# already there, nor anything else) when run as root; otherwise says what to install and goes on.
set -euo pipefail
set_name="${1:-run}"
missing=()
# Listed first, then searched: `ldconfig -p | grep -q` under pipefail fails when grep stops reading
# early (SIGPIPE), which read as "missing" and ran apt-get on every call.
libraries="$(ldconfig -p)"
fonts="$(fc-list 2>/dev/null || true)"
grep -q 'libpango-1.0.so' <<<"$libraries" || missing+=(libpango-1.0-0)
grep -q 'libpangoft2-1.0.so' <<<"$libraries" || missing+=(libpangoft2-1.0-0)
grep -qi 'Liberation Serif' <<<"$fonts" || missing+=(fonts-liberation2)
case "$set_name" in
  run) ;;
  test)
    command -v chromium >/dev/null || missing+=(chromium)
    command -v pdftoppm >/dev/null || missing+=(poppler-utils)
    command -v pg_dump >/dev/null || missing+=(postgresql-client)
    command -v npm >/dev/null || missing+=(npm)
    ;;
  *)
    echo "usage: scripts/system-deps.sh run|test" >&2
    exit 2
    ;;
esac
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Thiếu gói hệ thống (cài bằng: sudo apt-get install --no-upgrade -y ${missing[*]})" >&2
  exit 0
fi
echo "Cài gói hệ thống: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-upgrade "${missing[@]}"
