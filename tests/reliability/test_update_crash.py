"""Crashes during ``update``: the CLI is SIGKILLed at random moments while it fetches a grown
book's new chapters and rewrites the book's EPUB and TXT in place. After every kill the store is
intact and holds only whole, correct chapters; under each book's name there is the old complete
book or the new complete book, never a partial one; and the update that finally completes
fetches only what is still missing and writes exactly the book a fresh download writes.
"""

from __future__ import annotations

import asyncio
import dataclasses
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
    "22", "连载之书", "更新者", "一本一直在写的书。", chapter_count=300, chars_per_chapter=300
)
GROWN = dataclasses.replace(BOOK, chapter_count=900)
KILLS = 8


async def _kill(process: asyncio.subprocess.Process) -> bool:
    if process.returncode is None:
        process.send_signal(signal.SIGKILL)
    await process.wait()
    killed = process.returncode == -signal.SIGKILL
    TALLY["processes killed (SIGKILL)"] += killed
    return killed


async def test_kills_during_update_lose_nothing_and_leave_no_partial_book(
    tmp_path: Path,
) -> None:
    async with SampleServer({GROWN.book_id: GROWN}) as server:
        ref_store, ref_out = tmp_path / "ref-store", tmp_path / "ref-out"
        ref_epub = await run_cli(*download_args(server, GROWN.book_id, ref_out, ref_store))
        ref_txt = await run_cli(
            *download_args(server, GROWN.book_id, ref_out, ref_store, "-f", "txt")
        )
    assert ref_epub.code == 0 and ref_txt.code == 0, ref_epub.err + ref_txt.err
    new_epub, new_txt = epub_members(ref_epub.path), ref_txt.path.read_bytes()
    reference = stored_chapters(ref_store)

    store, out = tmp_path / "store", tmp_path / "out"
    rng = random.Random(20261201)
    async with SampleServer({BOOK.book_id: BOOK}, latency=0.001) as server:
        epub = await run_cli(*download_args(server, BOOK.book_id, out, store))
        txt = await run_cli(*download_args(server, BOOK.book_id, out, store, "-f", "txt"))
        assert epub.code == 0 and txt.code == 0, epub.err + txt.err
        old_epub, old_txt = epub_members(epub.path), txt.path.read_bytes()
        server.library[BOOK.book_id] = GROWN
        update = ["update", "--all", "-q", "--api-base", server.api_base, "--store-dir", store]
        kills = 0
        for _ in range(2 * KILLS):
            if kills == KILLS:
                break
            stored = stored_chapters(store)
            server.stats.chapter_requests.clear()
            process = await start_cli(*update, log=tmp_path / "runs.log")
            remaining = GROWN.chapter_count - len(stored)
            target = rng.randint(1, max(1, remaining // 3))

            def reached(count: int = target, p: asyncio.subprocess.Process = process) -> bool:
                return total_chapter_requests(server) >= count or p.returncode is not None

            await wait_until(reached, f"{target} chapter requests")
            kills += await _kill(process)
            assert integrity(store) == "ok"
            now = stored_chapters(store)
            assert stored.keys() <= now.keys()  # nothing stored was lost
            assert all(reference[cid] == text for cid, text in now.items())
            assert not stored.keys() & server.stats.chapter_requests.keys()  # none refetched
            assert epub_members(epub.path) in (old_epub, new_epub)
            assert txt.path.read_bytes() in (old_txt, new_txt)
        assert kills == KILLS
        before_final = stored_chapters(store)
        assert len(before_final) < GROWN.chapter_count
        server.stats.chapter_requests.clear()
        final = await run_cli(*update)
        refetched = set(server.stats.chapter_requests)
    assert final.code == 0, final.err
    assert refetched == reference.keys() - before_final.keys()
    assert stored_chapters(store) == reference
    assert epub_members(epub.path) == new_epub
    assert txt.path.read_bytes() == new_txt
    assert not list(out.glob(".*.part"))  # the killed runs' temporary files were swept
