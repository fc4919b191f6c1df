"""What a new user ran into (issue 12): stale rate, a stale book, selection, ``~``, TXT
encoding, paid chapters, the About box. The real window against the local server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialog, QLabel

from novelfetch import __version__
from novelfetch.gui.pages.book.job_state import JobState
from novelfetch.gui.pages.book.progress_panel import format_duration
from novelfetch.gui.window.message_bar import Level
from novelfetch.sample.server import SampleServer
from tests.conftest import make_library
from tests.gui.conftest import SignalWaiter, WindowFactory, load, progress_waiter, state_waiter


def row_point(window: Any, row: int) -> QPoint:
    view = window.chapters.view
    return view.visualRect(window.chapters.model.index(row, 1)).center()


def indices(window: Any) -> list[int]:
    return [c.index for c in window.chapters.selected_chapters()]


def test_a_very_short_run_is_not_said_to_take_no_time() -> None:
    assert format_duration(0.02) == "under 0.1 s"
    assert format_duration(0.3) == "0.3 s"


async def test_pause_and_cancel_clear_rate_and_cancel_says_what_was_kept(
    qtbot: Any, make_window: WindowFactory
) -> None:
    async with SampleServer(make_library(), latency=0.02) as server:
        window = make_window(server, **{"window/concurrency": 2})
        await load(qtbot, window, "1")
        progress = window.progress
        assert progress.failed.text() == ""  # no "No failures" before anything ran
        started = progress_waiter(window, 4)
        qtbot.mouseClick(progress.start, Qt.MouseButton.LeftButton)
        await started.wait()
        assert "chapters/s" in progress.rate.text()

        paused = state_waiter(window, JobState.PAUSED)
        qtbot.mouseClick(progress.pause, Qt.MouseButton.LeftButton)
        await paused.wait()
        assert progress.rate.text() == ""
        # A request still under way reports while paused: the rate stays off.
        window.controller.adapter.flush()
        assert progress.rate.text() == ""

        cancelled = state_waiter(window, JobState.READY)
        qtbot.mouseClick(progress.cancel, Qt.MouseButton.LeftButton)
        await cancelled.wait()
        assert progress.rate.text() == ""
        loaded = window.controller.loaded
        assert loaded is not None
        status = progress.status.text()
        assert status.startswith(f"Cancelled — {len(loaded.stored)} of 40 chosen chapters")
        assert status != "Ready"


async def test_switching_source_clears_the_book_and_disables_start(
    qtbot: Any, server: SampleServer, make_window: WindowFactory
) -> None:
    window = make_window(server)
    assert await load(qtbot, window, "1") is JobState.READY
    assert window.progress.start.isEnabled()
    window.source_combo.setCurrentIndex(window.source_combo.findData("sample"))
    assert window.controller.state is JobState.IDLE and window.controller.loaded is None
    assert not window.progress.start.isEnabled()
    assert window.chapters.model.rowCount() == 0
    assert window.book_panel.title.text() == "No book loaded"
    assert window.windowTitle() == "NovelFetch"


async def test_a_failed_load_clears_the_previous_book(
    qtbot: Any, server: SampleServer, make_window: WindowFactory
) -> None:
    window = make_window(server)
    await load(qtbot, window, "1")
    assert await load(qtbot, window, "999") is JobState.IDLE
    assert "not found" in window.message_bar.text()
    assert window.controller.loaded is None and not window.progress.start.isEnabled()
    assert window.chapters.model.rowCount() == 0
    assert window.book_panel.title.text() == "No book loaded"


async def test_an_invalid_id_clears_the_previous_book(
    qtbot: Any, server: SampleServer, make_window: WindowFactory
) -> None:
    window = make_window(server)
    assert await load(qtbot, window, "1") is JobState.READY
    assert window.progress.start.isEnabled()
    # Refused before any request: the book shown is still not the one asked for.
    assert await load(qtbot, window, "abc") is JobState.IDLE
    assert "not a book ID" in window.message_bar.text()
    assert window.controller.loaded is None and not window.progress.start.isEnabled()
    assert window.chapters.model.rowCount() == 0
    assert window.book_panel.title.text() == "No book loaded"


async def test_ctrl_click_chooses_exactly_the_highlighted_chapters(
    qtbot: Any, server: SampleServer, make_window: WindowFactory, tmp_path: Path
) -> None:
    window = make_window(server)
    await load(qtbot, window, "1")
    assert indices(window) == list(range(1, 41))  # all chosen, all highlighted
    viewport = window.chapters.view.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=row_point(window, 1))
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, ctrl, row_point(window, 7))
    assert indices(window) == [2, 8]
    assert len(window.chapters.view.selectionModel().selectedRows()) == 2
    assert window.chapters.summary.text().startswith("2 chosen")

    # The right button opens the menu and leaves the choice alone.
    qtbot.mouseClick(viewport, Qt.MouseButton.RightButton, pos=row_point(window, 4))
    assert indices(window) == [2, 8]

    done = state_waiter(window, JobState.DONE)
    window.chapters.download_action.trigger()  # "Download selected"
    await done.wait()
    book = make_library()["1"]
    assert sorted(server.stats.chapter_requests) == sorted([book.chapter_id(2), book.chapter_id(8)])
    assert indices(window) == [2, 8]  # the choice outlives the run
    assert window.progress.start.isEnabled()


async def test_the_chapter_menu_selects_all_none_and_from_here(
    qtbot: Any, server: SampleServer, make_window: WindowFactory
) -> None:
    window = make_window(server)
    await load(qtbot, window, "1")
    panel = window.chapters
    names = [a.text() for a in panel.menu.actions() if not a.isSeparator()]
    assert names == [
        "Select &all",
        "Select &none",
        "Select from &here to the end",
        "&Download selected",
    ]
    panel.select_none_action.trigger()
    assert indices(window) == [] and not window.progress.start.isEnabled()
    assert not panel.download_action.isEnabled()

    panel.show_menu(row_point(window, 29))
    assert panel.menu.isVisible()
    panel.from_here_action.trigger()
    panel.menu.hide()
    assert indices(window) == list(range(30, 41))
    assert (panel.first.value(), panel.last.value()) == (30, 40)
    assert window.progress.start.isEnabled() and panel.download_action.isEnabled()

    panel.select_all_action.trigger()
    assert indices(window) == list(range(1, 41))


async def test_choose_expands_a_folder_written_with_a_tilde(
    qtbot: Any, make_window: WindowFactory, tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "Books").mkdir()
    window = make_window()
    window.options.output_dir.setText("~/Books")
    qtbot.mouseClick(window.options.browse, Qt.MouseButton.LeftButton)
    dialog = window.options._dialog
    assert dialog is not None
    try:
        assert Path(dialog.directory().absolutePath()) == tmp_path / "Books"
    finally:
        dialog.reject()


async def test_txt_encoding_is_offered_checked_and_used(
    qtbot: Any, server: SampleServer, make_window: WindowFactory, tmp_path: Path
) -> None:
    window = make_window(server)
    options = window.options
    assert options.encoding_combo.isHidden()  # EPUB: no encoding to choose
    options.format.setCurrentIndex(options.format.findData("txt"))
    assert not options.encoding_combo.isHidden()
    await load(qtbot, window, "1")

    options.encoding_combo.setCurrentText("no-such-codec")
    qtbot.mouseClick(window.progress.start, Qt.MouseButton.LeftButton)
    assert window.controller.state is JobState.READY  # refused before anything was fetched
    assert "no-such-codec" in window.message_bar.text()
    assert window.message_bar.level is Level.ERROR
    assert not server.stats.chapter_requests

    options.encoding_combo.setCurrentText("gb18030")
    done = state_waiter(window, JobState.DONE)
    qtbot.mouseClick(window.progress.start, Qt.MouseButton.LeftButton)
    await done.wait()
    text = (tmp_path / "out" / "测试之书.txt").read_bytes().decode("gb18030")
    assert make_library()["1"].chapter_title(40) in text
    assert window.settings.txt_encoding == "gb18030"


async def test_paid_failures_ask_for_a_purchase_or_cookie_not_a_retry(
    qtbot: Any, server: SampleServer, make_window: WindowFactory
) -> None:
    window = make_window(server)
    await load(qtbot, window, "3")  # chapters 5 and 6 are paid
    warned = SignalWaiter(window.controller.message, lambda level, _text: level is Level.WARNING)
    done = state_waiter(window, JobState.DONE)
    qtbot.mouseClick(window.progress.start, Qt.MouseButton.LeftButton)
    await done.wait()
    (_level, text) = await warned.wait()
    assert "2 paid chapters" in text and "purchase" in text and "Sources page" in text
    assert "Retry failed" not in text
    assert not window.progress.retry.isEnabled()
    assert window.progress.failed.text() == "2 paid, not fetched"


async def test_about_has_room_for_name_version_licence_and_purpose(
    qtbot: Any, make_window: WindowFactory
) -> None:
    window = make_window()
    help_menu = window.menuBar().actions()[-1].menu()
    help_menu.actions()[-1].trigger()
    dialog = window.findChild(QDialog, "aboutDialog")
    assert dialog is not None and dialog.isVisible()
    try:
        labels = dialog.findChildren(QLabel)
        text = "\n".join(label.text() for label in labels)
        assert "NovelFetch" in text and __version__ in text
        assert "AGPL-3.0-or-later" in text and "EPUB" in text
        assert any(label.pixmap() is not None and not label.pixmap().isNull() for label in labels)
        assert dialog.minimumWidth() >= 420
        assert all(label.wordWrap() for label in labels if len(label.text()) > 40)
    finally:
        dialog.reject()
