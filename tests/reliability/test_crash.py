"""Crashes: the CLI process is SIGKILLed at random moments while downloading and while writing
the book. After every kill the store passes SQLite's integrity check and holds only whole,
correct chapters; no partial book ever sits under the final name; and the run that finally
completes writes exactly the book a run without crashes writes.
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import sys
from pathlib import Path

import pytest

from novelfetch.sample.library import SampleBook
from novelfetch.sample.server import SampleServer
from tests.cli_support import run_cli, start_cli, total_chapter_requests, wait_until
from tests.reliability.support import TALLY, download_args, epub_members, integrity, stored_chapters

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX"),
]

BOOK = SampleBook(
    "21",
    "断电之书",
    "不死鸟",
    "一本专门用来被杀死进程的书。",
    chapter_count=1500,
    chars_per_chapter=300,
    chapters_per_volume=300,
)
LIBRARY = {BOOK.book_id: BOOK}
DOWNLOAD_KILLS = 10
EXPORT_KILLS = 10  # half while writing EPUB, half while writing TXT
TITLE = BOOK.title


async def _kill(process: asyncio.subprocess.Process) -> bool:
    """SIGKILL ``process``; True if it was still running (a real kill, counted). The processes
    it started (the book's writer: the book has more than ``OWN_PROCESS_FROM`` chapters) end
    with it."""
    children = _children(process.pid)
    if process.returncode is None:
        process.send_signal(signal.SIGKILL)
    await process.wait()
    killed = process.returncode == -signal.SIGKILL
    TALLY["processes killed (SIGKILL)"] += killed
    await wait_until(lambda: not any(map(_running, children)), f"{children} ended with the app")
    TALLY["processes the killed app had started, ended with it"] += len(children)
    return killed


def _children(pid: int) -> list[int]:
    """The processes ``pid`` started, as Linux lists them (none where it does not)."""
    found = []
    for listing in Path(f"/proc/{pid}/task").glob("*/children"):
        found += [int(child) for child in listing.read_text().split()]
    return found


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def _assert_store_sound(cache: Path, reference: dict[str, str]) -> dict[str, str]:
    """Intact, and every stored chapter is whole and exactly the clean run's text."""
    assert integrity(cache) == "ok"
    stored = stored_chapters(cache)
    assert stored.keys() <= reference.keys()
    assert all(stored[cid] == reference[cid] for cid in stored)
    return stored


def _assert_no_partial_book(out: Path, reference: dict[str, bytes], log: Path) -> None:
    """Under a final name there is either nothing or a complete book."""
    runs = log.read_text("utf-8", "replace")[-3000:] if log.exists() else ""
    for fmt, expected in reference.items():
        final = out / f"{TITLE}.{fmt}"
        if final.exists():
            if fmt == "txt":
                assert final.read_bytes() == expected, f"{final} is not the complete book\n{runs}"
                continue
            actual = epub_members(final)
            differing = sorted(
                n for n in actual.keys() | expected.keys() if actual.get(n) != expected.get(n)
            )
            assert not differing, f"{final} is not the complete book: {differing[:5]}\n{runs}"


async def _requests_reach(
    server: SampleServer, count: int, process: asyncio.subprocess.Process
) -> None:
    def reached() -> bool:
        return total_chapter_requests(server) >= count or process.returncode is not None

    await wait_until(reached, f"{count} chapter requests")


async def _catalog_requested(
    server: SampleServer, count: int, process: asyncio.subprocess.Process
) -> None:
    def reached() -> bool:
        return server.stats.requests["getCatalog"] >= count or process.returncode is not None

    await wait_until(reached, "the catalog request")


async def _new_part_file(out: Path, before: set[Path], process: asyncio.subprocess.Process) -> None:
    """Wait for the run's own temporary file (earlier kills leave theirs behind)."""

    def appeared() -> bool:
        return bool(set(out.glob(".*.part")) - before) or process.returncode is not None

    await wait_until(appeared, "the export to start")


@pytest.fixture
async def reference(tmp_path: Path) -> tuple[dict[str, str], dict[str, object]]:
    """A run without crashes: its stored chapters and its two books."""
    async with SampleServer(LIBRARY) as server:
        cache, out = tmp_path / "ref-cache", tmp_path / "ref-out"
        epub = await run_cli(*download_args(server, BOOK.book_id, out, cache, "-j", "8"))
        txt = await run_cli(*download_args(server, BOOK.book_id, out, cache, "-f", "txt"))
    assert epub.code == 0 and txt.code == 0, epub.err + txt.err
    books: dict[str, object] = {"epub": epub_members(epub.path), "txt": txt.path.read_bytes()}
    return stored_chapters(cache), books


async def test_kills_while_downloading_lose_and_corrupt_nothing(
    tmp_path: Path, reference: tuple[dict[str, str], dict[str, bytes]]
) -> None:
    chapters, books = reference
    rng = random.Random(20240611)
    cache, out = tmp_path / "cache", tmp_path / "out"
    async with SampleServer(LIBRARY, latency=0.001) as server:
        args = download_args(server, BOOK.book_id, out, cache, "-j", "8")
        kills = 0
        for attempt in range(2 * DOWNLOAD_KILLS):
            if kills == DOWNLOAD_KILLS:
                break
            stored = _assert_store_sound(cache, chapters) if cache.exists() else {}
            server.stats.chapter_requests.clear()
            catalogs = server.stats.requests["getCatalog"]
            process = await start_cli(*args, log=tmp_path / "runs.log")
            if attempt % 3 == 0:
                # Early: while the catalog is saved and the first chapters are asked for.
                await _catalog_requested(server, catalogs + 1, process)
                await asyncio.sleep(rng.uniform(0, 0.05))
            else:
                # At most a quarter of what is left, so the book never completes here.
                remaining = BOOK.chapter_count - len(stored)
                await _requests_reach(server, rng.randint(1, remaining // 4), process)
            kills += await _kill(process)
            # Nothing already stored was fetched again.
            assert not stored.keys() & server.stats.chapter_requests.keys()
            _assert_no_partial_book(out, books, tmp_path / "runs.log")
        assert kills == DOWNLOAD_KILLS
        stored = _assert_store_sound(cache, chapters)
        assert 0 < len(stored) < BOOK.chapter_count
        server.stats.chapter_requests.clear()
        final = await run_cli(*args)
        refetched = set(server.stats.chapter_requests)
    assert final.code == 0, final.err
    assert refetched == chapters.keys() - stored.keys()
    assert stored_chapters(cache) == chapters
    assert epub_members(final.path) == books["epub"]


async def test_kills_while_writing_the_book_leave_no_partial_file(
    tmp_path: Path, reference: tuple[dict[str, str], dict[str, bytes]]
) -> None:
    chapters, books = reference
    rng = random.Random(19700101)
    cache, out = tmp_path / "cache", tmp_path / "out"
    async with SampleServer(LIBRARY) as server:
        filled = await run_cli(*download_args(server, BOOK.book_id, out, cache, "-j", "8"))
        assert filled.code == 0, filled.err
        filled.path.unlink()  # from here on, every book under a final name is from a kill run
        # How long writing takes, from the temporary file's appearance to the process's end.
        loop = asyncio.get_running_loop()
        timings: dict[str, float] = {}
        for fmt in ("epub", "txt"):
            process = await start_cli(*download_args(server, BOOK.book_id, out, cache, "-f", fmt))
            await wait_until(lambda: any(out.glob(".*.part")), "the export to start")
            started = loop.time()
            await process.wait()
            timings[fmt] = loop.time() - started
            (out / f"{TITLE}.{fmt}").unlink()
        server.stats.chapter_requests.clear()
        kills = 0
        for attempt in range(2 * EXPORT_KILLS):
            if kills == EXPORT_KILLS:
                break
            fmt = ("epub", "txt")[attempt % 2]
            final = out / f"{TITLE}.{fmt}"
            if final.exists():
                # A book the library wrote and nothing changed is left untouched (the
                # whole-book rule); touched, it is written again over the complete one.
                os.utime(final, ns=(final.stat().st_atime_ns, final.stat().st_mtime_ns + 1000))
            parts_before = set(out.glob(".*.part"))
            process = await start_cli(
                *download_args(server, BOOK.book_id, out, cache, "-f", fmt),
                log=tmp_path / "runs.log",
            )
            await _new_part_file(out, parts_before, process)
            await asyncio.sleep(rng.uniform(0, timings[fmt]))
            kills += await _kill(process)
            _assert_no_partial_book(out, books, tmp_path / "runs.log")
            _assert_store_sound(cache, chapters)
        assert kills == EXPORT_KILLS
        assert not server.stats.chapter_requests  # the store was complete: nothing refetched
        epub = await run_cli(*download_args(server, BOOK.book_id, out, cache))
        txt = await run_cli(*download_args(server, BOOK.book_id, out, cache, "-f", "txt"))
    assert epub.code == 0 and txt.code == 0, epub.err + txt.err
    assert epub_members(epub.path) == books["epub"]
    assert txt.path.read_bytes() == books["txt"]
    assert stored_chapters(cache) == chapters
    # The killed runs' temporary files were swept by the runs that followed them.
    assert not list(out.glob(".*.part"))
