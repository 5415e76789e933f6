#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Builds the libFuzzer targets of the spreadsheet readers (tests/fuzz/) with
# clang and runs each one. Needs clang and libclang-rt-14-dev (not part of
# CUBE_DEBIAN_PACKAGES: fuzzing is a developer's job, not CI's).
#
#   build-aux/fuzz.sh [SECONDS] [xlsx|ods|csv]…     default: 180 s each, all three
#
# Crashing inputs land in _fuzz/crashes/; copy each one, once fixed, to
# tests/fixtures/regress/ so test-import-readers keeps reading it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

seconds="${1:-180}"
shift || true
targets=("$@")
[ "${#targets[@]}" -gt 0 ] || targets=(xlsx ods csv)

out=_fuzz
mkdir -p "$out/crashes"
pkgs="glib-2.0 gio-2.0 gobject-2.0 libxml-2.0 libarchive json-glib-1.0"
flags=(-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
       -DGETTEXT_PACKAGE='"cube"' -DGLIB_VERSION_MIN_REQUIRED=GLIB_VERSION_2_74
       -DGLIB_VERSION_MAX_ALLOWED=GLIB_VERSION_2_74 -Isrc/core)
# The readers and the mapping only: the import engine needs the whole store.
sources=(src/core/cube-error.c src/core/cube-field-def.c src/core/cube-types.c)
for f in src/core/import/*.c; do
  [ "$f" = src/core/import/cube-import-job.c ] || sources+=("$f")
done

for t in "${targets[@]}"; do
  echo "==> building fuzz-$t" >&2
  # shellcheck disable=SC2086
  clang "${flags[@]}" -o "$out/fuzz-$t" "tests/fuzz/fuzz-$t.c" "${sources[@]}" \
    $(pkg-config --cflags --libs $pkgs) -lm
done

for t in "${targets[@]}"; do
  corpus="$out/corpus-$t"
  mkdir -p "$corpus"
  echo "==> fuzzing $t for $seconds s" >&2
  ASAN_OPTIONS=detect_leaks=1 "$out/fuzz-$t" "$corpus" "tests/fuzz/corpus-$t" \
    -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$out/crashes/$t-" -print_final_stats=1 2>&1 | tail -20
done
