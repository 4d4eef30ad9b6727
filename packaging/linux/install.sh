#!/usr/bin/env bash
# Install HillSprint's desktop integration: the menu entry, the AppStream metadata and the icons.
#
#   packaging/linux/install.sh [install|uninstall]      (or: make install / make uninstall)
#
# Environment: PREFIX (default /usr/local; ~/.local for one user), DESTDIR (staging root for
# distribution packages, default empty). Puts, below $DESTDIR$PREFIX/share:
#
#   applications/<APP_ID>.desktop
#   metainfo/<APP_ID>.metainfo.xml
#   icons/hicolor/<N>x<N>/apps/<APP_ID>.png   (16 ... 512)   and   icons/hicolor/scalable/apps/<APP_ID>.svg
#
# The program itself is not installed here: the menu entry runs `hillsprint`, which pipx, pip or
# a distribution package puts on the PATH (README, "Install"). APP_ID is read from
# hillsprint/__init__.py, like everything else that names the app.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PREFIX=${PREFIX:-/usr/local}
DESTDIR=${DESTDIR:-}
APP_ID=$(sed -n 's/^APP_ID = "\(.*\)"$/\1/p' "$ROOT/hillsprint/__init__.py")
[[ -n $APP_ID ]] || { echo "install.sh: APP_ID not found in hillsprint/__init__.py" >&2; exit 1; }
SHARE="$DESTDIR$PREFIX/share"
ICONS="$ROOT/resources/icons/hicolor"

# Every file: "source target" (target relative to $SHARE).
files() {
    echo "$ROOT/packaging/linux/$APP_ID.desktop applications/$APP_ID.desktop"
    echo "$ROOT/packaging/linux/$APP_ID.metainfo.xml metainfo/$APP_ID.metainfo.xml"
    local icon
    for icon in "$ICONS"/*/apps/"$APP_ID".*; do
        echo "$icon icons/hicolor/${icon#"$ICONS"/}"
    done
}

# Refresh the desktop's caches, only for a live install (not into a DESTDIR staging tree).
refresh_caches() {
    [[ -z $DESTDIR ]] || return 0
    if command -v update-desktop-database >/dev/null; then
        update-desktop-database -q "$SHARE/applications" 2>/dev/null || true
    fi
    if command -v gtk-update-icon-cache >/dev/null && [[ -f $SHARE/icons/hicolor/index.theme ]]; then
        gtk-update-icon-cache -q -t -f "$SHARE/icons/hicolor" 2>/dev/null || true
    fi
}

case ${1:-install} in
    install)
        while read -r source target; do
            [[ -f $source ]] || { echo "install.sh: missing $source" >&2; exit 1; }
            install -D -m 644 "$source" "$SHARE/$target"
            echo "installed $SHARE/$target"
        done < <(files)
        refresh_caches
        if [[ -z $DESTDIR ]] && ! command -v hillsprint >/dev/null; then
            echo "note: 'hillsprint' is not on your PATH yet; the menu entry needs it" \
                "(pipx install . — see README, Install)" >&2
        fi
        ;;
    uninstall)
        while read -r _source target; do
            rm -f "$SHARE/$target" && echo "removed $SHARE/$target"
        done < <(files)
        refresh_caches
        ;;
    *)
        echo "usage: $0 [install|uninstall]   (PREFIX=$PREFIX DESTDIR=$DESTDIR)" >&2
        exit 2
        ;;
esac
