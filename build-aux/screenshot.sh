#!/usr/bin/env bash
# Renders each screen of Cube to PNG under Xvfb: build-aux/screenshot.sh [DIR]
# (default _build/screenshots). Norwegian unless LANGUAGE says otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-_build/screenshots}
ninja -C _build tests/cube-screenshots data/gschemas.compiled po/nb/LC_MESSAGES/cube.mo >/dev/null
export GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$PWD/_build/data" GSK_RENDERER=cairo
export CUBE_LOCALEDIR="$PWD/_build/po" LANG=${LANG_OVERRIDE:-nb_NO.UTF-8} LANGUAGE=${LANGUAGE:-nb} NO_AT_BRIDGE=1
xvfb-run -a -s "-screen 0 1280x900x24" dbus-run-session -- _build/tests/cube-screenshots "$out"
