"""Started where the window cannot open, it says why, names what is missing, and points to
the command line, instead of Qt's abort."""

from __future__ import annotations

import ctypes.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from novelfetch.gui.app.display import (
    NO_DISPLAY_EXIT,
    XCB_LIBRARIES,
    cannot_connect,
    no_display_reason,
)

ROOT = Path(__file__).resolve().parents[2]


def unused_display() -> str:
    """An X display number no server listens on here."""
    number = 99
    while Path(f"/tmp/.X11-unix/X{number}").exists():
        number += 1
    return f":{number}"


def run_window(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        environ.pop(name, None)
    return subprocess.run(
        [sys.executable, "-m", "novelfetch"],
        env={**environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_entry_point_without_a_display_exits_2_with_a_clear_message(tmp_path: Path) -> None:
    result = run_window(tmp_path)
    assert result.returncode == NO_DISPLAY_EXIT == 2, result.stderr
    assert "needs a display" in result.stderr
    assert "novelfetch download" in result.stderr and "novelfetch-cli" in result.stderr
    assert "libxcb-cursor0" not in result.stderr  # Qt's misleading advice never shows


@pytest.mark.skipif(sys.platform != "linux", reason="X11 is Linux's")
def test_an_x11_display_the_window_cannot_use_exits_2_not_134(tmp_path: Path) -> None:
    # Missing libraries (on a machine without them) or no server at that display: either
    # way a sentence saying which, never Qt's abort.
    result = run_window(tmp_path, DISPLAY=unused_display())
    assert result.returncode == 2, result.stderr
    assert "novelfetch: NovelFetch's window cannot" in result.stderr
    assert "novelfetch download" in result.stderr


def test_missing_x11_libraries_are_each_named_with_their_package() -> None:
    missing = {"libxcb-icccm.so.4", "libxcb-keysyms.so.1"}

    def load(name: str) -> object:
        if name in missing:
            raise OSError(f"{name}: cannot open shared object file")
        return object()

    reason = no_display_reason({"DISPLAY": ":0"}, "linux", load, refused=lambda _: False)
    assert reason is not None
    assert "libxcb-icccm.so.4, libxcb-keysyms.so.1" in reason
    assert reason.endswith("sudo apt install libxcb-icccm4 libxcb-keysyms1")
    assert "libxcb-cursor" not in reason  # present: not named
    # Asking for xcb by name is checked the same way.
    assert no_display_reason({"DISPLAY": ":0", "QT_QPA_PLATFORM": "xcb"}, "linux", load) == reason


def test_a_display_nobody_answers_is_named() -> None:
    reason = no_display_reason({"DISPLAY": ":5"}, "linux", lambda _: object(), refused=bool)
    assert reason == "NovelFetch's window cannot connect to the X11 display :5."


@pytest.mark.skipif(ctypes.util.find_library("xcb") is None, reason="needs libxcb")
def test_the_display_check_asks_the_x_server() -> None:
    assert cannot_connect(unused_display())  # nothing listens there


def test_a_display_or_an_explicit_platform_is_trusted() -> None:
    def nothing_loads(name: str) -> object:
        raise OSError(name)

    assert no_display_reason({"WAYLAND_DISPLAY": "wayland-0"}, "linux", nothing_loads) is None
    assert no_display_reason({"QT_QPA_PLATFORM": "offscreen"}, "linux", nothing_loads) is None
    assert no_display_reason({}, "win32", nothing_loads) is None
    assert no_display_reason({}, "linux") is not None
    # X11 asked for by name, with no display to open it on: said, not left to Qt's abort.
    assert "needs a display" in (no_display_reason({"QT_QPA_PLATFORM": "xcb"}, "linux") or "")


def test_the_readme_set_up_names_every_library_and_the_chinese_font() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    set_up = readme.split("## Set up", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"[a-z0-9][a-z0-9.+-]+", set_up))
    wanted = {package for _, package in XCB_LIBRARIES} | {"fonts-noto-cjk"}
    assert wanted <= named, sorted(wanted - named)
