"""GUI tests: the real window, offscreen, on a qasync loop, against real local servers.

Waiting is always "await a future with a timeout" tied to a signal; never ``qtbot.wait*``
(a nested Qt loop inside a running coroutine breaks asyncio) and never a sleep to let
things settle.
"""

from __future__ import annotations

import asyncio
import gc
import os
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QSettings, Qt, QUrl
from PySide6.QtWidgets import QApplication

from novelfetch.gui import MainWindow, setup_app
from novelfetch.gui.app import worker_thread
from novelfetch.gui.app.event_loop import new_event_loop
from novelfetch.gui.pages.book.job_state import JobState
from novelfetch.sample.server import SampleServer

TIMEOUT = 15.0


def _qasync_loop() -> asyncio.AbstractEventLoop:
    app = QApplication.instance() or QApplication(["novelfetch-tests"])
    return new_event_loop(app)  # the window's own loop: qasync's, run in slices


def pytest_asyncio_loop_factories(config: pytest.Config, item: pytest.Item) -> dict:
    return {"qasync": _qasync_loop}


@pytest.fixture(autouse=True)
def collector_on_again() -> Iterator[None]:
    """Each test starts with the garbage collector on, as a process does.

    A worker thread pauses the collector while it runs (``gui/app/worker_thread.py``) and the
    event loop switches it back on when the work ends; a test whose loop closed while a worker
    was still running never hears that, and left it off for every later test.
    """
    yield
    if not gc.isenabled():
        worker_thread._running = 0
        gc.enable()


@pytest.fixture(autouse=True)
def collect_previous_tests_garbage() -> None:
    """Free earlier tests' unreachable Qt objects now, in the GUI thread.

    Each test closes its own event loop; qasync's timer object for it can hold Qt timers that
    only the GUI thread may unregister. Collected here, that is where they go.
    """
    gc.collect()


class SignalWaiter:
    """A future that resolves with the arguments of the first emission that matches.

    Create it *before* triggering the action, then ``await waiter.wait()``.
    """

    def __init__(self, signal: Any, predicate: Callable[..., bool] = lambda *_: True) -> None:
        self.future: asyncio.Future[tuple] = asyncio.get_running_loop().create_future()
        self._signal, self._predicate = signal, predicate
        signal.connect(self._on_emit)

    def _on_emit(self, *args: Any) -> None:
        if not self.future.done() and self._predicate(*args):
            self.future.set_result(args)

    async def wait(self, timeout: float = TIMEOUT) -> tuple:
        try:
            return await asyncio.wait_for(self.future, timeout)
        finally:
            self._signal.disconnect(self._on_emit)


def state_waiter(window: MainWindow, *states: JobState) -> SignalWaiter:
    return SignalWaiter(window.controller.state_changed, lambda state: state in states)


def progress_waiter(window: MainWindow, done_at_least: int) -> SignalWaiter:
    return SignalWaiter(
        window.controller.progressed, lambda batch: batch.event.done >= done_at_least
    )


def make_settings(path: Path, **values: Any) -> QSettings:
    """A QSettings in a temporary ini file: tests never read or write the user's own."""
    settings = QSettings(str(path), QSettings.Format.IniFormat)
    defaults = {"network/retries": 1, "network/timeout": 5.0, "window/concurrency": 4}
    for key, value in {**defaults, **values}.items():
        settings.setValue(key, value)
    settings.sync()
    return settings


WindowFactory = Callable[..., MainWindow]


@pytest.fixture
async def make_window(qtbot: Any, tmp_path: Path) -> AsyncIterator[WindowFactory]:
    """Build shown windows over a temporary store and output folder; shut them down after."""
    windows: list[MainWindow] = []
    (tmp_path / "out").mkdir(exist_ok=True)

    def factory(
        server: SampleServer | None = None,
        settings: QSettings | None = None,
        store_dir: Path | None = None,
        data_dir: Path | None = None,
        language: str = "en",
        colour_scheme: str = "light",
        **values: Any,
    ) -> MainWindow:
        if settings is None:
            if server is not None:
                values.setdefault("baidu/api_base", server.api_base)
            values.setdefault("window/output_dir", str(tmp_path / "out"))
            settings = make_settings(tmp_path / f"settings{len(windows)}.ini", **values)
        # Explicit language and colours: never the machine's locale or the user's settings.
        setup_app(QApplication.instance(), language=language, colour_scheme=colour_scheme)
        # Imported sources go to a temporary data folder too, never the user's.
        window = MainWindow(
            settings, store_dir or tmp_path / "store", data_dir or tmp_path / "data"
        )
        window.opened_urls = []  # type: ignore[attr-defined]
        window.open_url = lambda url: window.opened_urls.append(url) or True  # type: ignore
        # Not qtbot.addWidget: pytest-qt would delete the window before this fixture's
        # teardown could shut its tasks down.
        window.show()
        windows.append(window)
        return window

    yield factory
    for window in windows:
        await window.shutdown()
        window.close()
        window.deleteLater()
    # Back to English and light: later tests may read texts without building a window.
    setup_app(QApplication.instance(), language="en", colour_scheme="light")


async def load(qtbot: Any, window: MainWindow, text: str) -> JobState:
    """Type ``text`` into the book field, press Enter, and wait for the outcome."""
    waiter = state_waiter(window, JobState.READY, JobState.IDLE)
    window.book_input.clear()
    qtbot.keyClicks(window.book_input, text)
    qtbot.keyClick(window.book_input, Qt.Key.Key_Return)
    (state,) = await waiter.wait()
    return state


def opened(window: MainWindow) -> list[QUrl]:
    return window.opened_urls  # type: ignore[attr-defined]
