"""Started with no display, the window says so and points to the command line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from novelfetch.gui.app.display import NO_DISPLAY_EXIT, no_display_reason


def test_the_entry_point_without_a_display_exits_2_with_a_clear_message(tmp_path: Path) -> None:
    env = {**os.environ, "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        env.pop(name, None)
    result = subprocess.run(
        [sys.executable, "-m", "novelfetch"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == NO_DISPLAY_EXIT == 2, result.stderr
    assert "needs a display" in result.stderr
    assert "novelfetch download" in result.stderr and "novelfetch-cli" in result.stderr
    assert "libxcb-cursor0" not in result.stderr  # Qt's misleading advice never shows


def test_a_display_or_an_explicit_platform_is_trusted() -> None:
    assert no_display_reason({"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None
    assert no_display_reason({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert no_display_reason({}, "win32") is None
    assert no_display_reason({}, "linux") is not None
