"""Which Qt files the frozen app leaves out: the spec filters PyInstaller's lists through these.

PySide6's hooks collect far more than a Widgets app uses (``--exclude-module`` barely helps,
since plugins pull libraries back in), so the filter works on destination paths.
``NOVELFETCH_NO_TRIM=1`` keeps everything, to measure what trimming saves.
"""

from __future__ import annotations

import os
import re
import sys

# Qt libraries a Widgets app on the asyncio loop never loads (QML, Quick, PDF, networking:
# our networking is aiohttp's), plus the plugins that would pull them back in.
_UNUSED_LIBRARIES = re.compile(
    r"libQt6(Qml\w*|Quick\w*|Pdf\w*|VirtualKeyboard\w*|Network\w*|OpenGL(?!Widgets)\w*"
    r"|Designer\w*|Test|Sql|Concurrent|Xml|Help|UiTools|SerialPort|Positioning\w*)\b"
    r"|Qt6(Qml|Quick|Pdf|Network|Sql|Test)\w*\.dll"
)
# libQt6EglFS* only serve the eglfs platform (embedded devices).
_UNUSED_QT_HELPERS = re.compile(r"libQt6EglF[Ss]\w*")
_UNUSED_PLUGIN_FOLDERS = (
    "qmltooling",
    "sqldrivers",
    "networkinformation",
    "tls",
    "designer",
    "generic",
    "egldeviceintegrations",
    "printsupport",
    "vectorimageformats",
    "wayland-graphics-integration-server",
)
# Everything a desktop session needs (xcb, Wayland, macOS, Windows) plus offscreen for
# --self-test; the framebuffer and VNC platforms are for embedded devices.
_UNUSED_PLATFORMS = re.compile(r"q(minimal|minimalegl|vnc|linuxfb|eglfs|vkkhrdisplay)\b")
# The GTK3 platform theme drags in GTK's whole stack (cairo, pango, gdk-pixbuf, atk); Qt's
# own style and the xdg-desktop-portal theme remain.
_UNUSED_THEMES = re.compile(r"libqgtk3")
# The desktop's own libraries: they must match the running X server, font setup and session
# bus, so (as AppImage does) they come from the system. README lists them for packagers.
_SYSTEM_LIBRARIES = re.compile(
    r"^lib(X11|X11-xcb|Xau|Xdmcp|Xext|Xrender|xcb[\w-]*|xkbcommon[\w-]*|fontconfig|freetype"
    r"|glib-2\.0|gio-2\.0|gobject-2\.0|gmodule-2\.0|gthread-2\.0|dbus-1|systemd|gcrypt"
    r"|gpg-error|selinux|mount|blkid|cap|lz4|pcre2-8|expat|png16|harfbuzz|graphite2|brotli\w*"
    r"|bsd|md|uuid"
    # Only the dropped GTK theme plugin uses these:
    r"|cairo|cairo-gobject|pango-1\.0|pangocairo-1\.0|pangoft2-1\.0|atk-1\.0|gdk_pixbuf-2\.0"
    r"|pixman-1|thai|datrie|fribidi)\.so"
)
# lxml parts ebooklib never imports.
_UNUSED_PYTHON_PARTS = re.compile(r"^lxml/(objectify|isoschematron)")
# Translations of the app's own languages only: Chinese and English; and all of ours
# (novelfetch/resources/translations/*.qm; the .ts sources are not needed at run time).
_KEPT_TRANSLATION = re.compile(r"qt(base)?_(zh_CN|zh_TW|en)\.qm$|^novelfetch_\w+\.qm$")


def _keep(destination: str) -> bool:
    if os.environ.get("NOVELFETCH_NO_TRIM") == "1":
        return True
    path = destination.replace("\\", "/")
    name = path.rsplit("/", 1)[-1]
    if "/translations/" in path or path.endswith("/translations"):
        return bool(_KEPT_TRANSLATION.search(name))
    if "/plugins/" in path:
        folder = path.split("/plugins/", 1)[1].split("/", 1)[0]
        if folder in _UNUSED_PLUGIN_FOLDERS:
            return False
        if folder == "platforms" and _UNUSED_PLATFORMS.search(name):
            return False
        if folder == "platformthemes" and _UNUSED_THEMES.search(name):
            return False
    if "/qml/" in path or _UNUSED_PYTHON_PARTS.search(path):
        return False
    return not (_UNUSED_LIBRARIES.search(name) or _UNUSED_QT_HELPERS.search(name))


def keep_binary(destination: str) -> bool:
    if os.environ.get("NOVELFETCH_NO_TRIM") != "1" and sys.platform.startswith("linux"):
        name = destination.replace("\\", "/").rsplit("/", 1)[-1]
        if "/" not in destination and _SYSTEM_LIBRARIES.search(name):
            return False
    return _keep(destination)


def keep_data(destination: str) -> bool:
    return _keep(destination)
