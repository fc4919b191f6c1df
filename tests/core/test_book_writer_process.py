"""A long book is written in a process of its own: the same book, its faults its own."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
import zipfile
from pathlib import Path

import pytest

from novelfetch.core.errors import ExportError
from novelfetch.core.jobs.book_writing import (
    OWN_PROCESS_FROM,
    BookWriting,
    ProcessWriting,
    ThreadWriting,
    open_writing,
)
from novelfetch.core.jobs.downloader import Downloader
from novelfetch.core.jobs.pipeline import BookTarget, JobOutcome, fetch_and_write
from novelfetch.core.jobs.progress import EventKind, ProgressEvent
from novelfetch.core.models import Book, Chapter
from novelfetch.core.store.chapter_store import Store
from novelfetch.core.text.options import TextOptions
from novelfetch.core.text.replace_rules import ReplaceRule
from novelfetch.sample.library import SampleBook
from novelfetch.sample.server import FaultPlan, SampleServer
from tests.cli_support import wait_until
from tests.conftest import fast_options, make_library
from tests.reliability.test_disk import read_only_folder

BOOK = make_library()["1"]


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def writer_processes() -> list[multiprocessing.process.BaseProcess]:
    """The book writers' processes alive: a process pool's, not the rule workers' (which other
    tests on this test process may have started)."""
    return [p for p in multiprocessing.active_children() if p.name != "novelfetch-worker"]


async def write(
    store: Store, out: Path, fmt: str, *, own_process: bool, faults: FaultPlan | None = None
) -> Path:
    async with (
        SampleServer(make_library(), faults=faults or FaultPlan()) as server,
        Downloader(store, fast_options(server, concurrency=8)) as job,
    ):
        loaded = await job.load("1")
        outcome = await fetch_and_write(
            job, loaded, loaded.chapters, BookTarget(fmt, out), own_process=own_process
        )
    assert outcome.path is not None
    return outcome.path


async def test_the_book_written_in_its_own_process_is_the_one_a_thread_writes(
    tmp_path: Path,
) -> None:
    # Chapter 1 arrives last, chapter 3 fails for good: order and gaps as in a thread.
    faults = {BOOK.chapter_id(1): ["500", "500"], BOOK.chapter_id(3): ["500"] * 4}
    books = {}
    for own_process in (False, True):
        out = tmp_path / f"books-{own_process}"
        out.mkdir()
        with Store(tmp_path / f"store-{own_process}" / "chapters.sqlite3") as store:
            path = await write(
                store, out, "epub", own_process=own_process, faults=FaultPlan(scripted=faults)
            )
        assert files_in(out) == [path.name]  # no temporary file beside it
        with zipfile.ZipFile(path) as book:
            books[own_process] = {
                name: book.read(name)
                for name in book.namelist()
                if name.startswith("EPUB/c") or name.endswith((".opf", ".ncx", "nav.xhtml"))
            }
    assert books[True].keys() == books[False].keys() and len(books[True]) > 39
    for name, data in books[False].items():
        if not name.endswith(".opf"):  # it holds the time of writing
            assert books[True][name] == data, name
    assert not writer_processes()  # ended with its book


async def test_a_skipped_rule_in_the_writers_process_is_reported(
    store: Store, tmp_path: Path
) -> None:
    # Fails at its first match, which is in a chapter's text: in the writer's process.
    broken = ReplaceRule("，", r"\9", is_regex=True, name="坏规则")
    heard: list[str] = []
    async with (
        SampleServer(make_library()) as server,
        Downloader(store, fast_options(server, concurrency=8)) as job,
    ):
        loaded = await job.load("1")
        outcome = await fetch_and_write(
            job,
            loaded,
            loaded.chapters[:3],
            BookTarget("txt", tmp_path, text=TextOptions(rules=(broken,))),
            on_warning=heard.append,
            own_process=True,
        )
    assert outcome.chapters_written == 3
    assert len(heard) == 1 and "'坏规则'" in heard[0] and list(outcome.warnings) == heard


async def test_a_cancel_ends_the_writers_process_and_leaves_no_file(
    store: Store, tmp_path: Path
) -> None:
    async with (
        SampleServer(make_library(), latency=0.01) as server,
        Downloader(store, fast_options(server, concurrency=2)) as job,
    ):
        loaded = await job.load("1")
        run = asyncio.create_task(
            fetch_and_write(
                job, loaded, loaded.chapters, BookTarget("epub", tmp_path), own_process=True
            )
        )
        await wait_until(lambda: len(loaded.stored) >= 10, "ten chapters stored")
        run.cancel()
        with pytest.raises(asyncio.CancelledError):
            await run
    assert [p.name for p in tmp_path.iterdir() if p.suffix in (".epub", ".part")] == []
    assert len(store.stored_ids(loaded.book)) >= 10
    await wait_until(lambda: not writer_processes(), "the writer's process gone")


async def test_a_writer_process_killed_mid_book_fails_the_book_not_the_chapters(
    store: Store, tmp_path: Path
) -> None:
    out = tmp_path / "books"
    out.mkdir()
    killed: list[int] = []

    def kill_the_writer(event: ProgressEvent) -> None:
        if event.kind is EventKind.CHAPTER_DONE and event.done >= 20 and not killed:
            [process] = writer_processes()
            killed.append(process.pid or 0)
            os.kill(process.pid or 0, signal.SIGKILL)

    async with (
        SampleServer(make_library(), latency=0.005) as server,
        Downloader(store, fast_options(server, concurrency=2)) as job,
    ):
        loaded = await job.load("1")
        with pytest.raises(ExportError, match="stopped unexpectedly"):
            await fetch_and_write(
                job,
                loaded,
                loaded.chapters,
                BookTarget("epub", out),
                kill_the_writer,
                own_process=True,
            )
    assert killed
    assert not (out / f"{BOOK.title}.epub").exists()
    assert len(store.stored_ids(loaded.book)) == 40  # the download went on to the end


async def test_a_long_book_gets_a_writer_process_and_a_short_one_does_not(
    store: Store, tmp_path: Path
) -> None:
    long = SampleBook("8", "长篇", "某人", "", chapter_count=OWN_PROCESS_FROM, chars_per_chapter=20)
    seen: list[int] = []  # writer processes alive as each download starts

    def count_processes(event: ProgressEvent) -> None:
        if event.kind is EventKind.STARTED:
            seen.append(len(writer_processes()))

    async with (
        SampleServer({"8": long}) as server,
        Downloader(store, fast_options(server, concurrency=32)) as job,
    ):
        loaded = await job.load("8")
        for chapters in (loaded.chapters[: OWN_PROCESS_FROM - 1], loaded.chapters):
            target = BookTarget("txt", tmp_path / str(len(chapters)))
            target.out_dir.mkdir()
            outcome = await fetch_and_write(job, loaded, chapters, target, count_processes)
            assert outcome.chapters_written == len(chapters)
    assert seen == [0, 1]


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="POSIX process groups")
@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
@pytest.mark.parametrize("when", ["starting", "started"])
async def test_a_signal_to_the_apps_process_group_is_left_to_the_app(
    store: Store,
    tmp_path: Path,
    capfd: pytest.CaptureFixture[str],
    number: signal.Signals,
    when: str,
) -> None:
    # Ctrl-C, or a SIGTERM to the group (timeout, a service manager), reaches the writer's
    # process as well as the app's; the app cancels, and the process must be there to
    # discard the book (no temporary file left), and say nothing. "starting": while it
    # imports, before its initializer could ignore anything.
    writing = open_writing(
        store,
        Book("sample", "1", "书"),
        "txt",
        tmp_path,
        encoding="utf-8",
        text=TextOptions(),
        on_warning=print,
        stem=None,
        run_blocking=asyncio.to_thread,
        own_process=True,
    )
    if when == "started":
        await writing.opened()
    [process] = writer_processes()
    os.kill(process.pid or 0, number)
    await writing.add_stored([])  # the process lived on (a dead one raises ExportError)
    await writing.discard()
    assert list(tmp_path.iterdir()) == [tmp_path / "cache"]
    assert "Traceback" not in capfd.readouterr().err


def cancel_the_job_as(
    cls: type, name: str, monkeypatch: pytest.MonkeyPatch
) -> list[asyncio.Task[JobOutcome]]:
    """The job (the task to put in the list returned) is cancelled the moment its writer's
    ``name`` is first called (a click on Cancel just then): the call is handed to the thread
    or process, but has not begun there."""
    original, calls = getattr(cls, name), []
    job: list[asyncio.Task[JobOutcome]] = []

    async def cancelled_as_called(self: object, *args: object) -> object:
        if not calls:
            asyncio.get_running_loop().call_soon(job[0].cancel)
        calls.append(args)
        return await original(self, *args)

    monkeypatch.setattr(cls, name, cancelled_as_called)
    return job


@pytest.mark.parametrize("own_process", [False, True])
async def test_a_cancel_as_the_book_is_finished_lets_the_finish_complete(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, own_process: bool
) -> None:
    run = cancel_the_job_as(ProcessWriting if own_process else ThreadWriting, "finish", monkeypatch)
    async with (
        SampleServer(make_library()) as server,
        Downloader(store, fast_options(server, concurrency=8)) as job,
    ):
        loaded = await job.load("1")
        run.append(
            asyncio.create_task(
                fetch_and_write(
                    job,
                    loaded,
                    loaded.chapters,
                    BookTarget("epub", tmp_path),
                    own_process=own_process,
                )
            )
        )
        with pytest.raises(asyncio.CancelledError):
            await run[0]
    # Begun, so completed: not a temporary file left in the folder while the app runs on.
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == [f"{BOOK.title}.epub"]
    await wait_until(lambda: not writer_processes(), "the writer's process gone")


async def test_a_cancel_while_a_kept_book_is_discarded_discards_it_once(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = cancel_the_job_as(ProcessWriting, "discard", monkeypatch)
    async with (
        SampleServer(make_library()) as server,
        Downloader(store, fast_options(server, concurrency=8)) as job,
    ):
        loaded = await job.load("1")
        run.append(
            asyncio.create_task(
                fetch_and_write(
                    job,
                    loaded,
                    loaded.chapters,
                    BookTarget("epub", tmp_path),
                    own_process=True,
                    before_commit=lambda written: False,  # the same book as the one there
                )
            )
        )
        with pytest.raises(asyncio.CancelledError):  # not "cannot schedule new futures"
            await run[0]
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == []
    await wait_until(lambda: not writer_processes(), "the writer's process gone")


@pytest.mark.parametrize("own_process", [False, True])
async def test_a_second_cancel_still_discards_the_book(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, own_process: bool
) -> None:
    # Cancel pressed twice (or Cancel, then the window closed): the second comes while the
    # first waits for a batch of chapters being added to the book.
    cls = ProcessWriting if own_process else ThreadWriting
    original = cls.add_stored
    adding, go_on = asyncio.Event(), asyncio.Event()

    async def held_add(self: BookWriting, chapters: list[Chapter]) -> list[Chapter]:
        adding.set()
        await go_on.wait()
        return await original(self, chapters)

    monkeypatch.setattr(cls, "add_stored", held_add)

    def follower_cancelled() -> bool:
        return any(
            task.get_coro().__qualname__ == "_InOrder.run" and task.cancelling()
            for task in asyncio.all_tasks()
        )

    async with (
        SampleServer(make_library()) as server,
        Downloader(store, fast_options(server, concurrency=8)) as job,
    ):
        loaded = await job.load("1")
        run = asyncio.create_task(
            fetch_and_write(
                job, loaded, loaded.chapters, BookTarget("epub", tmp_path), own_process=own_process
            )
        )
        await adding.wait()
        run.cancel()
        await wait_until(follower_cancelled, "the job winding down")
        run.cancel()
        await asyncio.sleep(0)  # the second cancel reaches the job's task
        go_on.set()
        with pytest.raises(asyncio.CancelledError):
            await run
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == []
    await wait_until(lambda: not writer_processes(), "the writer's process gone")


async def test_a_folder_that_cannot_be_written_is_reported_before_any_request(
    store: Store, tmp_path: Path
) -> None:
    # The process opens the book while the job goes on; the download waits for it, as it
    # does for a thread's writer, instead of fetching the whole book first.
    out = tmp_path / "out"
    with read_only_folder(out) as problem:
        async with (
            SampleServer(make_library()) as server,
            Downloader(store, fast_options(server, concurrency=8)) as job,
        ):
            loaded = await job.load("1")
            with pytest.raises(ExportError, match=problem):
                await fetch_and_write(
                    job, loaded, loaded.chapters, BookTarget("epub", out), own_process=True
                )
        assert not server.stats.chapter_requests
        assert list(out.iterdir()) == []
    await wait_until(lambda: not writer_processes(), "the writer's process gone")


@pytest.mark.parametrize("own_process", [False, True])
async def test_a_book_with_no_chapter_to_write_is_discarded_without_asking(
    store: Store, tmp_path: Path, own_process: bool
) -> None:
    # before_commit judges a book about to replace a file (the whole-book rule would call an
    # empty one a shrink); a book not one chapter of which could be had replaces nothing.
    every_chapter_fails = FaultPlan(scripted={BOOK.chapter_id(i): ["500"] * 4 for i in (1, 2)})
    asked: list[int] = []
    async with (
        SampleServer(make_library(), faults=every_chapter_fails) as server,
        Downloader(store, fast_options(server, concurrency=2)) as job,
    ):
        loaded = await job.load("1")
        outcome = await fetch_and_write(
            job,
            loaded,
            loaded.chapters[:2],
            BookTarget("epub", tmp_path),
            own_process=own_process,
            before_commit=lambda written: asked.append(len(written)) or True,
        )
    assert outcome.path is None and outcome.chapters_written == 0 and asked == []
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == []
    await wait_until(lambda: not writer_processes(), "the writer's process gone")
