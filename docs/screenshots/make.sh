#!/usr/bin/env bash
# Remake the README screenshots from the real window (offscreen), on a sample library built
# from pages of the extraction evaluation set (../shared/data/extraction).
#
# Usage: docs/screenshots/make.sh [LIBRARY_DIR]     (default: build/screenshot-library)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
BS="${BROADSHEET:-$ROOT/.venv/bin/broadsheet}"
PAGES="${PAGES:-$ROOT/../shared/data/extraction/html}"
LIB="${1:-$ROOT/build/screenshot-library}"
OUT="$ROOT/docs/screenshots"
export QT_QPA_PLATFORM=offscreen

[ -x "$BS" ] || { echo "make.sh: no $BS (run make run or make test first)" >&2; exit 1; }
[ -d "$PAGES" ] || { echo "make.sh: no evaluation pages at $PAGES" >&2; exit 1; }

rm -rf "$LIB"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
tags=(research/media climate/glaciers research/media/press politics economy/markets science)
n=0
for page in $(ls "$PAGES"/*.html.gz | head -14); do
    name="$tmp/$(basename "$page" .gz)"
    gunzip -c "$page" > "$name"
    "$BS" --data-dir "$LIB" --offline add "$name" --tag "${tags[$((n % ${#tags[@]}))]}" >/dev/null
    n=$((n + 1))
done
"$BS" --data-dir "$LIB" mark 2 4 favorite >/dev/null
"$BS" --data-dir "$LIB" mark 5 read >/dev/null

# Each shot starts from the default window size (a saved geometry is clamped to the
# offscreen screen).
rm -f "$LIB/window.ini"
"$BS" --data-dir "$LIB" --offline --theme light --screenshot "$OUT/window-light.png"
rm -f "$LIB/window.ini"
"$BS" --data-dir "$LIB" --offline --theme dark --screenshot "$OUT/window-dark.png"
rm -f "$LIB/window.ini"
longest="$("$BS" --data-dir "$LIB" list --query lang:en --json | python3 -c \
    'import json, sys; print(max(json.load(sys.stdin), key=lambda a: a["word_count"])["id"])')"
"$BS" --data-dir "$LIB" view "$longest" --summary --theme sepia --screenshot "$OUT/reader-summary-sepia.png"
echo "make.sh: screenshots written to $OUT from $n pages (library: $LIB)"
