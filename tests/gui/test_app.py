"""The real entry points, each in its own process with its own (temporary) user folders."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def user_env(home: Path) -> dict[str, str]:
    """A private home: settings, caches and logs land in ``home``, never the real ones."""
    env = dict(os.environ)
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_STATE_HOME=str(home / "state"),
        XDG_DATA_HOME=str(home / "data"),
        QT_QPA_PLATFORM="offscreen",
    )
    env.pop("NOVELFETCH_BAIDU_API_BASE", None)
    return env


def test_no_arguments_opens_the_window_and_sigterm_quits_cleanly(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "novelfetch"],
        env=user_env(tmp_path),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    log_file = tmp_path / "state" / "novelfetch" / "log" / "novelfetch.log"
    try:
        deadline = time.monotonic() + 30
        # Polling a file another process writes: there is no signal to await across processes.
        while "Window shown." not in (log_file.read_text() if log_file.exists() else ""):
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the window never appeared"
            time.sleep(0.05)
        process.send_signal(signal.SIGTERM)
        _out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    assert "Closed cleanly." in log_file.read_text()
    assert (tmp_path / "config" / "NovelFetch" / "NovelFetch.conf").exists()  # geometry saved


def test_quitting_mid_download_cancels_cleanly_and_keeps_chapters(tmp_path: Path) -> None:
    completed = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("quit_scenario.py")), str(tmp_path)],
        env=user_env(tmp_path),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr
    report = json.loads(completed.stdout.strip().splitlines()[-1])
    assert report["exit_code"] == 0
    assert report["session_closed"] and report["tasks_left"] == 0
    assert 20 <= report["stored_in_store"] < 300  # quit mid-way ...
    assert report["store_matches_memory"]  # ... and every fetched chapter is committed
    assert report["state"] == "ready"
    assert "Traceback" not in completed.stderr


IDENTITY_CHECK = """
import asyncio
from PySide6.QtCore import QSettings, QSize
from PySide6.QtWidgets import QApplication, QWidget
from novelfetch.gui import MainWindow
from novelfetch.gui.app.main import create_app
from novelfetch.gui.app.event_loop import new_event_loop

NAMES = '''sourceCombo bookInput loadButton bookTitleLabel bookAuthorLabel chapterCountLabel
chapterList formatCombo outputDirEdit concurrencySpin startButton pauseButton cancelButton
progressBar retryFailedButton openBookButton logView'''.split()

app = create_app(["novelfetch"])

async def main():
    window = MainWindow()  # no arguments: real settings (in the private home) and store
    for name in NAMES:
        widget = window.findChild(QWidget, name)
        assert widget is not None, name
        assert widget.accessibleName(), name
        assert widget.accessibleIdentifier() == name, name
    assert app.applicationName() == "NovelFetch" and app.organizationName() == "NovelFetch"
    assert app.desktopFileName() == "io.github.novelfetch.NovelFetch"
    sizes = app.windowIcon().availableSizes()
    assert QSize(16, 16) in sizes and QSize(512, 512) in sizes, sizes
    assert QSettings("NovelFetch", "NovelFetch").fileName().startswith(%(home)r)
    await window.shutdown()
    print("identity ok")

with asyncio.Runner(loop_factory=lambda: new_event_loop(app)) as runner:
    runner.run(main())
"""


def test_window_constructs_without_arguments_with_identity_and_names(tmp_path: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-c", IDENTITY_CHECK % {"home": str(tmp_path)}],
        env=user_env(tmp_path),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr
    assert "identity ok" in completed.stdout
