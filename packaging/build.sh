#!/usr/bin/env bash
# Build the one-folder PyInstaller bundle dist/broadsheet/ and dist/broadsheet-<version>-linux-<arch>.tar.gz.
#
# Usage: packaging/build.sh            (from anywhere; works on the repository it lives in)
# Environment:
#   PYTHON                    the interpreter with Broadsheet + PyInstaller (default: .venv/bin/python)
#   BROADSHEET_SKIP_VALIDATE  1: do not validate the .desktop and metainfo files (not recommended)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
APP_ID="org.broadsheet.Broadsheet"
DIST="$ROOT/dist"
WORK="$ROOT/build/pyinstaller"
OUT="$DIST/broadsheet"

say() { printf 'package: %s\n' "$*"; }
die() { printf 'package: error: %s\n' "$*" >&2; exit 1; }

[ -x "$PYTHON" ] || die "no Python at $PYTHON (run 'make test' or set PYTHON=...)"
if ! err="$("$PYTHON" -c "import PyInstaller" 2>&1)"; then
    die "PyInstaller is not usable (${err##*$'\n'}); install it: $PYTHON -m pip install -e '.[packaging]'"
fi
"$PYTHON" -c "import app, PySide6.QtWebEngineWidgets" \
    || die "Broadsheet or PySide6 is not importable with $PYTHON"
VERSION="$("$PYTHON" -c 'import app; print(app.__version__)')"
OS="$(uname -s | tr '[:upper:]' '[:lower:]')"
[ "$OS" = linux ] || die "build.sh builds the Linux bundle; on $OS see packaging/README.md"
ARCH="$(uname -m)"
TARBALL="$DIST/broadsheet-$VERSION-$OS-$ARCH.tar.gz"

# --- 1. Desktop metadata ----------------------------------------------------------------------
DESKTOP="resources/desktop/$APP_ID.desktop"
METAINFO="resources/desktop/$APP_ID.metainfo.xml"
if [ "${BROADSHEET_SKIP_VALIDATE:-0}" = 1 ]; then
    say "WARNING: BROADSHEET_SKIP_VALIDATE=1, desktop metadata NOT validated"
else
    missing=()
    command -v desktop-file-validate >/dev/null || missing+=("desktop-file-validate (Debian/Ubuntu: apt-get install desktop-file-utils)")
    command -v appstreamcli >/dev/null || missing+=("appstreamcli (Debian/Ubuntu: apt-get install appstream)")
    if [ ${#missing[@]} -gt 0 ]; then
        for tool in "${missing[@]}"; do printf 'package: error: missing tool: %s\n' "$tool" >&2; done
        die "install the tools above, or set BROADSHEET_SKIP_VALIDATE=1 to build without checking"
    fi
    desktop-file-validate "$DESKTOP" || die "$DESKTOP is not valid"
    appstreamcli validate --no-net "$METAINFO" || die "$METAINFO is not valid"
    say "desktop metadata valid ($DESKTOP, $METAINFO)"
fi
for size in 16 32 48 64 128 256 512; do
    [ -f "resources/icons/app/broadsheet-$size.png" ] \
        || die "resources/icons/app/broadsheet-$size.png is missing: run $PYTHON packaging/render_icons.py"
done

# --- 2. PyInstaller -----------------------------------------------------------------------------
say "building Broadsheet $VERSION with $("$PYTHON" -m PyInstaller --version 2>/dev/null) (this takes minutes)"
start=$(date +%s)
rm -rf "$OUT" "$TARBALL"
"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$DIST" --workpath "$WORK" packaging/broadsheet.spec
built=$(( $(date +%s) - start ))

# --- 3. What a working bundle must hold -----------------------------------------------------
INTERNAL="$OUT/_internal"
required=(
    "$OUT/broadsheet"
    "$INTERNAL/resources/reader/reader.css"
    "$INTERNAL/resources/icons/app/broadsheet.svg"
    "$INTERNAL/resources/desktop/$APP_ID.desktop"
    "$INTERNAL/app/storage/migrations/env.py"
    "$INTERNAL/app/storage/migrations/script.py.mako"
    "$INTERNAL/trafilatura/settings.cfg"
    "$INTERNAL/justext/stoplists/English.txt"
    "$INTERNAL/certifi/cacert.pem"
    "$INTERNAL/PySide6/Qt/libexec/QtWebEngineProcess"
    "$INTERNAL/PySide6/Qt/resources/qtwebengine_resources.pak"
    "$INTERNAL/PySide6/Qt/resources/icudtl.dat"
    "$INTERNAL/PySide6/Qt/plugins/platforms/libqxcb.so"
    "$INTERNAL/PySide6/Qt/plugins/platforms/libqoffscreen.so"
    "$INTERNAL/PySide6/Qt/plugins/imageformats/libqsvg.so"
    "$INTERNAL/PySide6/Qt/plugins/iconengines/libqsvgicon.so"
)
for path in "${required[@]}"; do
    [ -e "$path" ] || die "the build is missing ${path#"$ROOT"/}"
done
ls "$INTERNAL"/app/storage/migrations/versions/0*.py >/dev/null 2>&1 \
    || die "the build has no migration scripts (app/storage/migrations/versions/)"

# --- 4. Desktop integration files next to the executable, and the tarball ---------------------
SHARE="$OUT/share"
install -Dm644 "$DESKTOP" "$SHARE/applications/$APP_ID.desktop"
install -Dm644 "$METAINFO" "$SHARE/metainfo/$APP_ID.metainfo.xml"
install -Dm644 resources/icons/app/broadsheet.svg "$SHARE/icons/hicolor/scalable/apps/$APP_ID.svg"
for size in 16 32 48 64 128 256 512; do
    install -Dm644 "resources/icons/app/broadsheet-$size.png" \
        "$SHARE/icons/hicolor/${size}x${size}/apps/$APP_ID.png"
done
install -Dm755 packaging/linux/install-desktop-entry.sh "$OUT/install-desktop-entry.sh"

tar -C "$DIST" -czf "$TARBALL" broadsheet
total=$(( $(date +%s) - start ))

say "built in ${built}s (with tarball ${total}s)"
say "$(du -sh "$OUT" | cut -f1)  ${OUT#"$ROOT"/}/ ($(find "$OUT" -type f | wc -l) files)"
say "$(du -sh "$TARBALL" | cut -f1)  ${TARBALL#"$ROOT"/}"
say "prove it works: $PYTHON packaging/smoke_test.py"
