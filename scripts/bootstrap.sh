#!/usr/bin/env bash
# HillSprint developer bootstrap: system libraries for Qt, and the project's .venv.
#
#   scripts/bootstrap.sh sysdeps test|run|bundle   check (and, as root on Debian, install) what
#                                           Qt needs (bundle: also what PyInstaller needs)
#   scripts/bootstrap.sh venv               create .venv / reinstall when pyproject.toml changed
#
# The Makefile calls both before `make test` and `make run`. Everything is a no-op (a couple of
# stat calls and one dpkg-query) when the machine and .venv are already set up.
set -euo pipefail

cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
VENV="${VENV:-.venv}"
STAMP="$VENV/.hillsprint-installed"

say() { printf 'bootstrap: %s\n' "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }

# --- System libraries (Debian/Ubuntu package names) ---------------------------------------------
# Worked out with ldd/objdump on PySide6-Essentials 6.11.3 wheels (Qt/lib, plugins/platforms).
# "a|b" means: either package satisfies it (Debian 13 renamed glib for 64-bit time_t).
#
# Tests use QT_QPA_PLATFORM=offscreen: QtCore/Gui/Widgets/Test/DBus/Network + libqoffscreen.so.
# fonts-dejavu-core: without any font Qt logs warnings, and pytest fails on Qt warnings.
# libpulse0: QtMultimedia's PulseAudio backend (QSoundEffect, PySide6-Addons); libxext6 and
# libxrandr2: its ffmpeg plugin. pulseaudio: the tests run a private server with a null sink,
# so the real audio path is exercised on machines without a sound card. dbus-daemon: the
# keep-awake tests run a private session bus with a fake screen saver service.
# desktop-file-utils and appstream: tests/packaging/ validate the desktop entry and the AppStream
# metadata with desktop-file-validate and appstreamcli.
PKGS_OFFSCREEN=(
    libgl1 libegl1 libx11-6 libxkbcommon0 "libglib2.0-0t64|libglib2.0-0" libfontconfig1
    libfreetype6 fonts-dejavu-core libdbus-1-3 libgssapi-krb5-2 libpulse0 libxext6 libxrandr2
    pulseaudio "dbus-daemon|dbus" desktop-file-utils appstream
)
# packaging/pyinstaller/build.sh: PyInstaller needs objdump on Linux.
PKGS_BUNDLE=(binutils)
# A real window (libqxcb.so, libQt6XcbQpa.so.6, xcbglintegrations). Qt 6 no longer needs xinerama.
PKGS_XCB=(
    libx11-xcb1 libxcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
    libxcb-render0 libxcb-render-util0 libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-util1
    libxcb-xfixes0 libxcb-xkb1 libxcb-glx0 libxkbcommon-x11-0
)

# Prints each wanted entry none of whose alternatives is installed (one dpkg-query call).
missing_pkgs() {
    local entry alt ok
    local -A installed=()
    while read -r status pkg; do
        [[ $status == ii ]] && installed[${pkg%%:*}]=1
    done < <(dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' ${*//|/ } 2>/dev/null || true)
    for entry in "$@"; do
        ok=no
        IFS='|' read -ra alts <<<"$entry"
        for alt in "${alts[@]}"; do
            [[ -n ${installed[$alt]:-} ]] && ok=yes
        done
        [[ $ok == yes ]] || printf '%s\n' "$entry"
    done
}

# The first alternative apt knows a candidate for.
pick_candidate() {
    local entry=$1 alt
    IFS='|' read -ra alts <<<"$entry"
    for alt in "${alts[@]}"; do
        if apt-cache policy "$alt" 2>/dev/null | grep -q 'Candidate: [^(]'; then
            printf '%s\n' "$alt"; return 0
        fi
    done
    printf '%s\n' "${alts[-1]}"
}

sysdeps() {
    local what=${1:-test} wanted
    case $what in
        test) wanted=("${PKGS_OFFSCREEN[@]}") ;;
        run) wanted=("${PKGS_OFFSCREEN[@]}" "${PKGS_XCB[@]}") ;;
        bundle) wanted=("${PKGS_OFFSCREEN[@]}" "${PKGS_BUNDLE[@]}") ;;
        *) die "sysdeps: expected 'test', 'run' or 'bundle', got '$what'" ;;
    esac
    if [[ ${HILLSPRINT_SKIP_SYSDEPS:-} == 1 ]]; then return 0; fi

    if ! command -v dpkg-query >/dev/null || ! command -v apt-get >/dev/null; then
        say "not a Debian-like system: make sure your distribution's equivalents of these"
        say "Debian packages are installed (Qt needs them): ${wanted[*]//|/ or }"
        return 0
    fi

    local missing
    mapfile -t missing < <(missing_pkgs "${wanted[@]}")
    [[ ${#missing[@]} -eq 0 ]] && return 0 # fast path: nothing to do

    if [[ $(id -u) -ne 0 ]]; then
        local names=()
        for entry in "${missing[@]}"; do names+=("$(pick_candidate "$entry")"); done
        say "Qt needs system libraries that are not installed. Please run:"
        printf '\n    sudo apt-get install %s\n\n' "${names[*]}" >&2
        say "then run the same make command again."
        exit 1
    fi

    say "installing system libraries for Qt (${what}): ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    local log
    log=$(mktemp)
    if ! apt-get update >"$log" 2>&1; then
        tail -n 20 "$log" >&2
        die "apt-get update failed"
    fi
    local names=()
    for entry in "${missing[@]}"; do names+=("$(pick_candidate "$entry")"); done
    if ! apt-get install -y --no-install-recommends "${names[@]}" >"$log" 2>&1; then
        tail -n 20 "$log" >&2
        die "apt-get install ${names[*]} failed"
    fi
    rm -f "$log"
    mapfile -t missing < <(missing_pkgs "${wanted[@]}")
    [[ ${#missing[@]} -eq 0 ]] || die "still missing after apt-get install: ${missing[*]}"
    say "system libraries installed"
}

# --- The virtual environment ------------------------------------------------------------------
venv_ok() { [[ -x $VENV/bin/python ]] && "$VENV/bin/python" -c 'import sys' 2>/dev/null; }

venv() {
    if venv_ok && [[ -f $STAMP && ! pyproject.toml -nt $STAMP ]]; then
        return 0 # fast path
    fi
    if ! venv_ok; then
        command -v "$PYTHON" >/dev/null || die "$PYTHON not found: install Python >= 3.11"
        "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
            || die "$("$PYTHON" -V 2>&1) is too old: HillSprint needs Python >= 3.11 (set PYTHON=...)"
        say "creating $VENV with $("$PYTHON" -V 2>&1)"
        rm -rf "$VENV"
        if ! "$PYTHON" -m venv "$VENV"; then
            rm -rf "$VENV"
            die "'$PYTHON -m venv' failed (on Debian/Ubuntu: sudo apt-get install python3-venv)"
        fi
    fi
    say "installing HillSprint and its test tools into $VENV (pip install -e '.[test]')"
    rm -f "$STAMP"
    local log="$VENV/pip-install.log"
    if ! PIP_DISABLE_PIP_VERSION_CHECK=1 "$VENV/bin/python" -m pip install -e ".[test]" \
        >"$log" 2>&1; then
        tail -n 40 "$log" >&2
        die "pip install failed (full log: $log); the next run will try again"
    fi
    touch "$STAMP"
    say "$VENV is ready"
}

case ${1:-} in
    sysdeps) sysdeps "${2:-test}" ;;
    venv) venv ;;
    *) die "usage: $0 sysdeps test|run|bundle | venv" ;;
esac
