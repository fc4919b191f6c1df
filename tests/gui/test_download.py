"""Driving the real window against the real local API server: load, choose, download, write."""

from __future__ import annotations

import asyncio
import re
import zipfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QSpinBox

from novelfetch.core.store.chapter_store import Store
from novelfetch.gui.pages.book.job_state import JobState
from novelfetch.gui.window.message_bar import Level
from novelfetch.sample.server import FaultPlan, SampleServer
from tests.conftest import make_library
from tests.gui.conftest import (
    SignalWaiter,
    WindowFactory,
    load,
    opened,
    progress_waiter,
    state_waiter,
)

CHAPTER_FILE = re.compile(r"c\d{5}\.xhtml$")


def epub_chapters(path: Path) -> int:
    with zipfile.ZipFile(path) as book:
        assert book.testzip() is None
        return sum(bool(CHAPTER_FILE.search(name)) for name in book.namelist())


def type_into(qtbot: Any, spin: QSpinBox, value: int) -> None:
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, str(value))
    qtbot.keyClick(spin, Qt.Key.Key_Return)


async def test_load_choose_range_download_epub(
    qtbot: Any, server: SampleServer, make_window: WindowFactory, tmp_path: Path
) -> None:
    window = make_window(server)
    assert await load(qtbot, window, "1") is JobState.READY
    assert window.book_panel.title.text() == "测试之书"
    assert window.book_panel.author.text() == "测试作者"
    assert window.book_panel.counts.text().startswith("40 chapters · 0 already stored")
    assert window.chapters.model.rowCount() == 40
    assert window.windowTitle() == "测试之书 — NovelFetch"

    type_into(qtbot, window.chapters.first, 5)
    type_into(qtbot, window.chapters.last, 24)
    window.options.format.setCurrentIndex(window.options.format.findData("epub"))
    assert [c.index for c in window.chapters.selected_chapters()] == list(range(5, 25))

    done = state_waiter(window, JobState.DONE, JobState.READY)
    titles: list[str] = []
    window.controller.progressed.connect(lambda _batch: titles.append(window.windowTitle()))
    qtbot.mouseClick(window.progress.start, Qt.MouseButton.LeftButton)
    assert (await done.wait()) == (JobState.DONE,), window.message_bar.text()

    bar = window.progress.bar
    assert bar.value() == bar.maximum() == 20
    path = window.controller.output
    # A range is part of the book: its own file, named for the part (the whole-book rule).
    assert path is not None and path == tmp_path / "out" / "测试之书 (第5-24章).epub"
    assert path.is_file() and epub_chapters(path) == 20
    assert any(t.startswith("Downloading 测试之书 (") for t in titles)
    assert sorted(server.stats.chapter_requests) == sorted(
        make_library()["1"].chapter_id(i) for i in range(5, 25)
    )
    assert window.book_panel.counts.text().startswith("40 chapters · 20 already stored")
    assert window.chapters.model.status(window.chapters.model.chapters[4]) == "stored"
    assert window.chapters.model.status(window.chapters.model.chapters[0]) == "missing"

    assert window.progress.open_book.isEnabled() and window.progress.show_folder.isEnabled()
    qtbot.mouseClick(window.progress.open_book, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.progress.show_folder, Qt.MouseButton.LeftButton)
    assert opened(window) == [QUrl.fromLocalFile(str(path)), QUrl.fromLocalFile(str(path.parent))]
    log = window.log_panel.text()
    assert "Loaded 测试之书" in log and f"Wrote {path}" in log


async def test_txt_of_only_chapters_not_yet_stored(
    qtbot: Any, server: SampleServer, make_window: WindowFactory, tmp_path: Path
) -> None:
    window = make_window(server)
    await load(qtbot, window, "1")
    type_into(qtbot, window.chapters.last, 10)
    done = state_waiter(window, JobState.DONE)
    qtbot.mouseClick(window.progress.start, Qt.MouseButton.LeftButton)
    await done.wait()

    window.chapters.select_all()
    qtbot.mouseClick(window.chapters.only_missing, Qt.MouseButton.LeftButton)
    assert [c.index for c in window.chapters.selected_chapters()] == list(range(11, 41))
    window.options.format.setCurrentIndex(window.options.format.findData("txt"))
    done = state_waiter(window, JobState.DONE)
    qtbot.mouseClick(window.progress.start, Qt.MouseButton.LeftButton)
    await done.wait()
    text = (tmp_path / "out" / "测试之书.txt").read_text(encoding="utf-8")
    titles = make_library()["1"]
    # Only the new chapters were fetched, and the book is still the whole book.
    assert all(titles.chapter_title(i) in text for i in (1, 10, 11, 40))
    assert sum(server.stats.chapter_requests.values()) == 40


async def test_pause_stops_new_requests_and_resume_finishes(
    qtbot: Any, make_window: WindowFactory
) -> None:
    async with SampleServer(make_library(), latency=0.02) as server:
        window = make_window(server, **{"window/concurrency": 2})
        await load(qtbot, window, "1")
        started = progress_waiter(window, 4)
        qtbot.mouseClick(window.progress.start, Qt.MouseButton.LeftButton)
        await started.wait()

        paused = state_waiter(window, JobState.PAUSED)
        qtbot.mouseClick(window.progress.pause, Qt.MouseButton.LeftButton)
        await paused.wait()
        assert window.progress.pause.text() == "Resume"
        assert window.windowTitle().startswith("Paused: 测试之书")
        # At most the two requests already under way may still arrive; then nothing for a
        # stretch many times the server latency (this sleep observes quiet, it is not a wait).
        requested = sum(server.stats.chapter_requests.values())
        await asyncio.sleep(0.3)
        quiet = sum(server.stats.chapter_requests.values())
        assert quiet <= requested + 2
        assert not window.progress.start.isEnabled() and window.progress.cancel.isEnabled()

        done = state_waiter(window, JobState.DONE)
        qtbot.mouseClick(window.progress.pause, Qt.MouseButton.LeftButton)
        assert window.progress.pause.text() == "Pause"
        await done.wait()
        assert sum(server.stats.chapter_requests.values()) == 40
        assert set(server.stats.chapter_requests.values()) == {1}
        assert quiet < 40


async def test_cancel_then_start_again_fetches_nothing_twice(
    qtbot: Any, make_window: WindowFactory, tmp_path: Path
) -> None:
    async with SampleServer(make_library(), latency=0.02) as server:
        window = make_window(server, **{"window/concurrency": 4})
        await load(qtbot, window, "1")
        some = progress_waiter(window, 10)
        qtbot.mouseClick(window.progress.start, Qt.MouseButton.LeftButton)
        await some.wait()

        cancelled = state_waiter(window, JobState.READY)
        qtbot.mouseClick(window.progress.cancel, Qt.MouseButton.LeftButton)
        await cancelled.wait()
        assert window.progress.start.isEnabled() and not window.progress.cancel.isEnabled()
        loaded = window.controller.loaded
        assert loaded is not None
        kept = set(loaded.stored)
        assert 10 <= len(kept) < 40
        with Store.in_folder(tmp_path / "store") as store:  # committed, not just in memory
            assert store.stored_ids(loaded.book) == kept
        assert window.chapters.model.stored_count == len(kept)

        done = state_waiter(window, JobState.DONE)
        qtbot.mouseClick(window.progress.start, Qt.MouseButton.LeftButton)
        await done.wait()
        counts = server.stats.chapter_requests
        assert len(counts) == 40
        assert all(counts[chapter_id] == 1 for chapter_id in kept)
        # Only requests cut off by the cancel (at most one per worker) were made again.
        assert sum(counts.values()) - 40 <= 4
        assert epub_chapters(tmp_path / "out" / "测试之书.epub") == 40


async def test_retry_failed_fetches_only_the_failed_chapters(
    qtbot: Any, make_window: WindowFactory, tmp_path: Path
) -> None:
    book = make_library()["1"]
    broken = {book.chapter_id(7): ["500"] * 2, book.chapter_id(30): ["html"] * 2}
    async with SampleServer(make_library(), faults=FaultPlan(scripted=broken)) as server:
        window = make_window(server, **{"network/retries": 1})
        await load(qtbot, window, "1")
        done = state_waiter(window, JobState.DONE)
        warned = SignalWaiter(
            window.controller.message, lambda level, _text: level is Level.WARNING
        )
        qtbot.mouseClick(window.progress.start, Qt.MouseButton.LeftButton)
        await done.wait()
        await warned.wait()
        assert "without 2 chapters" in window.message_bar.text()
        assert window.progress.failed.text() == "2 failed"
        assert window.progress.retry.isEnabled()
        model = window.chapters.model
        assert [model.status(c) for c in (model.chapters[6], model.chapters[29])] == [
            "failed",
            "failed",
        ]
        log = window.log_panel.text()
        assert "Chapter 7" in log and "HTTP 500" in log
        assert "Chapter 30" in log and "web page instead of data" in log
        assert epub_chapters(tmp_path / "out" / "测试之书.epub") == 38

        server.stats.reset()
        done = state_waiter(window, JobState.DONE)
        qtbot.mouseClick(window.progress.retry, Qt.MouseButton.LeftButton)
        await done.wait()
        assert set(server.stats.chapter_requests) == set(broken)
        assert window.progress.failed.text() == "No failures"
        assert not window.progress.retry.isEnabled()
        assert model.status(model.chapters[6]) == "stored"
        assert epub_chapters(tmp_path / "out" / "测试之书.epub") == 40


async def test_paid_chapters_are_marked(
    qtbot: Any, server: SampleServer, make_window: WindowFactory
) -> None:
    window = make_window(server)
    await load(qtbot, window, "3")
    model = window.chapters.model
    assert [model.status(c) for c in model.chapters] == ["missing"] * 4 + ["paid"] * 2
    assert "2 paid" in window.book_panel.counts.text()
    tip = model.data(model.index(4, 1), Qt.ItemDataRole.ToolTipRole)
    assert "paid" in tip.lower()


async def test_starting_again_with_everything_stored_just_writes_the_book(
    qtbot: Any, server: SampleServer, make_window: WindowFactory, tmp_path: Path
) -> None:
    window = make_window(server)
    await load(qtbot, window, "3")
    type_into(qtbot, window.chapters.last, 4)  # the free chapters
    for _ in range(2):
        done = state_waiter(window, JobState.DONE)
        qtbot.mouseClick(window.progress.start, Qt.MouseButton.LeftButton)
        await done.wait()
    assert sum(server.stats.chapter_requests.values()) == 4  # the second run fetched nothing
    assert window.progress.bar.text() == "All chosen chapters are already stored"
    assert epub_chapters(tmp_path / "out" / "付费之书 (第1-4章).epub") == 4
    assert "Nothing changed" in window.message_bar.text()  # the file was left as it was
