#!/usr/bin/env bash
# Build the wheel, install it (with its dependencies) into a fresh venv, and prove it runs:
# the migrations and resources must be inside, and `broadsheet` must work outside the repo.
#
# Usage: packaging/wheel_test.sh     (PYTHON: the interpreter for building, default .venv/bin/python;
#                                     BASE_PYTHON: the one the fresh venv is made from, default python3)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
BASE_PYTHON="${BASE_PYTHON:-python3}"
say() { printf 'wheel_test: %s\n' "$*"; }
die() { printf 'wheel_test: error: %s\n' "$*" >&2; exit 1; }

VERSION="$(sed -n 's/^__version__ = "\(.*\)"/\1/p' app/__init__.py)"
[ -n "$VERSION" ] || die "no __version__ in app/__init__.py"
TMP="$(mktemp -d "${TMPDIR:-/tmp}/broadsheet-wheel.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT

# --- 1. Build ---------------------------------------------------------------------------------
start=$(date +%s)
rm -f "dist/broadsheet-$VERSION-"*.whl
"$PYTHON" -m pip wheel --quiet --no-deps -w dist . || die "the wheel did not build"
WHEEL="$(ls "dist/broadsheet-$VERSION-"*.whl)"
say "built $WHEEL ($(du -h "$WHEEL" | cut -f1))"

# --- 2. What must be inside ----------------------------------------------------------------------
"$PYTHON" - "$WHEEL" <<'PY' || die "the wheel is incomplete"
import sys
import zipfile

names = set(zipfile.ZipFile(sys.argv[1]).namelist())
required = [
    "app/cli.py",
    "app/storage/migrations/env.py",
    "app/storage/migrations/script.py.mako",
    "app/resources/reader/reader.css",
    "app/resources/reader/welcome.md",
    "app/resources/icons/app/broadsheet.svg",
    "app/resources/desktop/org.broadsheet.Broadsheet.desktop",
]
missing = [name for name in required if name not in names]
if not any(n.startswith("app/storage/migrations/versions/0") for n in names):
    missing.append("app/storage/migrations/versions/0*.py")
if missing:
    sys.exit("wheel_test: error: missing from the wheel: " + ", ".join(missing))
PY
say "wheel holds the migrations and resources"

# --- 3. Install into a fresh venv (dependencies from the package index) -------------------------
"$BASE_PYTHON" -m venv "$TMP/venv"
"$TMP/venv/bin/python" -m pip install --quiet --upgrade pip >/dev/null 2>&1 || true
"$TMP/venv/bin/python" -m pip install --quiet "$WHEEL" || die "pip could not install $WHEEL"
say "installed into a fresh venv"

# --- 4. Run it outside the repository, with a minimal environment ---------------------------
run() {
    (cd "$TMP" && env -i HOME="$TMP/home" PATH="$TMP/venv/bin:/usr/bin:/bin" LANG=C.UTF-8 \
        QT_QPA_PLATFORM=offscreen "$@")
}
mkdir -p "$TMP/home"
out="$(run broadsheet --version)" || die "broadsheet --version failed"
printf '%s\n' "$out" | sed 's/^/    /'
for needle in "Broadsheet $VERSION" "Qt 6." "FTS5 available"; do
    grep -qF "$needle" <<<"$out" || die "--version lacks '$needle'"
done
run python - <<'PY' || die "the installed package does not find its files"
from pathlib import Path

import app.paths
import app.storage.migrate as migrate

assert "site-packages" in app.paths.__file__, app.paths.__file__
assert app.paths.resource_path("reader", "reader.css").is_file(), app.paths.resources_dir()
assert (migrate.MIGRATIONS_DIR / "env.py").is_file(), migrate.MIGRATIONS_DIR
print(f"    resources: {app.paths.resources_dir()}")
PY
printf '<html><head><title>Tide tables</title></head><body><article><h1>Tide tables</h1>%s</article></body></html>' \
    "$(printf '<p>The harbour master publishes the tide tables every spring for the fishing boats.</p>%.0s' 1 2 3)" \
    > "$TMP/tides.html"
run broadsheet --data-dir "$TMP/lib" add "$TMP/tides.html" >/dev/null || die "broadsheet add failed"
run broadsheet --data-dir "$TMP/lib" search harbour | grep -q "Tide tables" || die "search found nothing"
say "add + search work from the installed wheel (the library was created by its migrations)"
say "passed in $(( $(date +%s) - start ))s"
