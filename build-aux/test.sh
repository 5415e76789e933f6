#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs what is missing, builds into _build/ with warnings as errors and
# runs the whole test suite under a virtual X server and a private D-Bus
# session. Exits non-zero on any failure. Extra arguments go to meson test.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=build-aux/deps.sh
. build-aux/deps.sh

cube_ensure_packages || exit 1
cube_ensure_locale || exit 1
cube_configure || exit 1

# A build failure is a test failure too; report it the same way.
status=0
cube_log "Building"
ninja -C "$CUBE_BUILD_DIR" || status=$?

testlog="$CUBE_BUILD_DIR/meson-logs/testlog.json"
if [ "$status" -eq 0 ]; then
  # Results from an earlier run must not be counted again.
  rm -f "$testlog"
  cube_log "Running the tests"
  xvfb-run -a -s "-screen 0 1280x900x24" \
    dbus-run-session -- \
    meson test -C "$CUBE_BUILD_DIR" --print-errorlogs "$@" || status=$?
fi

# One plain summary line that CI can read.
if [ -f "$testlog" ]; then
  python3 - "$testlog" <<'PY'
import json, sys
passed = failed = 0
with open(sys.argv[1], encoding="utf-8") as log:
    for line in log:
        line = line.strip()
        if not line:
            continue
        result = json.loads(line).get("result")
        if result in ("OK", "EXPECTEDFAIL"):
            passed += 1
        elif result != "SKIP":
            failed += 1
print(f"{passed} passed, {failed} failed")
PY
else
  echo "0 passed, 1 failed"
  echo "test.sh: the build failed, no test ran" >&2
fi

exit "$status"
