#!/bin/sh
# Install NovelFetch for this user: the app in ~/.local/opt/novelfetch, a `novelfetch` command
# in ~/.local/bin, and the menu entry, icons and AppStream data in ~/.local/share.
# Run from the unpacked tarball. `./install.sh --uninstall` removes it all again.
set -eu
APP_ID=io.github.novelfetch.NovelFetch
DATA="${XDG_DATA_HOME:-$HOME/.local/share}"
OPT="$HOME/.local/opt/novelfetch"
BIN="$HOME/.local/bin"
here=$(cd "$(dirname "$0")" && pwd)

refresh() {
  command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$DATA/applications" || true
  command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$DATA/icons/hicolor" || true
}

if [ "${1:-}" = "--uninstall" ]; then
  rm -rf "$OPT"
  rm -f "$BIN/novelfetch" "$DATA/applications/$APP_ID.desktop" "$DATA/metainfo/$APP_ID.metainfo.xml"
  find "$DATA/icons/hicolor" -name "$APP_ID.*" -delete 2>/dev/null || true
  refresh
  echo "NovelFetch removed."
  exit 0
fi

mkdir -p "$OPT" "$BIN" "$DATA/applications" "$DATA/metainfo"
rm -rf "$OPT"
cp -R "$here/novelfetch" "$OPT"
ln -sf "$OPT/novelfetch" "$BIN/novelfetch"
# Launchers do not always have ~/.local/bin on their PATH: point the entry at the binary.
sed -e "s|^Exec=novelfetch|Exec=$OPT/novelfetch|" -e "s|^TryExec=novelfetch|TryExec=$OPT/novelfetch|" \
  "$here/share/applications/$APP_ID.desktop" > "$DATA/applications/$APP_ID.desktop"
cp "$here/share/metainfo/$APP_ID.metainfo.xml" "$DATA/metainfo/"
mkdir -p "$DATA/icons"
cp -R "$here/share/icons/hicolor" "$DATA/icons/"
refresh
echo "NovelFetch installed: find it in your applications menu, or run $BIN/novelfetch"
