"""The Downloads page in the real window: books queued from the Book page, each job's row with
its own progress and actions, and a queue that survives closing the window."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QDialogButtonBox, QPushButton, QSpinBox

from novelfetch.core.jobs.pipeline import BookTarget
from novelfetch.core.jobs.queue import JobState, QueueJob
from novelfetch.gui import MainWindow
from novelfetch.gui.pages.book.job_state import JobState as BookState
from novelfetch.gui.pages.downloads.page import JobRow
from novelfetch.sample.library import SampleBook
from novelfetch.sample.server import SampleServer
from tests.conftest import HOSTILE_TITLE, make_library
from tests.gui.conftest import SignalWaiter, WindowFactory, load, opened, state_waiter


def click(qtbot: Any, button: QPushButton) -> None:
    assert button.isVisible() and button.isEnabled(), button.objectName()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


async def queue_loaded(qtbot: Any, window: MainWindow, book: str) -> QueueJob:
    window.shell.show_page("book")
    assert await load(qtbot, window, book) is BookState.READY
    added = SignalWaiter(window.queue_controller.job_added)
    click(qtbot, window.progress.queue)
    (job,) = await added.wait()
    return job


def all_finished(window: MainWindow) -> SignalWaiter:
    return SignalWaiter(
        window.queue_controller.job_changed,
        lambda _job: all(job.finished for job in window.queue_controller.jobs),
    )


def changed_to(window: MainWindow, job: QueueJob, state: JobState) -> SignalWaiter:
    return SignalWaiter(
        window.queue_controller.job_changed, lambda j: j.id == job.id and j.state is state
    )


def row_of(window: MainWindow, job: QueueJob) -> JobRow:
    return window.downloads_page.row(job.id)


async def test_two_queued_books_both_finish_each_row_with_its_own_progress(
    qtbot: Any, server: SampleServer, make_window: WindowFactory, tmp_path: Path
) -> None:
    window = make_window(server, **{"queue/max_jobs": 2, "window/format": "txt"})
    first = await queue_loaded(qtbot, window, "1")
    second = await queue_loaded(qtbot, window, "7")
    assert window.message_bar.text().startswith("Queued")
    finished = all_finished(window)
    window.shell.show_page("downloads")
    await finished.wait()
    assert window.shell.current() == "downloads"

    library = make_library()
    for job, book_id in ((first, "1"), (second, "7")):
        assert job.state is JobState.DONE, job.error
        row = row_of(window, job)
        count = library[book_id].chapter_count
        assert row.title.text() == library[book_id].title  # a hostile title, shown as text
        assert row.bar.value() == row.bar.maximum() == count
        assert row.bar.text() == f"{count} / {count} chapters"
        assert row.state.text() == f"Done: {count} chapters written"
        assert not row.pause.isVisible() and not row.cancel.isVisible()
        assert row.source.text() == "Baidu 读书 (dushu.baidu.com)"
    assert row_of(window, second).title.textFormat() is Qt.TextFormat.PlainText
    assert HOSTILE_TITLE in row_of(window, second).title.text()
    assert (tmp_path / "out" / "测试之书.txt").is_file()

    row = row_of(window, first)
    click(qtbot, row.open_book)
    click(qtbot, row.show_folder)
    path = tmp_path / "out" / "测试之书.txt"
    assert opened(window) == [QUrl.fromLocalFile(str(path)), QUrl.fromLocalFile(str(path.parent))]
    assert window.downloads_page.summary.text() == "2 finished"
    click(qtbot, window.downloads_page.remove_finished)
    assert window.downloads_page.rows == {} and window.queue_controller.jobs == []
    assert window.downloads_page.empty.isVisible()


async def test_pause_resume_and_cancel_from_the_row(qtbot: Any, make_window: WindowFactory) -> None:
    async with SampleServer(make_library(), latency=0.05) as server:
        window = make_window(server, **{"queue/max_jobs": 1, "window/concurrency": 2})
        job = await queue_loaded(qtbot, window, "1")
        other = await queue_loaded(qtbot, window, "3")
        window.shell.show_page("downloads")
        row = row_of(window, job)
        assert row_of(window, other).state.text() == "Waiting for its turn"
        assert window.downloads_page.summary.text() == "1 running · 1 waiting"

        started = SignalWaiter(window.queue_controller.job_progressed, lambda j: j.fetched >= 2)
        await started.wait()
        paused = changed_to(window, job, JobState.PAUSED)
        click(qtbot, row.pause)
        await paused.wait()
        assert row.pause.text() == "Resume" and row.state.text() == "Paused"
        assert window.downloads_page.summary.text() == "1 paused · 1 waiting"
        # A paused job keeps its place: the one waiting does not start.
        assert other.state is JobState.QUEUED

        done = changed_to(window, job, JobState.DONE)
        click(qtbot, row.pause)
        assert row.pause.text() == "Pause"
        await done.wait()
        assert row.bar.value() == 40

        # Now the second book runs: cancel it from its row.
        row = row_of(window, other)
        started = SignalWaiter(
            window.queue_controller.job_progressed, lambda j: j.id == other.id and j.fetched >= 1
        )
        if other.fetched < 1:
            await started.wait()
        cancelled = changed_to(window, other, JobState.CANCELLED)
        click(qtbot, row.cancel)
        await cancelled.wait()
        assert row.state.text() == "Cancelled; the chapters fetched so far are kept"
        assert row.retry.isVisible() and row.remove.isVisible() and not row.pause.isVisible()
        click(qtbot, row.remove)
        assert other.id not in window.downloads_page.rows


async def test_a_new_window_resumes_the_queue_the_last_one_left(
    qtbot: Any, make_window: WindowFactory, tmp_path: Path
) -> None:
    async with SampleServer(make_library(), latency=0.05) as server:
        window = make_window(server, **{"queue/max_jobs": 1, "window/concurrency": 2})
        running = await queue_loaded(qtbot, window, "1")
        waiting = await queue_loaded(qtbot, window, "3")
        started = SignalWaiter(window.queue_controller.job_progressed, lambda j: j.fetched >= 1)
        await started.wait()
        await window.shutdown()  # the app quits with one job running and one waiting
        saved = json.loads((tmp_path / "data" / "queue.json").read_text(encoding="utf-8"))
        assert [job["id"] for job in saved["jobs"]] == [running.id, waiting.id]

        again = make_window(server, **{"queue/max_jobs": 1})
        jobs = again.queue_controller.jobs
        assert [(job.id, job.state) for job in jobs] == [
            (running.id, JobState.RUNNING),
            (waiting.id, JobState.QUEUED),
        ]
        assert set(again.downloads_page.rows) == {running.id, waiting.id}
        finished = all_finished(again)
        await finished.wait()
        assert [job.state for job in jobs] == [JobState.DONE, JobState.DONE], [
            job.error for job in jobs
        ]
        # The second run fetched only what the first had not; its bar counts the book's
        # chosen chapters, those stored before included (as the Book page does).
        row = row_of(again, jobs[0])
        assert jobs[0].fetched < 40 and jobs[0].already + jobs[0].fetched == 40
        assert row.bar.value() == row.bar.maximum() == 40
        assert row.state.text() == "Done: 40 chapters written"
        assert (tmp_path / "out" / "测试之书.epub").is_file()


async def test_replace_anyway_from_the_row_of_a_job_the_whole_book_rule_stopped(
    qtbot: Any, server: SampleServer, make_window: WindowFactory, tmp_path: Path
) -> None:
    window = make_window(server, **{"window/format": "txt"})
    first = await queue_loaded(qtbot, window, "1")
    finished = all_finished(window)
    await finished.wait()
    assert first.path == tmp_path / "out" / "测试之书.txt"
    before = first.path.read_bytes()

    # Another store (another computer's, say), and the source now lists fewer chapters.
    server.library["1"] = dataclasses.replace(server.library["1"], chapter_count=25)
    elsewhere = tmp_path / "other"
    other = make_window(server, store_dir=elsewhere, data_dir=elsewhere, **{"window/format": "txt"})
    smaller = await queue_loaded(qtbot, other, "1")
    other.shell.show_page("downloads")
    failed = changed_to(other, smaller, JobState.FAILED)
    await failed.wait()
    row = row_of(other, smaller)
    assert row.state.text().startswith("Not written: the book file there holds more chapters")
    assert first.path.read_bytes() == before
    done = changed_to(other, smaller, JobState.DONE)
    click(qtbot, row.replace)
    await done.wait()
    assert row.state.text() == "Done: 25 chapters written"
    assert not row.replace.isVisible()
    assert smaller.path == first.path


async def test_downloads_at_once_is_a_setting(qtbot: Any, make_window: WindowFactory) -> None:
    window = make_window()
    assert window.queue_controller.queue.max_jobs == 2  # the default
    window.open_settings()
    dialog = window.settings_dialog
    spin = dialog.findChild(QSpinBox, "maxJobsSpin")
    spin.setValue(3)
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert window.settings.max_jobs == 3
    assert window.queue_controller.queue.max_jobs == 3


async def test_one_book_is_never_downloaded_by_the_queue_and_the_book_page_at_once(
    qtbot: Any, make_window: WindowFactory, tmp_path: Path
) -> None:
    library = {
        "1": SampleBook("1", "第一本", "某人", "", chapter_count=40, chars_per_chapter=100),
        "2": SampleBook("2", "第二本", "某人", "", chapter_count=40, chars_per_chapter=100),
    }
    async with SampleServer(library, latency=0.03) as server:
        window = make_window(server, **{"window/concurrency": 2, "window/format": "txt"})
        # The queue downloads book 1: Start on the Book page says so and starts nothing.
        job = await queue_loaded(qtbot, window, "1")
        assert job.state is JobState.RUNNING
        finished = all_finished(window)
        click(qtbot, window.progress.start)
        assert "is downloading on the Downloads page" in window.message_bar.text()
        assert window.controller.state is BookState.READY
        await finished.wait()

        # The Book page downloads book 2: the queue's job for it waits, then finds it stored.
        assert await load(qtbot, window, "2") is BookState.READY
        done = state_waiter(window, BookState.DONE)
        click(qtbot, window.progress.start)
        assert window.controller.state is BookState.DOWNLOADING
        later = window.queue_controller.add_download(
            "baidu",
            "2",
            BookTarget("txt", tmp_path / "out"),
            title="第二本",
            chapters=None,
            concurrency=2,
        )
        assert later is not None and later.state is JobState.PAUSED  # held back
        finished = all_finished(window)
        await done.wait()
        await finished.wait()
        assert later.state is JobState.DONE and later.fetched == 0
    # Each of the 80 chapters was asked for once.
    assert sum(server.stats.chapter_requests.values()) == 80


async def test_the_book_page_and_the_queue_count_a_book_s_chapters_alike(
    qtbot: Any, server: SampleServer, make_window: WindowFactory
) -> None:
    window = make_window(server, **{"window/format": "txt"})
    window.shell.show_page("book")
    assert await load(qtbot, window, "1") is BookState.READY
    window.chapters.set_range(1, 10)  # ten chapters first, as a part of the book
    done = state_waiter(window, BookState.DONE)
    click(qtbot, window.progress.start)
    await done.wait()
    assert window.progress.bar.text() == "10 / 10 chapters"

    # The rest through the queue: its row counts the book's 40, the 10 stored included,
    # as the Book page does; never "30 / 30" beside the Book page's "10 / 40".
    window.chapters.set_range(1, 40)
    added = SignalWaiter(window.queue_controller.job_added)
    click(qtbot, window.progress.queue)
    (job,) = await added.wait()
    finished = all_finished(window)
    await finished.wait()
    assert job.state is JobState.DONE and job.fetched == 30
    row = row_of(window, job)
    assert (row.bar.value(), row.bar.maximum()) == (40, 40)
    assert row.bar.text() == "40 / 40 chapters"
