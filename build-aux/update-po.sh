#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Regenerates po/cube.pot from the files in po/POTFILES.in, merges it into
# every language of po/LINGUAS and prints how complete each one is:
#
#   build-aux/update-po.sh           update po/cube.pot and po/LANG.po
#   build-aux/update-po.sh --check   change nothing; fail when a source
#                                    string has no translation (the po-check
#                                    test of the build runs this)
#
# Safe to rerun at any time: new source strings appear untranslated in
# po/LANG.po, changed ones fuzzy with the old translation as a hint, and
# strings gone from the sources become obsolete (#~) entries. Exits non-zero
# when a language has untranslated or fuzzy messages, or when a file with
# translatable strings is missing from po/POTFILES.in.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

check=0
case "${1:-}" in
  '') ;;
  --check) check=1 ;;
  *)
    printf 'Usage: %s [--check]\n' "$0" >&2
    exit 2
    ;;
esac

c_files=()
ui_files=()
other_files=()
while IFS= read -r line || [ -n "$line" ]; do
  line="${line%%#*}"
  line="${line//[[:space:]]/}"
  [ -n "$line" ] || continue
  if [ ! -f "$line" ]; then
    printf 'update-po.sh: %s is listed in po/POTFILES.in but does not exist\n' "$line" >&2
    exit 1
  fi
  case "$line" in
    *.c|*.h) c_files+=("$line") ;;
    *.ui) ui_files+=("$line") ;;
    *) other_files+=("$line") ;;
  esac
done < po/POTFILES.in

# A file with translatable strings that is missing from POTFILES.in would
# silently stay English: refuse.
missing=0
while IFS= read -r f; do
  if ! grep -qxF "$f" po/POTFILES.in; then
    printf 'update-po.sh: %s has translatable strings but is not in po/POTFILES.in\n' "$f" >&2
    missing=1
  fi
done < <(
  shopt -s nullglob globstar
  { grep -lE '(^|[^[:alnum:]_])(_|N_|C_|NC_|ngettext|g_dngettext)[[:space:]]*\(' src/**/*.c || true
    grep -lE 'translatable="(yes|true|1)"' data/**/*.ui || true
  } | sort -u)
[ "$missing" -eq 0 ] || exit 1

# Where the ITS rules for a kind of XML file live: GTK, AppStream and GLib
# install theirs under /usr/share/gettext/its.
its_rules () {
  local dir IFS=:
  for dir in ${XDG_DATA_DIRS:-/usr/local/share:/usr/share} /usr/share; do
    if [ -f "$dir/gettext/its/$1" ]; then
      printf '%s\n' "$dir/gettext/its/$1"
      return 0
    fi
  done
  return 1
}

# extract POT: writes the template of every file in POTFILES.in to POT.
extract () {
  local pot="$1" rules f
  local common=(
    --package-name=cube
    --msgid-bugs-address=https://github.com/cubecrm/cube/issues
    --from-code=UTF-8
    --add-comments=Translators
    --sort-by-file
    --output="$pot"
  )

  rm -f "$pot"
  # C sources: the GLib gettext macros.
  xgettext "${common[@]}" --language=C \
    --keyword=_ --keyword=N_ \
    --keyword=C_:1c,2 --keyword=NC_:1c,2 \
    --keyword=g_dngettext:2,3 --keyword=ngettext:1,2 \
    --keyword=g_dpgettext2:2c,3 \
    --flag=g_strdup_printf:1:c-format \
    --flag=g_string_printf:2:c-format \
    --flag=g_string_append_printf:2:c-format \
    --flag=g_set_error:4:c-format \
    --flag=g_error_new:3:c-format \
    --flag=g_prefix_error:2:c-format \
    --flag=g_print:1:c-format \
    --flag=g_printerr:1:c-format \
    --flag=g_snprintf:3:c-format \
    "${c_files[@]}"

  # GtkBuilder files: every element marked translatable="yes" (properties,
  # menu attributes, accessibility properties), context="…" as msgctxt.
  # GTK 4's own rules first; gettext's Glade rules as the fallback.
  if [ "${#ui_files[@]}" -gt 0 ]; then
    if rules="$(its_rules gtk4builder.its)"; then
      xgettext "${common[@]}" --join-existing --its="$rules" "${ui_files[@]}"
    else
      xgettext "${common[@]}" --join-existing --language=Glade "${ui_files[@]}"
    fi
  fi

  # .desktop.in, .metainfo.xml.in and .gschema.xml.
  for f in ${other_files[@]+"${other_files[@]}"}; do
    case "$f" in
      *.desktop.in)
        xgettext "${common[@]}" --join-existing --language=Desktop "$f" ;;
      *.metainfo.xml.in|*.appdata.xml.in)
        # The .in suffix hides the file from the locating rules.
        if rules="$(its_rules metainfo.its)"; then
          xgettext "${common[@]}" --join-existing --its="$rules" "$f"
        else
          xgettext "${common[@]}" --join-existing "$f"
        fi
        ;;
      *)
        xgettext "${common[@]}" --join-existing "$f" ;;
    esac
  done
}

# report LANG PO: prints the statistics of PO; fails on untranslated or
# fuzzy messages and names them.
report () {
  local lang="$1" po="$2" stats
  printf '%s: ' "$lang"
  if ! stats="$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$po" 2>&1)"; then
    printf '%s\n' "$stats"
    return 1
  fi
  printf '%s\n' "$stats"
  case "$stats" in
    *untranslated*|*fuzzy*)
      printf 'update-po.sh: po/%s.po needs translations for:\n' "$lang" >&2
      msgattrib --untranslated --no-wrap "$po" | grep -E '^msg(ctxt|id) ' | grep -v '^msgid ""$' >&2 || true
      msgattrib --only-fuzzy --no-wrap "$po" | grep -E '^msg(ctxt|id) ' | grep -v '^msgid ""$' >&2 || true
      return 1
      ;;
  esac
}

languages=()
while IFS= read -r lang || [ -n "$lang" ]; do
  lang="${lang%%#*}"
  lang="${lang//[[:space:]]/}"
  [ -n "$lang" ] && languages+=("$lang")
done < po/LINGUAS

status=0
if [ "$check" -eq 1 ]; then
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  extract "$tmp/cube.pot"
  for lang in "${languages[@]}"; do
    # The file as it is must be valid, and complete for today's sources.
    LC_ALL=C msgfmt --check -o /dev/null "po/$lang.po" || status=1
    msgmerge --quiet --no-wrap -o "$tmp/$lang.po" "po/$lang.po" "$tmp/cube.pot"
    report "$lang" "$tmp/$lang.po" || status=1
  done
  if [ "$status" -ne 0 ]; then
    printf 'update-po.sh: run build-aux/update-po.sh and translate the new strings in po/*.po\n' >&2
  fi
  exit "$status"
fi

extract po/cube.pot.tmp
# Keep the old file when only the creation date changed, so that rerunning
# the script leaves a clean git tree.
if [ -f po/cube.pot ] &&
   diff -q <(grep -v '^"POT-Creation-Date:' po/cube.pot) \
           <(grep -v '^"POT-Creation-Date:' po/cube.pot.tmp) >/dev/null; then
  rm -f po/cube.pot.tmp
else
  mv po/cube.pot.tmp po/cube.pot
fi

for lang in "${languages[@]}"; do
  msgmerge --quiet --update --backup=none --no-wrap "po/$lang.po" po/cube.pot
  report "$lang" "po/$lang.po" || status=1
done
exit "$status"
