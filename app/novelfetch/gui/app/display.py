"""Can the window open here? Asked before the QApplication exists.

Without a display, or without a system library the X11 platform plugin links, Qt aborts
the process (exit 134) with a message about ``libxcb-cursor0``, which sends people looking
for that library whether it is the one missing or not (or whether a library is missing at
all). Asked first, the user gets a sentence that names what is missing and how to get it,
and a pointer to the command line.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo

#: Exit status when the window cannot be shown (the CLI uses 2 for "cannot do that").
NO_DISPLAY_EXIT = 2

#: What Qt's X11 (xcb) platform plugin loads from the system, with the Debian and Ubuntu
#: package of each: PySide6 ships none of them (found with ``ldd`` on the plugin and on
#: libQt6XcbQpa). The README's "Set up" names the same packages.
XCB_LIBRARIES = (
    ("libxcb-cursor.so.0", "libxcb-cursor0"),
    ("libxcb-icccm.so.4", "libxcb-icccm4"),
    ("libxcb-keysyms.so.1", "libxcb-keysyms1"),
    ("libxcb-image.so.0", "libxcb-image0"),
    ("libxcb-util.so.1", "libxcb-util1"),
    ("libxcb-randr.so.0", "libxcb-randr0"),
    ("libxcb-render-util.so.0", "libxcb-render-util0"),
    ("libxcb-render.so.0", "libxcb-render0"),
    ("libxcb-shape.so.0", "libxcb-shape0"),
    ("libxcb-shm.so.0", "libxcb-shm0"),
    ("libxcb-sync.so.1", "libxcb-sync1"),
    ("libxcb-xfixes.so.0", "libxcb-xfixes0"),
    ("libxcb-xkb.so.1", "libxcb-xkb1"),
    ("libxcb.so.1", "libxcb1"),
    ("libX11-xcb.so.1", "libx11-xcb1"),
    ("libX11.so.6", "libx11-6"),
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
)

#: Opens a shared library by name or path; raises ``OSError`` when it cannot.
Loader = Callable[[str], object]


def _tr(text: str) -> str:
    return QCoreApplication.translate("Display", text)


def _load(name: str) -> object:
    return ctypes.CDLL(name)


def missing_xcb_packages(load: Loader = _load) -> list[tuple[str, str]]:
    """The (library, package) pairs of ``XCB_LIBRARIES`` that cannot be loaded here."""
    missing = []
    for library, package in XCB_LIBRARIES:
        try:
            load(library)
        except OSError:
            missing.append((library, package))
    return missing


def _xcb_plugin() -> Path:
    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
    return folder / "platforms" / "libqxcb.so"


def cannot_connect(display: str) -> bool:
    """Whether the X server at ``display`` refuses a connection (as Qt would find)."""
    try:
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError:
        return False  # reported as a missing library instead
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = (ctypes.c_char_p, ctypes.POINTER(ctypes.c_int))
    xcb.xcb_connection_has_error.argtypes = (ctypes.c_void_p,)
    xcb.xcb_disconnect.argtypes = (ctypes.c_void_p,)
    connection = xcb.xcb_connect(display.encode(), None)
    try:
        return bool(xcb.xcb_connection_has_error(connection))
    finally:
        xcb.xcb_disconnect(connection)


def _will_use_xcb(env: Mapping[str, str]) -> bool:
    chosen = env.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip()
    if chosen:
        return chosen == "xcb"  # any other explicit platform is trusted
    return not env.get("WAYLAND_DISPLAY")  # Qt prefers Wayland when a compositor runs


def no_display_reason(
    environ: Mapping[str, str] | None = None,
    platform: str | None = None,
    load: Loader = _load,
    refused: Callable[[str], bool] | None = None,
) -> str | None:
    """Why the window cannot open here, or None when it can (or we cannot tell).

    ``load`` opens a library and ``refused`` tries the display: tests stand in for the
    system's libraries and X server with them.
    """
    env = os.environ if environ is None else environ
    if (platform or sys.platform) != "linux" or not _will_use_xcb(env):
        return None  # Windows and macOS always have a screen; Wayland has its own plugin
    display = env.get("DISPLAY", "")
    if not display:
        return _tr(
            "NovelFetch's window needs a display, and none was found (neither DISPLAY nor"
            " WAYLAND_DISPLAY is set)."
        )
    missing = missing_xcb_packages(load)
    if missing:
        libraries = ", ".join(library for library, _ in missing)
        packages = " ".join(package for _, package in missing)
        return (
            _tr(
                "NovelFetch's window cannot open on this X11 display: Qt needs system libraries"
                " that are missing (%1). On Debian and Ubuntu: sudo apt install %2"
            )
            .replace("%1", libraries)
            .replace("%2", packages)
        )
    plugin = _xcb_plugin()
    if plugin.is_file():
        try:
            load(str(plugin))
        except OSError as error:  # a library outside our list: the loader names it
            return _tr(
                "NovelFetch's window cannot open on this X11 display: Qt's X11 plugin cannot"
                " be loaded (%1)."
            ).replace("%1", str(error))
    if (refused or cannot_connect)(display):
        return _tr("NovelFetch's window cannot connect to the X11 display %1.").replace(
            "%1", display
        )
    return None


def command_line_hint() -> str:
    return _tr(
        "Without a window, use the command line: novelfetch download BOOK"
        " (or novelfetch-cli download BOOK); novelfetch --help lists the commands."
    )


def exit_without_display(environ: Mapping[str, str] | None = None) -> int | None:
    """Print why the window cannot open and return the exit status, or None if it can."""
    reason = no_display_reason(environ)
    if reason is None:
        return None
    print(f"novelfetch: {reason}\n{command_line_hint()}", file=sys.stderr)
    return NO_DISPLAY_EXIT
