#!/usr/bin/env bash
# Build HillSprint's one-folder PyInstaller bundle and prove it works:
#
#   packaging/pyinstaller/build.sh            # build dist/hillsprint/, then check it
#   packaging/pyinstaller/build.sh --archive  # ... and pack dist/hillsprint-<version>-linux-<arch>.tar.gz
#   packaging/pyinstaller/build.sh --time     # ... and time its start-up against `python -m hillsprint`
#
# Steps: the system packages (binutils: PyInstaller needs objdump) and .venv (scripts/bootstrap.sh),
# PyInstaller into .venv if missing, the build (hillsprint.spec; log in build/pyinstaller.log),
# then, with QT_QPA_PLATFORM=offscreen and throw-away HOME/data/config dirs:
#   1. `hillsprint --version` prints the package's version,
#   2. `hillsprint --self-check` passes (every sound, voice clip and icon, a temporary database),
#   3. the main window paints (HILLSPRINT_BENCH_FIRST_PAINT=1 makes it print "first-paint" and quit).
# Exits non-zero, saying which step failed, on any failure. CI runs it (.ci/run).
set -euo pipefail

cd "$(dirname "$0")/../.."
ROOT=$PWD
VENV=${VENV:-.venv}
PY="$VENV/bin/python"
DIST=dist
WORK=build/pyinstaller
BUNDLE="$DIST/hillsprint"
PYINSTALLER_REQ="pyinstaller>=6.10,<7"

say() { printf 'build.sh: %s\n' "$*" >&2; }
die() { say "FAILED: $*"; exit 1; }

archive=no
time_it=no
for arg in "$@"; do
    case $arg in
        --archive) archive=yes ;;
        --time) time_it=yes ;;
        *) die "unknown option $arg (use --archive, --time)" ;;
    esac
done

bash scripts/bootstrap.sh sysdeps bundle
bash scripts/bootstrap.sh venv
if ! "$PY" -c 'import PyInstaller' 2>/dev/null; then
    say "installing PyInstaller into $VENV"
    PIP_DISABLE_PIP_VERSION_CHECK=1 "$PY" -m pip install -q "$PYINSTALLER_REQ" \
        || die "pip install $PYINSTALLER_REQ"
fi
VERSION=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' hillsprint/__init__.py)

say "building $BUNDLE with PyInstaller $("$PY" -m PyInstaller --version) (log: build/pyinstaller.log)"
mkdir -p build
start=$SECONDS
if ! "$PY" -m PyInstaller --noconfirm --clean --log-level WARN --distpath "$DIST" \
    --workpath "$WORK" packaging/pyinstaller/hillsprint.spec >build/pyinstaller.log 2>&1; then
    tail -n 40 build/pyinstaller.log >&2
    die "pyinstaller (full log: build/pyinstaller.log)"
fi
say "built in $((SECONDS - start)) s: $(du -sh "$BUNDLE" | cut -f1) in $(find "$BUNDLE" -type f | wc -l) files"

# A sandbox: the checks must not see the checkout, the user's files or a display.
SANDBOX=$(mktemp -d "${TMPDIR:-/tmp}/hillsprint-bundle.XXXXXX")
trap 'rm -rf "$SANDBOX"' EXIT
mkdir -p "$SANDBOX/home" "$SANDBOX/runtime"
chmod 700 "$SANDBOX/runtime"
run_bundle() {
    (cd "$SANDBOX" && env -u DISPLAY -u WAYLAND_DISPLAY QT_QPA_PLATFORM=offscreen \
        HOME="$SANDBOX/home" XDG_RUNTIME_DIR="$SANDBOX/runtime" \
        XDG_CONFIG_HOME="$SANDBOX/home/.config" XDG_DATA_HOME="$SANDBOX/home/.local/share" \
        HILLSPRINT_DATA_DIR="$SANDBOX/data" HILLSPRINT_CONFIG_DIR="$SANDBOX/config" \
        PYTHONPATH= "$@")
}

say "1. --version"
got=$(run_bundle timeout 60 "$ROOT/$BUNDLE/hillsprint" --version) || die "hillsprint --version"
[[ $got == "HillSprint $VERSION" ]] || die "--version printed '$got', expected 'HillSprint $VERSION'"

say "2. --self-check"
run_bundle timeout 180 "$ROOT/$BUNDLE/hillsprint" --self-check || die "the bundle's --self-check"

say "3. the main window paints"
# (stderr to a file: the offscreen platform's "does not support propagateSizeHints()" is noise)
if ! out=$(run_bundle env HILLSPRINT_BENCH_FIRST_PAINT=1 timeout 60 "$ROOT/$BUNDLE/hillsprint" \
    2>"$SANDBOX/paint.err") || ! grep -qx first-paint <<<"$out"; then
    cat "$SANDBOX/paint.err" >&2
    die "the bundle's main window did not paint (stdout: $out)"
fi

if [[ $archive == yes ]]; then
    name="hillsprint-$VERSION-linux-$(uname -m)"
    tar -C "$DIST" --transform "s,^hillsprint,$name," -czf "$DIST/$name.tar.gz" hillsprint
    say "archive: $DIST/$name.tar.gz ($(du -h "$DIST/$name.tar.gz" | cut -f1))"
fi
if [[ $time_it == yes ]]; then
    "$PY" packaging/pyinstaller/time_startup.py "$BUNDLE/hillsprint"
fi
say "ok: $BUNDLE ($(du -sh "$BUNDLE" | cut -f1)), HillSprint $VERSION"
