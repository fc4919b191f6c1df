"""A hostile network: random mixes of faults end in the same book as a clean run; every chapter
that cannot be had is named with its reason; an empty chapter is told apart from a hiccup.

One fault kind at a time is covered in tests/core/test_downloader.py; these runs mix them.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path

import pytest

from novelfetch.core.export import export_book
from novelfetch.core.jobs.downloader import Downloader
from novelfetch.core.jobs.results import DownloadResult
from novelfetch.core.net.http import HttpSettings
from novelfetch.core.net.retry import RetryPolicy
from novelfetch.core.store.chapter_store import STORE_FILE, Store
from novelfetch.sample.server import FaultPlan, SampleServer
from tests.cli_support import run_cli
from tests.conftest import FAST_RETRY, fast_options, make_library
from tests.reliability.support import (
    TALLY,
    BookWithEmptyChapters,
    assert_clear_failure,
    download_args,
    epub_members,
    stored_chapters,
)

BOOK_ID = "1"  # make_library(): 40 chapters in three volumes, with a cover
CHAPTERS = 40
# Every fault a retry can get past. "hang" needs the short read timeout set below.
TRANSIENT_KINDS = (
    "500",
    "502",
    "503",
    "429",
    "429-date",
    "reset",
    "hang",
    "truncated",
    "html",
    "empty",
    "missing",
)
MIXED_SEEDS = range(10)


async def download_and_export(
    server: SampleServer, folder: Path, **overrides: object
) -> tuple[DownloadResult, bytes, dict[str, bytes]]:
    """Fetch the whole book into a fresh store, then write it as TXT and as EPUB."""
    with Store(folder / "cache" / STORE_FILE) as store:
        async with Downloader(store, fast_options(server, **overrides)) as job:
            loaded = await job.load(BOOK_ID)
            result = await job.fetch(loaded)
            cover = await job.fetch_cover(loaded.book)
        stored = [c for c in loaded.chapters if c.chapter_id in loaded.stored]
        out = folder / "out"
        out.mkdir()
        txt = export_book(loaded.book, store.iter_texts(loaded.book, stored), "txt", out)
        epub = export_book(
            loaded.book, store.iter_texts(loaded.book, stored), "epub", out, cover=cover
        )
    return result, txt.read_bytes(), epub_members(epub)


@pytest.fixture
async def clean_book(tmp_path: Path) -> tuple[bytes, dict[str, bytes]]:
    """The book as a run without a single fault writes it."""
    async with SampleServer(make_library()) as server:
        result, txt, epub = await download_and_export(server, tmp_path / "clean")
    assert result.fetched == CHAPTERS and not result.failures
    return txt, epub


async def test_random_mixed_faults_give_the_same_book_as_a_clean_run(
    tmp_path: Path, clean_book: tuple[bytes, dict[str, bytes]]
) -> None:
    # Ten mixes, side by side: each spends most of its time in the pauses its refusals earn
    # (a second each, the gate's REFUSAL_PAUSE), so together they take the slowest one's time.
    runs = await asyncio.gather(
        *(_mixed_faults_run(tmp_path / f"seed-{s}", s) for s in MIXED_SEEDS)
    )
    for seed, (faults, result, txt, epub) in zip(MIXED_SEEDS, runs, strict=True):
        TALLY["faults injected"] += faults.total()
        assert faults.total() >= 20 and len(faults) >= 6, (seed, faults)  # really a mix
        assert result.fetched == CHAPTERS and not result.failures, seed
        assert (txt, epub) == clean_book, seed


async def _mixed_faults_run(
    folder: Path, seed: int
) -> tuple[Counter[str], DownloadResult, bytes, dict[str, bytes]]:
    # Half of all chapter requests fail, up to three times per chapter; four retries (one to
    # spare for a slow machine) must then always get through, to exactly the clean text.
    plan = FaultPlan(
        rate=0.5,
        kinds=TRANSIENT_KINDS,
        seed=seed,
        max_random_per_key=3,
        retry_after=0,
        hang_seconds=10,
    )
    async with SampleServer(make_library(), faults=plan) as server:
        result, txt, epub = await download_and_export(
            server,
            folder,
            concurrency=8,
            retry=RetryPolicy(retries=4, backoff_base=0.01, backoff_max=0.05),
            http=HttpSettings(connect_timeout=2.0, read_timeout=0.5),
        )
        return server.stats.faults, result, txt, epub


@pytest.mark.slow
async def test_mixed_faults_through_the_cli_give_the_same_book(tmp_path: Path) -> None:
    """The CLI as shipped: its own retry policy, real backoff and Retry-After pauses."""
    async with SampleServer(make_library()) as server:
        clean = await run_cli(*download_args(server, BOOK_ID, tmp_path / "a", tmp_path / "ca"))
    assert clean.code == 0, clean.err

    plan = FaultPlan(rate=0.3, kinds=TRANSIENT_KINDS, seed=7, max_random_per_key=2, hang_seconds=10)
    async with SampleServer(make_library(), faults=plan) as server:
        args = download_args(server, BOOK_ID, tmp_path / "b", tmp_path / "cb", "-j", "8", "-v")
        faulty = await run_cli(*args, "--timeout", "1")
        TALLY["faults injected"] += server.stats.faults.total()
        assert server.stats.faults.total() >= 10, server.stats.faults
    assert faulty.code == 0, faulty.err
    assert "retry 1 in" in faulty.err  # the faults were met, and retried
    assert epub_members(faulty.path) == epub_members(clean.path)


@pytest.mark.slow
async def test_faults_that_outlast_the_retries_are_named_and_a_rerun_completes(
    tmp_path: Path,
) -> None:
    book = make_library()[BOOK_ID]
    failing = {
        5: (["huge"], "response too large"),  # 50 MB against the default 8 MB cap
        9: (["redirect-loop"] * 6, "too many redirects"),  # the first and 5 redirects
        13: (["missing"] * 3, "the answer has no data.novel.content"),
        17: (["500"] * 3, "HTTP 500"),
        21: (["html"] * 3, "web page instead of data"),
    }
    plan = FaultPlan(scripted={book.chapter_id(i): faults for i, (faults, _) in failing.items()})
    async with SampleServer(make_library(), faults=plan) as server:
        args = download_args(server, BOOK_ID, tmp_path / "out", tmp_path / "cache", "-f", "txt")
        first = await run_cli(*args, "--retries", "2")
        first_text = first.path.read_text("utf-8")  # before the rerun replaces it
        TALLY["faults injected"] += server.stats.faults.total()
        assert server.stats.chapter_requests[book.chapter_id(5)] == 1  # too large: no retry
        server.stats.reset()
        second = await run_cli(*args)
        refetched = set(server.stats.chapter_requests)
    assert_clear_failure(first, 1, f"WITHOUT {len(failing)} chapters:", "Run the same command")
    lines = first.err.splitlines()
    for index, (_, reason) in failing.items():
        [line] = [x for x in lines if x.startswith(f"  {index}. {book.chapter_title(index)}: ")]
        assert reason in line
    assert book.chapter_title(5) not in first_text and book.chapter_title(6) in first_text
    assert second.code == 0, second.err
    assert refetched == {book.chapter_id(i) for i in failing}  # only what was missing
    async with SampleServer(make_library()) as server:
        args = download_args(server, BOOK_ID, tmp_path / "c", tmp_path / "cc", "-f", "txt")
        clean = await run_cli(*args)
    assert second.path.read_bytes() == clean.path.read_bytes()


# --- empty text: a hiccup, or a truly empty chapter ----------------------------------------


def _plan_for_chapter(index: int, faults: list[str]) -> FaultPlan:
    return FaultPlan(scripted={make_library()[BOOK_ID].chapter_id(index): faults})


async def test_empty_text_is_retried_like_a_fault(store: Store) -> None:
    book = make_library()[BOOK_ID]
    async with SampleServer(make_library(), faults=_plan_for_chapter(3, ["empty"] * 2)) as server:
        async with Downloader(store, fast_options(server)) as job:
            loaded = await job.load(BOOK_ID)
            result = await job.fetch(loaded, loaded.chapters[:5])
        assert server.stats.chapter_requests[book.chapter_id(3)] == 3
    assert result.fetched == 5 and not result.failures
    [third] = store.iter_texts(loaded.book, [loaded.chapters[2]])
    assert third.text and third.text.split("\n")[0] in book.chapter_text(3)


async def test_text_empty_on_every_try_fails_the_chapter_and_is_not_stored(
    store: Store,
) -> None:
    """A site's "maintenance" page (HTTP 200, no text) is no chapter: stored as final text,
    the chapter would never be fetched again. It fails for this run; the next one asks."""
    book = make_library()[BOOK_ID]
    tries = FAST_RETRY.retries + 1
    plan = _plan_for_chapter(3, ["empty"] * tries)
    async with SampleServer(make_library(), faults=plan) as server:
        async with Downloader(store, fast_options(server)) as job:
            loaded = await job.load(BOOK_ID)
            result = await job.fetch(loaded, loaded.chapters[:5])
            assert server.stats.chapter_requests[book.chapter_id(3)] == tries
            assert result.fetched == 4
            (failure,) = result.failures
            assert failure.chapter.index == 3 and "no text" in failure.reason
            assert "fetched again" in failure.reason
            assert book.chapter_id(3) not in store.stored_ids(loaded.book)

            again = await job.fetch(loaded, loaded.chapters[:5])  # the site is back
    assert again.fetched == 1 and not again.failures
    [third] = store.iter_texts(loaded.book, [loaded.chapters[2]])
    assert third.text and third.text.split("\n")[0] in book.chapter_text(3)


async def test_missing_text_on_every_try_fails_the_chapter(store: Store) -> None:
    book = make_library()[BOOK_ID]
    plan = _plan_for_chapter(3, ["missing"] * 10)
    async with SampleServer(make_library(), faults=plan) as server:
        async with Downloader(store, fast_options(server)) as job:
            loaded = await job.load(BOOK_ID)
            result = await job.fetch(loaded, loaded.chapters[:5])
    assert [(f.chapter.index, f.reason) for f in result.failures] == [
        (3, "the answer has no data.novel.content")
    ]
    assert book.chapter_id(3) not in store.stored_ids(loaded.book)


async def test_a_chapter_empty_at_the_source_is_reported_through_the_cli(
    tmp_path: Path,
) -> None:
    book = BookWithEmptyChapters(
        "12", "空章之书", "某人", "", chapter_count=6, chars_per_chapter=100, empty=frozenset({4})
    )
    async with SampleServer({"12": book}) as server:
        args = download_args(server, "12", tmp_path, tmp_path / "cache", "-f", "txt")
        result = await run_cli(*args, "--retries", "1")
        assert server.stats.chapter_requests[book.chapter_id(4)] == 2
    assert result.code == 1, result.err  # the book is written without it
    assert "no text" in result.err and book.chapter_title(4) in result.err
    assert book.chapter_id(4) not in stored_chapters(tmp_path / "cache")
