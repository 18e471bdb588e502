#!/usr/bin/env bash
# Back up the portal: its PostgreSQL database AND its uploaded files (MEDIA_ROOT), into one archive.
#
#   scripts/backup.sh FILE.tar
#
# Reads DATABASE_URL and MEDIA_ROOT as the portal does (MEDIA_ROOT defaults to media/ in the project).
# Needs pg_dump of the server's major version (postgresql-client; the image has it). The archive holds
# database.dump (pg_dump's custom format) and media.tar. Restore with scripts/restore.sh.
#
# The database is dumped first, then the files are copied: an attachment saved in between has its file
# but not its row (an orphan file, harmless), never a row without its file.
set -euo pipefail
out="${1:?usage: scripts/backup.sh FILE.tar}"
: "${DATABASE_URL:?DATABASE_URL must name the PostgreSQL database of the portal}"
case "$DATABASE_URL" in
  postgres://* | postgresql://*) ;;
  *) echo "scripts/backup.sh backs up PostgreSQL only (DATABASE_URL=postgres://…)" >&2; exit 2 ;;
esac
media="${MEDIA_ROOT:-$(cd "$(dirname "$0")/.." && pwd)/media}"
mkdir -p "$media"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

pg_dump --format=custom --no-owner --no-privileges --file "$work/database.dump" "$DATABASE_URL"
tar -C "$media" -cf "$work/media.tar" .
tar -C "$work" -cf "$out" database.dump media.tar
echo "Đã sao lưu cơ sở dữ liệu và $(find "$media" -type f | wc -l) tệp vào $out"
