#!/bin/sh
# Add Broadsheet to the desktop's application menu (per user, or system-wide with PREFIX=/usr/local).
#
# Run from the unpacked folder: ./install-desktop-entry.sh   (uninstall: ./install-desktop-entry.sh --remove)
set -eu

APP_ID="org.broadsheet.Broadsheet"
HERE="$(cd "$(dirname "$0")" && pwd)"
PREFIX="${PREFIX:-${XDG_DATA_HOME:-$HOME/.local/share}}"
case "$PREFIX" in */share) DATA="$PREFIX" ;; *) DATA="$PREFIX/share" ;; esac

if [ "${1:-}" = "--remove" ]; then
    rm -f "$DATA/applications/$APP_ID.desktop" "$DATA/metainfo/$APP_ID.metainfo.xml"
    find "$DATA/icons/hicolor" -name "$APP_ID.*" -delete 2>/dev/null || true
    echo "removed Broadsheet's menu entry from $DATA"
    exit 0
fi

[ -x "$HERE/broadsheet" ] || { echo "install-desktop-entry: no broadsheet executable in $HERE" >&2; exit 1; }
mkdir -p "$DATA/applications" "$DATA/metainfo"
# The menu entry runs this folder's executable, wherever it was unpacked.
sed -e "s|^Exec=broadsheet|Exec=\"$HERE/broadsheet\"|" -e "s|^TryExec=broadsheet|TryExec=$HERE/broadsheet|" \
    "$HERE/share/applications/$APP_ID.desktop" > "$DATA/applications/$APP_ID.desktop"
cp "$HERE/share/metainfo/$APP_ID.metainfo.xml" "$DATA/metainfo/"
(cd "$HERE/share" && find icons -name "$APP_ID.*" | while read -r icon; do
    mkdir -p "$DATA/$(dirname "$icon")" && cp "$icon" "$DATA/$icon"
done)
command -v update-desktop-database >/dev/null && update-desktop-database -q "$DATA/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$DATA/icons/hicolor" || true
echo "Broadsheet is in the application menu (entry: $DATA/applications/$APP_ID.desktop)"
