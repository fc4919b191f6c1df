"""Run by test_app.py in a subprocess: quit the real app loop in the middle of a download.

Goes through ``novelfetch.gui.app.main.run`` exactly as ``novelfetch`` does, asks Qt to quit
(``QApplication.quit()``, what Ctrl+Q and a session logout do) once some chapters are in, and
prints what it finds afterwards as JSON.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from novelfetch.core.store.chapter_store import Store
from novelfetch.gui import MainWindow
from novelfetch.gui.app.main import create_app, run
from novelfetch.gui.pages.book.job_state import JobState
from novelfetch.sample.library import SampleBook
from novelfetch.sample.server import SampleServer


def main(folder: Path) -> int:
    app = create_app(["quit-scenario"])
    seen: dict[str, Any] = {}

    async def drive(window: MainWindow) -> None:
        library = {"5": SampleBook("5", "退出测试", "某人", "", 300, chars_per_chapter=200)}
        async with SampleServer(library, latency=0.02) as server:
            window.settings.api_base = server.api_base
            loop = asyncio.get_running_loop()
            ready: asyncio.Future[None] = loop.create_future()
            some: asyncio.Future[None] = loop.create_future()

            def on_state(state: JobState) -> None:
                if state is JobState.READY and not ready.done():
                    ready.set_result(None)

            def on_progress(batch: Any) -> None:
                if batch.event.done >= 20 and not some.done():
                    some.set_result(None)

            window.controller.state_changed.connect(on_state)
            window.controller.progressed.connect(on_progress)
            window.book_input.setText("5")
            window.load_book()
            await asyncio.wait_for(ready, 20)
            window.start_download()
            await asyncio.wait_for(some, 20)
            seen["job"] = window.controller.active_job
            seen["server"] = server
            QApplication.quit()
            await asyncio.Event().wait()  # the server stays up until the runner ends

    def make_window() -> MainWindow:
        settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
        settings.setValue("window/output_dir", str(folder))
        settings.setValue("window/concurrency", 4)
        window = MainWindow(settings, folder / "store")
        seen["window"] = window
        seen["driver"] = asyncio.get_running_loop().create_task(drive(window))
        return window

    code = run(app, make_window)
    window: MainWindow = seen["window"]
    loaded = window.controller.loaded
    assert loaded is not None
    with Store.in_folder(folder / "store") as store:
        stored = store.stored_ids(loaded.book)
    job = seen["job"]
    report = {
        "exit_code": code,
        "state": window.controller.state.value,
        "stored_in_store": len(stored),
        "stored_in_memory": len(loaded.stored),
        "store_matches_memory": stored == loaded.stored,
        "session_closed": job is not None and job._session is not None and job._session.closed,
        "tasks_left": window.controller.tasks.running,
        "requests": sum(seen["server"].stats.chapter_requests.values()),
    }
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
