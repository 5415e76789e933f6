#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Shared preparation for build-aux/run.sh and build-aux/test.sh: install the
# Debian packages the project needs, make sure the Norwegian locale exists,
# then configure (meson, into _build/) and build (ninja).
#
# Source it and call the functions, or run it directly to do all three.

CUBE_DEBIAN_PACKAGES=(
  meson ninja-build pkg-config gcc libc6-dev
  libglib2.0-dev libglib2.0-bin libgtk-4-dev libsqlite3-dev libxml2-dev
  libjson-glib-dev gettext
  libarchive-dev
  xvfb xauth dbus dbus-x11 at-spi2-core libgl1-mesa-dri fonts-dejavu-core
  locales desktop-file-utils appstream imagemagick xdotool python3-pyatspi
)

CUBE_SOURCE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CUBE_BUILD_DIR="${CUBE_BUILD_DIR:-$CUBE_SOURCE_ROOT/_build}"

cube_log () {
  printf '==> %s\n' "$*" >&2
}

cube_missing_packages () {
  local pkg status
  for pkg in "${CUBE_DEBIAN_PACKAGES[@]}"; do
    status="$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)"
    if [ "$status" != "install ok installed" ]; then
      printf '%s\n' "$pkg"
    fi
  done
}

# True when the package lists have never been downloaded (fresh container).
cube_apt_lists_empty () {
  ! compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null
}

cube_ensure_packages () {
  local missing=() sudo=()
  mapfile -t missing < <(cube_missing_packages)
  if [ "${#missing[@]}" -eq 0 ]; then
    return 0
  fi

  local install=(apt-get install -y --no-install-recommends "${missing[@]}")

  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo=(sudo)
    else
      printf 'Missing Debian packages: %s\n' "${missing[*]}" >&2
      printf 'Install them as root with:\n  DEBIAN_FRONTEND=noninteractive %s\n' \
        "${install[*]}" >&2
      return 1
    fi
  fi

  cube_log "Installing missing packages: ${missing[*]}"
  # Only refresh the package lists when they are absent or the install fails
  # (stale lists point at versions the archive no longer has).
  if cube_apt_lists_empty; then
    "${sudo[@]}" apt-get update || return 1
  fi
  if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive "${install[@]}"; then
    cube_log "Install failed; refreshing package lists and retrying"
    "${sudo[@]}" apt-get update || return 1
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive "${install[@]}" || return 1
  fi
}

cube_have_nb_locale () {
  locale -a 2>/dev/null | grep -qix 'nb_NO\.utf-\?8'
}

# The Norwegian translations are tested, so nb_NO.UTF-8 must be generated.
cube_ensure_locale () {
  if cube_have_nb_locale; then
    return 0
  fi

  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo=(sudo)
    else
      printf 'The nb_NO.UTF-8 locale is missing. As root, run:\n' >&2
      printf "  sed -i 's/^# *nb_NO.UTF-8 UTF-8/nb_NO.UTF-8 UTF-8/' /etc/locale.gen && locale-gen\n" >&2
      return 1
    fi
  fi

  cube_log "Generating the nb_NO.UTF-8 locale"
  if grep -q '^# *nb_NO\.UTF-8 UTF-8' /etc/locale.gen 2>/dev/null; then
    "${sudo[@]}" sed -i 's/^# *nb_NO\.UTF-8 UTF-8/nb_NO.UTF-8 UTF-8/' /etc/locale.gen || return 1
  elif ! grep -q '^nb_NO\.UTF-8 UTF-8' /etc/locale.gen 2>/dev/null; then
    echo 'nb_NO.UTF-8 UTF-8' | "${sudo[@]}" tee -a /etc/locale.gen >/dev/null || return 1
  fi
  "${sudo[@]}" locale-gen || return 1
}

# Prints the value of one meson option of the configured build directory.
cube_meson_option () {
  meson introspect --buildoptions "$CUBE_BUILD_DIR" 2>/dev/null |
    python3 -c '
import json, sys
name = sys.argv[1]
for opt in json.load(sys.stdin):
    if opt["name"] == name:
        v = opt["value"]
        print(str(v).lower() if isinstance(v, bool) else v)
' "$1"
}

cube_configure () {
  cd "$CUBE_SOURCE_ROOT" || return 1

  if [ ! -d "$CUBE_BUILD_DIR" ]; then
    cube_log "Configuring $CUBE_BUILD_DIR"
    meson setup "$CUBE_BUILD_DIR" --buildtype=debugoptimized -Dwerror=true || return 1
  elif [ ! -f "$CUBE_BUILD_DIR/meson-private/coredata.dat" ] ||
       [ ! -f "$CUBE_BUILD_DIR/build.ninja" ]; then
    # An interrupted setup leaves a directory meson does not recognise.
    cube_log "Reconfiguring incomplete $CUBE_BUILD_DIR"
    meson setup --wipe "$CUBE_BUILD_DIR" --buildtype=debugoptimized -Dwerror=true || return 1
  elif ! meson introspect --buildoptions "$CUBE_BUILD_DIR" >/dev/null 2>&1; then
    # Typically written by another meson version.
    cube_log "Reconfiguring $CUBE_BUILD_DIR"
    meson setup --reconfigure "$CUBE_BUILD_DIR" -Dwerror=true || return 1
  elif [ "$(cube_meson_option werror)" != "true" ]; then
    # Warnings are errors in every build the scripts make, as in CI.
    cube_log "Turning on -Dwerror=true in $CUBE_BUILD_DIR"
    meson configure "$CUBE_BUILD_DIR" -Dwerror=true || return 1
  fi
}

cube_build () {
  cube_configure || return 1
  cube_log "Building"
  ninja -C "$CUBE_BUILD_DIR" || return 1
}

cube_prepare () {
  cube_ensure_packages || return 1
  cube_ensure_locale || return 1
  cube_build || return 1
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  cube_prepare
fi
