"""Failures show as a message in the window, and the window stays usable."""

from __future__ import annotations

import logging
import shutil
import socket
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QWidget

from novelfetch.gui.app.crash import install_file_log
from novelfetch.gui.app.main import make_excepthook
from novelfetch.gui.pages.book.job_state import JobState
from novelfetch.gui.window.message_bar import Level
from novelfetch.sample.server import SampleServer
from tests.conftest import make_library
from tests.gui.conftest import SignalWaiter, WindowFactory, load, state_waiter


def closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/api/pc"


def message_waiter(window: Any) -> SignalWaiter:
    return SignalWaiter(window.controller.message, lambda level, _text: level is Level.ERROR)


async def test_bad_id_shows_message_and_window_stays_usable(
    qtbot: Any, server: SampleServer, make_window: WindowFactory
) -> None:
    window = make_window(server)
    qtbot.keyClicks(window.book_input, "not a book")
    qtbot.mouseClick(window.load_button, Qt.MouseButton.LeftButton)
    bar = window.message_bar
    assert not bar.isHidden() and "not a book ID" in bar.text()
    assert window.controller.state is JobState.IDLE
    assert window.load_button.isEnabled() and window.book_input.isEnabled()

    assert await load(qtbot, window, "1") is JobState.READY  # the window still works
    assert bar.isHidden()  # a new action clears the old message
    assert window.book_panel.title.text() == "测试之书"


async def test_unknown_book_shows_message(
    qtbot: Any, server: SampleServer, make_window: WindowFactory
) -> None:
    window = make_window(server)
    failed = message_waiter(window)
    assert await load(qtbot, window, "999") is JobState.IDLE
    (_level, text) = await failed.wait()
    assert "book 999 not found" in text and text == window.message_bar.text()
    assert "book 999 not found" in window.log_panel.text()


async def test_unreachable_server_then_fixed_in_settings(
    qtbot: Any, server: SampleServer, make_window: WindowFactory
) -> None:
    window = make_window(**{"baidu/api_base": closed_port_url(), "network/retries": 0})
    assert await load(qtbot, window, "1") is JobState.IDLE
    assert "cannot reach" in window.message_bar.text()
    assert window.load_button.isEnabled()

    window.open_settings()
    dialog = window.settings_dialog
    dialog.api_base.setText(server.api_base)
    buttons = dialog.findChild(QDialogButtonBox)
    qtbot.mouseClick(buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and window.settings.api_base == server.api_base
    assert await load(qtbot, window, "1") is JobState.READY
    assert window.book_panel.title.text() == "测试之书"


async def test_unusable_output_folder_is_refused_before_downloading(
    qtbot: Any, server: SampleServer, make_window: WindowFactory, tmp_path: Path
) -> None:
    window = make_window(server)
    await load(qtbot, window, "1")
    (tmp_path / "a file").write_text("in the way")
    window.options.output_dir.setText(str(tmp_path / "a file" / "books"))
    qtbot.mouseClick(window.progress.start, Qt.MouseButton.LeftButton)
    assert "Cannot use" in window.message_bar.text()
    assert window.controller.state is JobState.READY and not server.stats.chapter_requests

    window.options.output_dir.setText(str(tmp_path / "new" / "books"))  # missing: made
    done = state_waiter(window, JobState.DONE)
    qtbot.mouseClick(window.progress.start, Qt.MouseButton.LeftButton)
    await done.wait()
    assert (tmp_path / "new" / "books" / "测试之书.epub").is_file()


async def test_folder_gone_while_downloading_shows_export_error(
    qtbot: Any, server: SampleServer, make_window: WindowFactory, tmp_path: Path
) -> None:
    out = tmp_path / "vanishing"
    out.mkdir()
    window = make_window(server, **{"window/output_dir": str(out)})
    await load(qtbot, window, "1")
    # Gone once the book file has been started and the first chapters are in it.
    window.controller.progressed.connect(lambda *_: shutil.rmtree(out, ignore_errors=True))
    failed = message_waiter(window)
    ready = state_waiter(window, JobState.READY)
    qtbot.mouseClick(window.progress.start, Qt.MouseButton.LeftButton)
    await ready.wait()
    (_level, text) = await failed.wait()
    assert "cannot write to" in text and "does not exist" in text
    # Everything fetched is kept, and the window is ready to try again.
    assert window.chapters.model.stored_count == 40
    assert window.progress.start.isEnabled()


async def test_latest_load_wins(qtbot: Any, make_window: WindowFactory) -> None:
    async with SampleServer(make_library(), latency=0.2) as server:
        window = make_window(server)
        ready = state_waiter(window, JobState.READY)
        qtbot.keyClicks(window.book_input, "999")
        qtbot.keyClick(window.book_input, Qt.Key.Key_Return)
        window.book_input.clear()
        qtbot.keyClicks(window.book_input, "3")
        qtbot.keyClick(window.book_input, Qt.Key.Key_Return)
        await ready.wait()
        assert window.book_panel.title.text() == "付费之书"
        assert window.message_bar.isHidden()  # the cancelled "999" never reported
        assert window.controller.loaded is not None
        assert window.controller.loaded.book.book_id == "3"


async def test_unexpected_error_is_logged_shown_and_survived(
    qtbot: Any,
    server: SampleServer,
    make_window: WindowFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    window = make_window(server)

    async def broken() -> None:
        raise RuntimeError("a bug in a slot")

    task = window.controller.tasks.spawn(broken(), name="broken")
    with pytest.raises(RuntimeError):
        await task
    dialog = window.findChild(QMessageBox, "crashDialog")
    assert dialog is not None and dialog.isVisible() and not dialog.isModal()
    assert "RuntimeError: a bug in a slot" in dialog.informativeText()
    assert any(
        r.levelno == logging.ERROR and r.exc_info and "a bug in a slot" in str(r.exc_info[1])
        for r in caplog.records
    )
    hook = make_excepthook(window.crash_reporter)
    try:
        raise ValueError("raised in a Qt slot")
    except ValueError as error:
        hook(ValueError, error, error.__traceback__)
    assert window.crash_reporter.reported == 2
    assert await load(qtbot, window, "1") is JobState.READY  # still working


def test_file_log_gets_tracebacks_and_no_cookies(tmp_path: Path) -> None:
    logger = logging.getLogger("novelfetch")
    level = logger.level
    handler = install_file_log(tmp_path / "logs")
    try:
        logging.getLogger("novelfetch.gui.test").info("sent Cookie: BDUSS=topsecret; a=b")
        try:
            raise RuntimeError("boom")
        except RuntimeError:
            logging.getLogger("novelfetch.crash").exception("unexpected error")
    finally:
        logger.removeHandler(handler)
        handler.close()
        logger.setLevel(level)
    text = Path(handler.baseFilename).read_text(encoding="utf-8")
    assert "Traceback" in text and "RuntimeError: boom" in text
    assert "topsecret" not in text and "Cookie: [redacted]" in text


async def test_a_message_moves_no_control(
    qtbot: Any, server: SampleServer, make_window: WindowFactory
) -> None:
    window = make_window(server)
    assert await load(qtbot, window, "1") is JobState.READY
    window.resize(900, 600)
    QApplication.sendPostedEvents()
    controls: list[QWidget] = [
        window.book_input,
        window.load_button,
        window.chapters.view,
        window.progress.start,
        window.library_page,
    ]

    def places() -> list[QPoint]:
        QApplication.sendPostedEvents()
        return [control.mapTo(window, QPoint(0, 0)) for control in controls]

    before = places()
    long = "the first line of a long message, " * 8 + "\nand a second line"
    window.message_bar.show_message(Level.ERROR, long)
    assert places() == before  # the next click lands where the user aimed it
    bar = window.message_bar
    assert bar.isVisible() and bar.text() == long
    assert "second line" in bar.label.toolTip()  # cut short on its line: whole on hover
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton)
    assert bar.details.isVisible() and bar.details.label.text() == long  # and on a click
    qtbot.mouseClick(bar.close_button, Qt.MouseButton.LeftButton)
    assert bar.isHidden() and not bar.details.isVisible()
    assert places() == before
