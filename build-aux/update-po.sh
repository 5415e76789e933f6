#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Regenerates po/cube.pot from the files in po/POTFILES.in, merges it into
# every language of po/LINGUAS and prints how complete each one is.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

files=()
while IFS= read -r line; do
  case "$line" in
    ''|'#'*) continue ;;
  esac
  files+=("$line")
done < po/POTFILES.in

xgettext \
  --package-name=cube \
  --from-code=UTF-8 \
  --add-comments=Translators \
  --keyword=_ --keyword=N_ \
  --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dngettext:2,3 \
  --flag=g_strdup_printf:1:c-format \
  --flag=g_set_error:4:c-format \
  --output=po/cube.pot \
  "${files[@]}"

status=0
while IFS= read -r lang; do
  case "$lang" in
    ''|'#'*) continue ;;
  esac
  msgmerge --quiet --update --backup=none --no-fuzzy-matching \
    "po/$lang.po" po/cube.pot
  printf '%s: ' "$lang"
  msgfmt --check --statistics -o /dev/null "po/$lang.po" || status=1
done < po/LINGUAS

exit "$status"
