"""Take the README's screenshots: the real window, mid-download of the offline sample book.

Run from the repository root: ``QT_QPA_PLATFORM=offscreen python docs/screenshot.py``. With no
arguments it writes ``docs/screenshot-zh.png`` (Chinese), ``docs/screenshot-en.png`` (English)
and ``docs/screenshot-dark.png`` (Chinese, dark). One shot of your own::

    python docs/screenshot.py --language en --scheme dark --size 900x600 --output /tmp/a.png

(set ``QT_SCALE_FACTOR=2`` to check a scaled layout). It uses a temporary store, settings and
home, so what it shows is a first download, as a new user sees it. A CJK font must be
installed (Debian: fonts-noto-cjk), or the Chinese text is drawn as boxes.
"""

from __future__ import annotations

import argparse
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
from PySide6.QtWidgets import QApplication

from novelfetch.gui import MainWindow, setup_app
from novelfetch.gui.pages.book.job_controller import JobState

DOCS = Path(__file__).resolve().parent
GRAB_AT = 52  # chapters done out of 120
DEFAULT_SHOTS = (
    ("zh_CN", "light", DOCS / "screenshot-zh.png"),
    ("en", "light", DOCS / "screenshot-en.png"),
    ("zh_CN", "dark", DOCS / "screenshot-dark.png"),
)


async def take(folder: Path, target: Path, size: tuple[int, int]) -> None:
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("window/source", "sample")
    folder.mkdir(parents=True, exist_ok=True)
    books = Path.home() / "Books"
    books.mkdir(parents=True, exist_ok=True)
    settings.setValue("window/output_dir", str(books))
    settings.setValue("window/concurrency", 8)
    window = MainWindow(settings, folder / "store")
    window.resize(*size)
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
            window.grab().save(str(target))
            window.controller.pause()
            grabbed.set_result(None)

    window.controller.progressed.connect(on_progress)
    window.start_download()
    await asyncio.wait_for(grabbed, 60)
    await window.shutdown()
    window.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--language", choices=("zh_CN", "en"))
    parser.add_argument("--scheme", choices=("light", "dark"), default="light")
    parser.add_argument("--size", default="960x820", help="window size, WIDTHxHEIGHT")
    parser.add_argument("--output", type=Path)
    args = parser.parse_args(argv)
    size = tuple(int(part) for part in args.size.lower().split("x"))
    if args.language or args.output:
        shots = [(args.language or "en", args.scheme, args.output or DOCS / "shot.png")]
    else:
        shots = list(DEFAULT_SHOTS)
    with tempfile.TemporaryDirectory() as temp:
        # A stand-in home, so the window shows "~/Books" and nothing of this machine.
        os.environ["HOME"] = str(Path(temp) / "home")
        app = QApplication(["novelfetch"])
        for number, (language, scheme, target) in enumerate(shots):
            setup_app(app, language=language, colour_scheme=scheme)
            folder = Path(temp) / str(number)
            with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
                runner.run(take(folder, target, (size[0], size[1])))
            print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
