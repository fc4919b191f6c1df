"""The whole-book rule in the window: a part never overwrites the book, nor a smaller book a
bigger one without the user's say-so."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from novelfetch.gui.pages.book.job_state import JobState
from novelfetch.gui.window.main_window import MainWindow
from novelfetch.sample.server import SampleServer
from tests.gui.conftest import SignalWaiter, WindowFactory, load, state_waiter
from tests.gui.test_download import epub_chapters


async def start_and_wait(qtbot: Any, window: MainWindow) -> None:
    done = state_waiter(window, JobState.DONE)
    qtbot.mouseClick(window.progress.start, Qt.MouseButton.LeftButton)
    await done.wait()


async def test_one_clicked_row_writes_a_part_and_leaves_the_book_whole(
    qtbot: Any, server: SampleServer, make_window: WindowFactory, tmp_path: Path
) -> None:
    window = make_window(server)
    await load(qtbot, window, "1")
    window.chapters.select_all()
    await start_and_wait(qtbot, window)
    book = tmp_path / "out" / "测试之书.epub"
    assert epub_chapters(book) == 40

    # The case: click one row of the list, Start again.
    window.chapters.set_range(7, 7)
    await start_and_wait(qtbot, window)
    assert epub_chapters(book) == 40  # the complete book is intact
    part = tmp_path / "out" / "测试之书 (第7章).epub"
    assert window.controller.output == part and epub_chapters(part) == 1


async def test_only_chapters_not_yet_stored_still_writes_the_whole_book(
    qtbot: Any, server: SampleServer, make_window: WindowFactory, tmp_path: Path
) -> None:
    window = make_window(server)
    await load(qtbot, window, "1")
    window.chapters.set_range(1, 10)
    await start_and_wait(qtbot, window)
    window.chapters.select_all()
    window.chapters.only_missing.setChecked(True)
    await start_and_wait(qtbot, window)
    assert epub_chapters(tmp_path / "out" / "测试之书.epub") == 40
    assert sum(server.stats.chapter_requests.values()) == 40  # nothing fetched twice


async def ask_to_shrink(
    qtbot: Any, server: SampleServer, make_window: WindowFactory, tmp_path: Path
) -> tuple[MainWindow, QMessageBox, Path]:
    """A 40-chapter book on disk, then a fresh store whose whole book would hold five."""
    first = make_window(server)
    await load(qtbot, first, "1")
    first.chapters.select_all()
    await start_and_wait(qtbot, first)
    book = tmp_path / "out" / "测试之书.epub"
    assert epub_chapters(book) == 40

    second = make_window(server, store_dir=tmp_path / "another store")
    await load(qtbot, second, "1")
    second.chapters.set_range(1, 5)
    second.chapters.only_missing.setChecked(True)  # fetch these, write the whole book
    asked = SignalWaiter(second.controller.would_shrink)
    qtbot.mouseClick(second.progress.start, Qt.MouseButton.LeftButton)
    (reason,) = await asked.wait()
    assert "测试之书.epub" in reason
    assert epub_chapters(book) == 40  # untouched while the question is open
    (dialog,) = second.findChildren(QMessageBox, "replaceSmallerDialog")
    assert dialog.isVisible()
    return second, dialog, book


async def test_no_keeps_the_bigger_book(
    qtbot: Any, server: SampleServer, make_window: WindowFactory, tmp_path: Path
) -> None:
    window, dialog, book = await ask_to_shrink(qtbot, server, make_window, tmp_path)
    dialog.button(QMessageBox.StandardButton.No).click()
    assert epub_chapters(book) == 40
    assert window.controller.state is JobState.READY


async def test_yes_replaces_the_bigger_book(
    qtbot: Any, server: SampleServer, make_window: WindowFactory, tmp_path: Path
) -> None:
    window, dialog, book = await ask_to_shrink(qtbot, server, make_window, tmp_path)
    done = state_waiter(window, JobState.DONE)
    dialog.button(QMessageBox.StandardButton.Yes).click()
    await done.wait()
    assert epub_chapters(book) == 5
