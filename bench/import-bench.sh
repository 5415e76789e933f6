#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The import benchmark: ROWS customers × 9 columns from .xlsx and from .csv
# into an assignment whose dataset already holds EXISTING customers, next to
# two references on the same data (a Python openpyxl + sqlite3 script, and
# the sqlite3 shell's .import of the CSV).
#
#   bench/import-bench.sh [--rows N] [--existing N] [--work DIR] [--build DIR]
#                         [--references-only] [--data-only] [--keep]
#
#   --rows N           rows in the file (default 1000000)
#   --existing N       customers already in the dataset (default 1000000)
#   --work DIR         where the data, databases and logs go
#                      (default /tmp/cube-import-bench); the generated files
#                      and the prepared databases are kept there and reused
#   --build DIR        the meson build directory (default _build)
#   --references-only  generate the data, run openpyxl and sqlite3 only
#   --data-only        only generate the data files (and print their paths)
#   --keep             keep the databases of the measured runs
#
# Each measured run starts from a fresh copy of the prepared database. Time
# is wall-clock time of the whole process (start, open, read, check, write,
# index, commit); peak memory is the maximum resident set size from
# /usr/bin/time -v. Cube's time includes making the imported customers
# searchable: searches for the last imported customer run right after.
# cube-cli-* have the database to themselves (the import then writes through
# a rollback journal); cube-cli-shared-* run while a sqlite3 shell holds it
# open, as the desktop application would (the import goes through the WAL).
# Not imports, but where the time goes: cube-bench-import-read-* only stream
# the rows through the sheet reader (no database); cube-bench-import-dry-*
# are dry runs (read and check every row, write nothing).
set -euo pipefail

SOURCE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROWS=1000000
EXISTING=1000000
WORK=/tmp/cube-import-bench
BUILD="$SOURCE_ROOT/_build"
REFERENCES_ONLY=0
DATA_ONLY=0
KEEP=0
PYTHON=/usr/bin/python3   # Debian's, where python3-openpyxl is

usage () {
  sed -n '9,21p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

while [ $# -gt 0 ]; do
  case "$1" in
    --rows) ROWS="$2"; shift 2 ;;
    --rows=*) ROWS="${1#*=}"; shift ;;
    --existing) EXISTING="$2"; shift 2 ;;
    --existing=*) EXISTING="${1#*=}"; shift ;;
    --work) WORK="$2"; shift 2 ;;
    --work=*) WORK="${1#*=}"; shift ;;
    --build) BUILD="$2"; shift 2 ;;
    --build=*) BUILD="${1#*=}"; shift ;;
    --references-only) REFERENCES_ONLY=1; shift ;;
    --data-only) DATA_ONLY=1; REFERENCES_ONLY=1; shift ;;
    --keep) KEEP=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) printf 'import-bench.sh: unknown option %s\n' "$1" >&2; usage >&2; exit 2 ;;
  esac
done
case "$ROWS$EXISTING" in
  *[!0-9]*|'') printf 'import-bench.sh: --rows and --existing take a number\n' >&2; exit 2 ;;
esac
if [ "$ROWS" -lt 1 ] || [ "$EXISTING" -lt 1 ]; then
  printf 'import-bench.sh: --rows and --existing must be at least 1\n' >&2
  exit 2
fi
case "$BUILD" in /*) ;; *) BUILD="$PWD/$BUILD" ;; esac

log () {
  printf '==> %s\n' "$*" >&2
}

# --- packages ---------------------------------------------------------------

# The benchmark's own packages; not in CUBE_DEBIAN_PACKAGES (no test needs
# them). Installed the way build-aux/deps.sh installs the project's.
# shellcheck source-path=SCRIPTDIR/..
# shellcheck source=build-aux/deps.sh
. "$SOURCE_ROOT/build-aux/deps.sh"
# shellcheck disable=SC2034  # read by cube_ensure_packages
CUBE_DEBIAN_PACKAGES=(python3-openpyxl sqlite3 libxlsxwriter-dev time gcc pkg-config python3)
cube_ensure_packages

# --- the programs -------------------------------------------------------------

mkdir -p "$WORK"
CUBE_CLI="$BUILD/src/cli/cube-cli"
CUBE_BENCH="$BUILD/bench/cube-bench"
CUBE_BENCH_IMPORT="$BUILD/bench/cube-bench-import"
if [ "$REFERENCES_ONLY" -eq 0 ]; then
  # shellcheck disable=SC2034  # read by cube_configure and cube_meson_option
  CUBE_BUILD_DIR="$BUILD"
  cube_configure
  buildtype="$(cube_meson_option buildtype)"
  case "$buildtype" in
    debug|plain)
      log "WARNING: $BUILD is a $buildtype build (not optimised); the figures are not comparable" ;;
  esac
  targets=(src/cli/cube-cli bench/cube-bench)
  if ninja -C "$BUILD" -t targets all 2>/dev/null | grep -q '^bench/cube-bench-import:'; then
    targets+=(bench/cube-bench-import)
  fi
  log "Building ${targets[*]} in $BUILD ($buildtype)"
  nice ninja -C "$BUILD" "${targets[@]}" >&2
  [ -x "$CUBE_BENCH_IMPORT" ] || CUBE_BENCH_IMPORT=
fi

# --- the data -------------------------------------------------------------------

GEN="$WORK/make-import-data"
if [ ! -x "$GEN" ] || [ "$SOURCE_ROOT/bench/make-import-data.c" -nt "$GEN" ]; then
  log "Building the data generator"
  # shellcheck disable=SC2046
  gcc -O2 -Wall -o "$GEN" "$SOURCE_ROOT/bench/make-import-data.c" $(pkg-config --cflags --libs xlsxwriter)
  rm -f "$WORK"/kunder-*.xlsx "$WORK"/kunder-*.csv
fi
XLSX="$WORK/kunder-$ROWS.xlsx"
CSV="$WORK/kunder-$ROWS.csv"
if [ ! -s "$XLSX" ] || [ ! -s "$CSV" ] || [ ! -s "$WORK/kunder-$ROWS.last" ]; then
  log "Generating $ROWS rows into $XLSX and $CSV"
  start=$(date +%s.%N)
  "$GEN" "$ROWS" "$XLSX.tmp" "$CSV.tmp" > "$WORK/kunder-$ROWS.last"
  mv "$XLSX.tmp" "$XLSX"
  mv "$CSV.tmp" "$CSV"
  log "Generated in $(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s"
fi
# The last row: Kundeid, Navn, Telefonnummer, E-post.
IFS=$'\t' read -r LAST_KEY LAST_NAME LAST_PHONE LAST_EMAIL < "$WORK/kunder-$ROWS.last"
LAST_PHONE="${LAST_PHONE// /}"

if [ "$DATA_ONLY" -eq 1 ]; then
  printf '%s\n%s\n' "$XLSX" "$CSV"
  exit 0
fi

# --- the prepared databases ----------------------------------------------------

# Cube: a B2C dataset with the five custom fields, EXISTING customers (added
# by cube-bench through the core's add function, Kundeid K0000000…) in the
# assignment "Benk", and an empty assignment "Import" over the same dataset
# that the file goes into. Remade when src/core changes (its schema).
cube_base () {
  local stamp base tmp
  stamp="$(git -C "$SOURCE_ROOT" rev-parse HEAD:src/core 2>/dev/null || echo unknown)"
  base="$WORK/cube-base-$EXISTING.db"
  if [ -s "$base" ] && [ "$(cat "$base.stamp" 2>/dev/null)" = "$stamp" ]; then
    printf '%s\n' "$base"
    return
  fi
  log "Preparing $base: $EXISTING customers through cube-bench (takes a while, once)"
  tmp="$WORK/cube-base.tmp.db"
  rm -f "$tmp" "$tmp-wal" "$tmp-shm"
  nice "$CUBE_BENCH" --customers "$EXISTING" --queries 1 --database "$tmp" >&2
  local cli=("$CUBE_CLI" --database "$tmp" --user bench)
  "${cli[@]}" field add --dataset 1 --key postnummer --label Postnummer --type text >&2
  "${cli[@]}" field add --dataset 1 --key poststed --label Poststed --type text >&2
  "${cli[@]}" field add --dataset 1 --key fodselsdato --label Fødselsdato --type date >&2
  "${cli[@]}" field add --dataset 1 --key kundetype --label Kundetype --type choice \
    -o Privat -o Pensjonist -o Student >&2
  "${cli[@]}" field add --dataset 1 --key notat --label Notat --type multiline >&2
  "${cli[@]}" assignment add --name Import --dataset 1 >&2
  sqlite3 "$tmp" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
  rm -f "$tmp-wal" "$tmp-shm"
  mv "$tmp" "$base"
  printf '%s\n' "$stamp" > "$base.stamp"
  printf '%s\n' "$base"
}

# The reference's database: the same table the script creates, already
# holding EXISTING customers of the same dataset.
ref_base () {
  local base="$WORK/ref-base-$EXISTING.db"
  if [ ! -s "$base" ]; then
    log "Preparing $base: $EXISTING rows"
    rm -f "$base.tmp"
    sqlite3 "$base.tmp" <<SQL
CREATE TABLE customers (
  id          INTEGER PRIMARY KEY,
  dataset     INTEGER NOT NULL,
  kundeid     TEXT NOT NULL,
  navn        TEXT,
  epost       TEXT,
  telefon     TEXT,
  postnummer  TEXT,
  poststed    TEXT,
  fodselsdato TEXT,
  kundetype   TEXT,
  notat       TEXT
);
CREATE UNIQUE INDEX customers_dataset_kundeid ON customers (dataset, kundeid);
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < $EXISTING)
INSERT INTO customers (dataset, kundeid, navn, epost, telefon)
SELECT 1, printf('K%07d', i), 'Kunde ' || i, 'kunde' || i || '@example.no',
       printf('9%07d', i % 10000000) FROM n;
SQL
    mv "$base.tmp" "$base"
  fi
  printf '%s\n' "$base"
}

# Copies a prepared database to a run's file, and flushes it to disk so the
# copy's write-back does not land in the measured run.
fresh_copy () {
  rm -f "$2" "$2-wal" "$2-shm" "$2-journal"
  cp "$1" "$2"
  sync
}

# --- measuring -------------------------------------------------------------------

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
RESULTS="$WORK/results.tsv"
: > "$RESULTS"

# measure NAME FORMAT COMMAND…: runs COMMAND under /usr/bin/time -v, output
# in $WORK/NAME.out/.err, and appends NAME FORMAT SECONDS RSS_MB to RESULTS.
measure () {
  local name="$1" format="$2" start end seconds rss
  shift 2
  log "Running $name: $*"
  start=$(date +%s%N)
  if ! /usr/bin/time -v -o "$WORK/$name.time" "$@" > "$WORK/$name.out" 2> "$WORK/$name.err"; then
    log "$name failed:"
    cat "$WORK/$name.err" "$WORK/$name.out" >&2
    return 1
  fi
  end=$(date +%s%N)
  seconds="$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')"
  rss="$(awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$WORK/$name.time")"
  printf '%s\t%s\t%s\t%s\n' "$name" "$format" "$seconds" "$rss" >> "$RESULTS"
  log "$name: $seconds s, peak RSS $rss MB"
}

# After a Cube import: the last imported customer must be found at once, by
# its Kundeid, its phone number and its e-mail address.
SEARCHES="$WORK/searches.txt"
: > "$SEARCHES"
search_after () {
  local name="$1" db="$2" text start end ms result
  for text in "$LAST_KEY" "$LAST_PHONE" "$LAST_EMAIL"; do
    [ -n "$text" ] || continue
    start=$(date +%s%N)
    result="$("$CUBE_CLI" --database "$db" --user bench --json customer search "$text" |
              "$PYTHON" -c '
import json, sys
found = json.load(sys.stdin)
print(len(found), "yes" if any(c.get("customer_id") == sys.argv[1] for c in found) else "no")
' "$LAST_KEY")"
    end=$(date +%s%N)
    ms="$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.0f", (b - a) / 1e6 }')"
    printf '%s: search "%s" right after the import: %s hit(s), Kundeid %s among them: %s; %s ms (a cube-cli process)\n' \
      "$name" "$text" "${result% *}" "$LAST_KEY" "${result#* }" "$ms" >> "$SEARCHES"
    if [ "${result#* }" != yes ]; then
      log "$name: the search for \"$text\" did not find Kundeid $LAST_KEY ($LAST_NAME)"
      return 1
    fi
  done
}

# Another connection holds the file open while a run imports (as the
# desktop application does): the import then writes through the WAL
# instead of taking the file to itself (a rollback journal).
hold_open () {
  rm -f "$WORK/hold.fifo"
  mkfifo "$WORK/hold.fifo"
  sqlite3 "$1" < "$WORK/hold.fifo" > /dev/null &
  HOLDER_PID=$!
  exec 9> "$WORK/hold.fifo"
  printf 'SELECT count(*) FROM users;\n' >&9
  sleep 0.5
}
release_hold () {
  exec 9>&-
  wait "$HOLDER_PID" || true
  rm -f "$WORK/hold.fifo"
}

RUN_DB="$WORK/run.db"
if [ "$REFERENCES_ONLY" -eq 0 ]; then
  BASE="$(cube_base)"
  # Opening it once applies any schema upgrade here, not in a measured run.
  "$CUBE_CLI" --database "$BASE" --user bench assignment list >/dev/null

  for format in xlsx csv; do
    file="$WORK/kunder-$ROWS.$format"
    fresh_copy "$BASE" "$RUN_DB"
    measure "cube-cli-$format" "$format" \
      "$CUBE_CLI" --database "$RUN_DB" --user bench --json import "$file" --assignment Import
    search_after "cube-cli-$format" "$RUN_DB"
    if [ "$KEEP" -eq 1 ]; then cp "$RUN_DB" "$WORK/run-cube-cli-$format.db"; fi
    fresh_copy "$BASE" "$RUN_DB"
    hold_open "$RUN_DB"
    measure "cube-cli-shared-$format" "$format" \
      "$CUBE_CLI" --database "$RUN_DB" --user bench --json import "$file" --assignment Import
    release_hold
    search_after "cube-cli-shared-$format" "$RUN_DB"
    if [ -n "$CUBE_BENCH_IMPORT" ]; then
      fresh_copy "$BASE" "$RUN_DB"
      measure "cube-bench-import-$format" "$format" \
        "$CUBE_BENCH_IMPORT" --database "$RUN_DB" --user bench --assignment Import \
        --search "$LAST_KEY" --search "$LAST_PHONE" "$file"
      search_after "cube-bench-import-$format" "$RUN_DB"
      # The reader alone, then read and check every row without writing.
      measure "cube-bench-import-read-$format" "$format" "$CUBE_BENCH_IMPORT" --read-only "$file"
      fresh_copy "$BASE" "$RUN_DB"
      measure "cube-bench-import-dry-$format" "$format" \
        "$CUBE_BENCH_IMPORT" --database "$RUN_DB" --user bench --assignment Import --dry-run "$file"
    fi
  done
  rm -f "$RUN_DB" "$RUN_DB-wal" "$RUN_DB-shm" "$RUN_DB-journal"
fi

REF_DB="$WORK/ref-run.db"
fresh_copy "$(ref_base)" "$REF_DB"
measure openpyxl xlsx "$PYTHON" "$SOURCE_ROOT/bench/openpyxl-import.py" "$XLSX" "$REF_DB"
[ "$KEEP" -eq 1 ] || rm -f "$REF_DB"

SQLITE_DB="$WORK/sqlite-import.db"
rm -f "$SQLITE_DB"
sync
measure sqlite3-import csv sqlite3 "$SQLITE_DB" ".import --csv $CSV kunder"
[ "$KEEP" -eq 1 ] || rm -f "$SQLITE_DB"

# --- the table ---------------------------------------------------------------------

printf '\n'
printf 'Import benchmark: %s rows × 9 columns into a dataset with %s customers\n' "$ROWS" "$EXISTING"
printf 'files: %s (%s MB), %s (%s MB)\n' "$XLSX" "$(du -m "$XLSX" | cut -f1)" "$CSV" "$(du -m "$CSV" | cut -f1)"
printf 'machine: %s, %s cores, %s GiB; %s; SQLite %s\n' \
  "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)" "$(nproc)" \
  "$(awk '/MemTotal/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo)" \
  "$(. /etc/os-release && echo "$PRETTY_NAME")" "$(sqlite3 -version | cut -d' ' -f1)"
[ "$REFERENCES_ONLY" -eq 1 ] || printf 'build: %s (%s), commit %s\n' "$BUILD" "$(cube_meson_option buildtype)" \
  "$(git -C "$SOURCE_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
printf 'load average before the runs: %s\n' "$LOAD_BEFORE"
printf '\n'
awk -F'\t' -v rows="$ROWS" '
  { name[NR] = $1; fmt[NR] = $2; secs[NR] = $3; rss[NR] = $4; by[$1] = $3 }
  END {
    printf "%-28s %-6s %10s %12s %14s\n", "tool", "input", "seconds", "rows/s", "peak RSS MB"
    for (i = 1; i <= NR; i++)
      printf "%-28s %-6s %10.2f %12.0f %14.1f\n", name[i], fmt[i], secs[i], rows / secs[i], rss[i]
    printf "\n"
    for (i = 1; i <= NR; i++) {
      if (name[i] !~ /^cube/ || name[i] ~ /-(dry|read)-/) continue
      line = sprintf("%-32s", name[i] " (" fmt[i] "):")
      if ("openpyxl" in by)
        line = line sprintf("  time cube/openpyxl = %.3f (speed-up %.1f×)", secs[i] / by["openpyxl"],
                            by["openpyxl"] / secs[i])
      if ("sqlite3-import" in by)
        line = line sprintf("  time cube/sqlite3 = %.2f", secs[i] / by["sqlite3-import"])
      print line
    }
  }' "$RESULTS"
if [ -s "$SEARCHES" ]; then
  printf '\n'
  cat "$SEARCHES"
fi
for name in cube-cli-xlsx cube-cli-csv; do
  if [ -s "$WORK/$name.out" ]; then
    printf '%s summary: %s\n' "$name" "$(tr -d '\n' < "$WORK/$name.out" | tr -s ' ')"
  fi
done
for name in cube-bench-import-xlsx cube-bench-import-csv cube-bench-import-dry-xlsx cube-bench-import-dry-csv \
            cube-bench-import-read-xlsx cube-bench-import-read-csv; do
  if [ -s "$WORK/$name.out" ]; then
    printf '\n%s:\n' "$name"
    cat "$WORK/$name.out"
  fi
done
