"""Take ``docs/screenshot.png``: the real window, mid-download of the offline sample book.

Run from the repository root: ``QT_QPA_PLATFORM=offscreen python docs/screenshot.py``. It uses
a temporary store and settings, so what it shows is a first download, as a new user sees it.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["QT_API"] = "pyside6"

import qasync
from PySide6.QtCore import QSettings

from novelfetch.gui import MainWindow
from novelfetch.gui.app import create_app
from novelfetch.gui.job_controller import JobState

TARGET = Path(__file__).resolve().parent / "screenshot.png"
GRAB_AT = 52  # chapters done out of 120


async def take(folder: Path) -> None:
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("window/source", "sample")
    (folder / "home" / "Books").mkdir(parents=True)
    settings.setValue("window/output_dir", str(folder / "home" / "Books"))
    settings.setValue("window/concurrency", 8)
    window = MainWindow(settings, folder / "store")
    window.resize(960, 820)
    window.show()
    window.log_panel.set_expanded(True)
    loop = asyncio.get_running_loop()

    ready: asyncio.Future[None] = loop.create_future()
    window.controller.state_changed.connect(
        lambda state: state is JobState.READY and not ready.done() and ready.set_result(None)
    )
    window.book_input.setText("1")
    window.load_book()
    await asyncio.wait_for(ready, 20)
    await asyncio.sleep(0.3)  # the cover arrives asynchronously; let it land first

    grabbed: asyncio.Future[None] = loop.create_future()

    def on_progress(batch: Any) -> None:
        # Connected after the window's own handler, so the widgets already show this batch.
        if batch.event.done >= GRAB_AT and not grabbed.done():
            window.chapters.scroll_to(window.chapters.model.chapters[batch.event.done])
            window.log_panel.flush()
            window.grab().save(str(TARGET))
            window.controller.pause()
            grabbed.set_result(None)

    window.controller.progressed.connect(on_progress)
    window.start_download()
    await asyncio.wait_for(grabbed, 60)
    await window.shutdown()
    window.close()


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        # A stand-in home, so the window shows "~/Books" and nothing of this machine.
        os.environ["HOME"] = str(Path(folder) / "home")
        app = create_app(["novelfetch"])
        with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
            runner.run(take(Path(folder)))
    print(TARGET)
    return 0


if __name__ == "__main__":
    sys.exit(main())
