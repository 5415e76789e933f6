#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs what is missing, builds into _build/ and starts Cube on the
# embedded database, creating the demo data on first start.
#
#   build-aux/run.sh [--database FILE] [extra arguments for the program]
#
# The database is FILE, else $CUBE_DATABASE, else
# $XDG_DATA_HOME/cube/cube.db (~/.local/share/cube/cube.db).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=build-aux/deps.sh
. build-aux/deps.sh
cube_prepare || exit 1

build="$CUBE_BUILD_DIR"

# Translations from the build tree: i18n.gettext() writes
# _build/po/<lang>/LC_MESSAGES/cube.mo.
export CUBE_LOCALEDIR="$build/po"
# The GSettings schema compiled in the build tree (data/meson.build).
export GSETTINGS_SCHEMA_DIR="$build/data${GSETTINGS_SCHEMA_DIR:+:$GSETTINGS_SCHEMA_DIR}"

database_args=()
extra_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --database)
      if [ $# -lt 2 ]; then
        echo "run.sh: --database needs a file" >&2
        exit 2
      fi
      database_args=(--database "$2")
      shift 2
      ;;
    --database=*)
      database_args=(--database "${1#--database=}")
      shift
      ;;
    *)
      extra_args+=("$1")
      shift
      ;;
  esac
done

if [ "${#database_args[@]}" -gt 0 ]; then
  database="${database_args[1]}"
elif [ -n "${CUBE_DATABASE:-}" ]; then
  database="$CUBE_DATABASE"
else
  database="${XDG_DATA_HOME:-$HOME/.local/share}/cube/cube.db"
fi

cli=("$build/src/cli/cube-cli" "${database_args[@]}")

# Idempotent: creates the demo data only when it is not there yet.
cube_log "Database: $database"
"${cli[@]}" demo

if [ -x "$build/src/gui/cube" ]; then
  exec "$build/src/gui/cube" "${database_args[@]}" "${extra_args[@]}"
fi

# No GUI yet: show what the demo created.
cube_log "Assignments"
"${cli[@]}" assignment list
cube_log "Outcomes of Vårkampanje 2027"
"${cli[@]}" outcome list --assignment "Vårkampanje 2027"
cube_log "Customers (first 10 matching \"a\")"
"${cli[@]}" customer search a --limit 10
