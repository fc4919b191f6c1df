"""Is there a display to open the window on? Asked before the QApplication exists.

Without one, Qt aborts the process (exit 134) with a message about ``libxcb-cursor0`` that
sends people looking for a library when what they lack is a screen. Asked first, the user
gets a sentence that says so and points to the command line instead.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication

#: Exit status when the window cannot be shown (the CLI uses 2 for "cannot do that").
NO_DISPLAY_EXIT = 2
# The xcb platform plugin links this, and PySide6 does not ship it: without it Qt aborts.
_XCB_CURSOR = "libxcb-cursor.so.0"


def _tr(text: str) -> str:
    return QCoreApplication.translate("Display", text)


def no_display_reason(
    environ: Mapping[str, str] | None = None, platform: str | None = None
) -> str | None:
    """Why the window cannot open here, or None when it can (or we cannot tell)."""
    env = os.environ if environ is None else environ
    if (platform or sys.platform) != "linux" or env.get("QT_QPA_PLATFORM"):
        return None  # Windows and macOS always have a screen; an explicit platform is trusted
    if env.get("WAYLAND_DISPLAY"):
        return None
    if not env.get("DISPLAY"):
        return _tr(
            "NovelFetch's window needs a display, and none was found (neither DISPLAY nor"
            " WAYLAND_DISPLAY is set)."
        )
    try:
        ctypes.CDLL(_XCB_CURSOR)
    except OSError:
        return _tr(
            "NovelFetch's window cannot open on this X11 display: Qt needs the system library"
            " libxcb-cursor0 (on Debian and Ubuntu: sudo apt install libxcb-cursor0)."
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
