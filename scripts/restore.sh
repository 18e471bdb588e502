#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh: the database AND the uploaded files.
#
#   scripts/restore.sh FILE.tar
#
# Into the EMPTY database named by DATABASE_URL and the EMPTY (or missing) folder MEDIA_ROOT: it refuses
# to write over a database that has tables or a folder that has files, so a mistyped name cannot
# destroy a live portal. Make the empty database first (createdb, or CREATE DATABASE as postgres),
# restore, then start the portal (deploy/start.sh web migrates a backup from an older release).
set -euo pipefail
archive="${1:?usage: scripts/restore.sh FILE.tar}"
: "${DATABASE_URL:?DATABASE_URL must name the (empty) PostgreSQL database to restore into}"
case "$DATABASE_URL" in
  postgres://* | postgresql://*) ;;
  *) echo "scripts/restore.sh restores into PostgreSQL only (DATABASE_URL=postgres://…)" >&2; exit 2 ;;
esac
media="${MEDIA_ROOT:-$(cd "$(dirname "$0")/.." && pwd)/media}"

tables="$(psql "$DATABASE_URL" -tAc "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")"
if [ "$tables" != "0" ]; then
  echo "Từ chối khôi phục: cơ sở dữ liệu đích đã có $tables bảng (cần một cơ sở dữ liệu trống)." >&2
  exit 1
fi
if [ -d "$media" ] && [ -n "$(ls -A "$media")" ]; then
  echo "Từ chối khôi phục: thư mục tệp $media không trống." >&2
  exit 1
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tar -C "$work" -xf "$archive" database.dump media.tar

pg_restore --no-owner --no-privileges --exit-on-error --dbname "$DATABASE_URL" "$work/database.dump"
mkdir -p "$media"
tar -C "$media" -xf "$work/media.tar"
echo "Đã khôi phục cơ sở dữ liệu và $(find "$media" -type f | wc -l) tệp vào $media"
