#!/usr/bin/env bash
# Install the Debian tools `make package` validates the desktop files with, when missing:
# desktop-file-validate (desktop-file-utils) and appstreamcli (appstream).
# As root with apt-get (CI, a fresh Debian/Ubuntu machine) it installs them; otherwise it says
# which packages to install and fails, so a build never silently skips the check.
set -euo pipefail

need=()
command -v desktop-file-validate >/dev/null || need+=(desktop-file-utils)
command -v appstreamcli >/dev/null || need+=(appstream)
[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    printf 'package: installing %s\n' "${need[*]}"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
else
    printf 'package: error: missing Debian packages: %s (install them with apt-get)\n' "${need[*]}" >&2
    exit 1
fi
