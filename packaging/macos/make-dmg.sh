#!/bin/sh
# Wrap dist/NovelFetch.app (from `python packaging/build.py` on macOS) in a compressed disk
# image with an Applications shortcut, so users drag the app across to install it.
# Unsigned: for distribution, sign first (codesign --deep --options runtime -s "Developer ID")
# and notarise the .dmg (xcrun notarytool submit --wait) before publishing.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
app="$root/dist/NovelFetch.app"
version=$(/usr/libexec/PlistBuddy -c "Print CFBundleShortVersionString" "$app/Contents/Info.plist")
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp -R "$app" "$stage/"
ln -s /Applications "$stage/Applications"
hdiutil create -volname "NovelFetch $version" -srcfolder "$stage" -fs HFS+ -format UDZO \
  -ov "$root/dist/NovelFetch-$version.dmg"
echo "dist/NovelFetch-$version.dmg"
