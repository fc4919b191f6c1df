"""Progress reaches the widgets throttled; big books stay smooth."""

from __future__ import annotations

import gc
import sys
import threading
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from novelfetch.core.jobs.progress import EventKind, ProgressEvent
from novelfetch.core.models import Chapter
from novelfetch.gui.app.progress_adapter import ProgressAdapter, ProgressBatch
from novelfetch.gui.app.worker_thread import in_worker_thread
from novelfetch.gui.pages.book.chapter_panel import ChapterPanel
from novelfetch.gui.pages.book.job_state import JobState
from novelfetch.sample.library import SampleBook
from novelfetch.sample.server import SampleServer
from tests.gui.conftest import SignalWaiter, WindowFactory, load, state_waiter


def chapter(index: int) -> Chapter:
    return Chapter(index, str(1000 + index), f"第{index}章")


def event(kind: EventKind, done: int, total: int, item: Chapter | None = None) -> ProgressEvent:
    return ProgressEvent(kind, done, 0, total, done * 10, 1.0, item)


async def test_adapter_throttles_and_always_delivers_the_final_state() -> None:
    adapter = ProgressAdapter(interval=0.05)
    batches: list[ProgressBatch] = []
    adapter.progressed.connect(batches.append)
    adapter(event(EventKind.STARTED, 0, 5000))
    for n in range(1, 5001):
        adapter(event(EventKind.CHAPTER_DONE, n, 5000, chapter(n)))
    adapter(event(EventKind.FINISHED, 5000, 5000))
    # A tight loop of 5,000 events inside one interval: the start and the end, no more.
    assert len(batches) <= 3
    assert batches[-1].final and batches[-1].event.done == 5000
    assert sum(len(b.stored) for b in batches) == 5000  # no chapter lost between batches


async def test_adapter_flushes_a_trailing_batch_by_timer() -> None:
    adapter = ProgressAdapter(interval=0.05)
    adapter(event(EventKind.STARTED, 0, 3))
    trailing = SignalWaiter(adapter.progressed)
    adapter(event(EventKind.CHAPTER_DONE, 1, 3, chapter(1)))
    adapter(event(EventKind.CHAPTER_DONE, 2, 3, chapter(2)))
    (batch,) = await trailing.wait(timeout=2)
    assert batch.event.done == 2 and [c.index for c in batch.stored] == [1, 2]


async def test_adapter_never_emits_from_inside_the_callback() -> None:
    # The callback runs inside the download's commit of a group; the window's update must be
    # an event of its own, even when the interval has long passed.
    adapter = ProgressAdapter(interval=0)
    batches: list[ProgressBatch] = []
    adapter.progressed.connect(batches.append)
    adapter(event(EventKind.STARTED, 0, 2))
    assert len(batches) == 1  # the start is shown at once
    later = SignalWaiter(adapter.progressed)
    adapter(event(EventKind.CHAPTER_DONE, 1, 2, chapter(1)))
    assert len(batches) == 1
    (batch,) = await later.wait(timeout=2)
    assert [c.index for c in batch.stored] == [1]


async def test_2000_chapters_at_zero_latency_update_the_bar_at_most_20_times_a_second(
    qtbot: Any, make_window: WindowFactory, tmp_path: Path
) -> None:
    library = {"2": SampleBook("2", "长河夜渡", "白石", "", 2000, chars_per_chapter=200)}
    async with SampleServer(library) as server:
        window = make_window(server, **{"window/concurrency": 32, "window/format": "txt"})
        assert await load(qtbot, window, "2") is JobState.READY
        updates: list[float] = []
        window.progress.bar.valueChanged.connect(lambda _value: updates.append(time.monotonic()))
        finished = SignalWaiter(window.controller.progressed, lambda batch: batch.final)
        done = state_waiter(window, JobState.DONE)
        started = time.monotonic()
        qtbot.mouseClick(window.progress.start, Qt.MouseButton.LeftButton)
        await finished.wait(timeout=60)
        duration = time.monotonic() - started
        await done.wait(timeout=30)
    assert window.progress.bar.value() == 2000 and sum(server.stats.chapter_requests.values())
    assert duration > 0.25, "too fast to say anything about throttling"
    # About 20 a second, plus the first and the final update.
    assert len(updates) <= 20 * duration + 3, (len(updates), duration)
    busiest = max(sum(1 for t in updates if s <= t < s + 1.0) for s in updates)
    assert busiest <= 22


async def test_10000_rows_scroll_smoothly(qtbot: Any) -> None:
    panel = ChapterPanel()
    qtbot.addWidget(panel)
    panel.resize(700, 500)
    panel.show()
    chapters = [chapter(n) for n in range(1, 10_001)]
    # This thread's CPU time, not the wall clock: what the work costs, whatever else the
    # machine is doing (a wall clock failed this test on a machine at load 11).
    started = time.thread_time()
    panel.set_chapters(chapters, {c.chapter_id for c in chapters[::3]})
    panel.view.grab()
    assert time.thread_time() - started < 1.0
    assert panel.view.uniformRowHeights()
    bar = panel.view.verticalScrollBar()
    frames = []
    for step in range(20):
        bar.setValue(bar.maximum() * step // 19)
        started = time.thread_time()
        panel.view.viewport().grab()
        frames.append(time.thread_time() - started)
    assert max(frames) < 0.05, frames  # each repaint well under a frame budget of 50 ms
    assert panel.last.value() == 10_000 and panel.model.stored_count == 3334


def test_the_header_repaints_without_asking_about_every_chosen_row(qtbot: Any) -> None:
    """Qt's header asks, at every repaint, whether each column is wholly selected, row by row
    through the model's Python methods: 12 ms with 2,000 chapters chosen, several times a
    second during a download, unless its selection is its own."""
    panel = ChapterPanel()
    qtbot.addWidget(panel)
    panel.resize(700, 500)
    panel.show()
    panel.set_chapters([chapter(n) for n in range(1, 2_001)], set())
    panel.select_all()
    assert len(panel.highlighted_chapters()) == 2_000
    header = panel.view.header()
    calls = 0

    def count_model_calls(frame: Any, what: str, _arg: Any) -> None:
        nonlocal calls
        if what == "call" and frame.f_code.co_name in ("rowCount", "columnCount"):
            calls += 1

    sys.setprofile(count_model_calls)
    try:
        header.grab()  # renders it: paintEvent, as a repaint would
    finally:
        sys.setprofile(None)
    assert calls < 100, calls  # not a question per row (4,000 and more)


async def test_worker_threads_run_with_the_collector_paused() -> None:
    first_go, second_go = threading.Event(), threading.Event()

    def work(go: threading.Event) -> bool:
        go.wait(5)
        return gc.isenabled()

    assert gc.isenabled()
    first = in_worker_thread(work, first_go)
    second = in_worker_thread(work, second_go)
    assert not gc.isenabled()
    second_go.set()
    assert await second is False
    assert not gc.isenabled()  # the first is still running
    first_go.set()
    assert await first is False
    assert gc.isenabled()  # back on once no worker runs, before the result arrives
