"""The window shows how many requests the source allows at once, and why."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt

from novelfetch.core.net.gate_status import GateStatus
from novelfetch.gui.pages.book.job_state import JobState
from novelfetch.gui.pages.book.progress_panel import ProgressPanel
from novelfetch.sample.library import SampleBook
from novelfetch.sample.server import FaultPlan, SampleServer
from tests.gui.conftest import SignalWaiter, WindowFactory, load, state_waiter


async def test_download_shows_the_limit_and_why_it_changed(
    qtbot: Any, make_window: WindowFactory, tmp_path: Path
) -> None:
    library = {"2": SampleBook("2", "长河夜渡", "白石", "", 300, chars_per_chapter=100)}
    plan = FaultPlan(retry_after=0)
    async with SampleServer(library, latency=0.01, capacity=3, faults=plan) as server:
        window = make_window(server, **{"window/concurrency": 16, "window/format": "txt"})
        assert await load(qtbot, window, "2") is JobState.READY
        statuses = SignalWaiter(window.controller.politeness_changed)
        label = window.progress.politeness
        shown: list[str] = []  # what the line said after each status (the window's slot ran)
        window.controller.politeness_changed.connect(lambda _status: shown.append(label.text()))
        done = state_waiter(window, JobState.DONE)
        qtbot.mouseClick(window.progress.start, Qt.MouseButton.LeftButton)
        await statuses.wait(timeout=30)
        await done.wait(timeout=60)
        assert server.stats.refused > 0
        limit = window.controller.gates.get("baidu")
        assert limit is not None and limit.limit <= 3
        assert shown[-1].startswith(f"{limit.limit} of 16 at once · "), shown[-1]
        assert label.textFormat() is Qt.TextFormat.PlainText
        # The run is over: its limit is no longer shown as if it went on, nor for the next
        # book, nor under "No book loaded".
        assert label.text() == ""
        assert await load(qtbot, window, "2") is JobState.READY
        assert label.text() == ""


def test_a_retry_after_pause_shows_a_countdown(qtbot: Any) -> None:
    panel = ProgressPanel()
    qtbot.addWidget(panel)
    held = GateStatus(3, 8, 0, "paused 30 s: Retry-After from the source", 29.4, 10, 1, 0.05)
    panel.show_politeness(held)
    assert panel.politeness.text() == "3 of 8 at once · the source asked to wait: 29 s"
    panel.show_politeness(GateStatus(5, 8, 5, "<b>speeding up</b>", 0.0, 20, 1, 0.05))
    assert panel.politeness.text() == "5 of 8 at once · <b>speeding up</b>"  # as text


async def test_a_longer_reason_never_widens_the_window(
    qtbot: Any, make_window: WindowFactory
) -> None:
    window = make_window()
    window.shell.show_page("book")
    window.resize(900, 640)
    lay_out(window)
    width = window.width()
    reason = "slowed down: answers slower (1234 ms, usually 56 ms)" * 3
    window.progress.show_politeness(GateStatus(32, 32, 32, reason, 0.0, 100, 0, 0.05))
    lay_out(window)
    assert window.width() == width  # the window kept its size; the label gave way
    label = window.progress.politeness
    assert reason in label.text()  # the whole text is still the label's text…
    assert reason.replace("<", "&lt;") in label.toolTip()  # …and, cut short, its tooltip
    label.setText("2 of 32 at once · starting")
    lay_out(window)
    assert label.toolTip() == ""  # it fits: no tooltip repeating it


def lay_out(window: Any) -> None:
    """Deliver the pending layout requests now, as Qt's loop would (a request travels up one
    parent at a time), so the window takes its new minimum size if it has one."""
    for _ in range(12):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    window.layout().activate()
