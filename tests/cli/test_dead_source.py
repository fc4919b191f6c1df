"""A source that dies mid-download stops the command line (exit 2) instead of retrying for
minutes; a rerun once it is back fetches only what is missing."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from novelfetch.sample.library import SampleBook
from novelfetch.sample.server import SampleServer
from tests.cli_support import run_cli, start_cli, total_chapter_requests, wait_until
from tests.reliability.support import download_args, stored_chapters

pytestmark = pytest.mark.slow

BOOK = SampleBook("31", "断线之书", "某人", "", chapter_count=1500, chars_per_chapter=200)


async def test_killed_server_stops_the_cli_and_a_rerun_fetches_only_the_rest(
    tmp_path: Path,
) -> None:
    library = {BOOK.book_id: BOOK}
    cache, out = tmp_path / "cache", tmp_path / "out"
    server = SampleServer(library, latency=0.01)
    await server.start()
    port = int(server.origin.rsplit(":", 1)[1])
    try:
        args = download_args(server, BOOK.book_id, out, cache, "-j", "8")
        process = await start_cli(*args, capture_stderr=True)
        await wait_until(lambda: total_chapter_requests(server) >= 300, "300 chapter requests")
        await server.stop()
        stopped = time.monotonic()
        assert process.stderr is not None
        err = (await asyncio.wait_for(process.stderr.read(), 60)).decode()
        await process.wait()
        took = time.monotonic() - stopped
    finally:
        await server.stop()
    assert process.returncode == 2, err
    assert took < 30, took
    assert "Cannot reach" in err and "Traceback" not in err
    assert err.lower().count("cannot reach") == 1  # one line, not one per retry
    kept = stored_chapters(cache)
    assert 0 < len(kept) < BOOK.chapter_count
    # What was kept, and that running again is enough.
    assert f"; {len(kept):,} of 1,500 chapters are stored; running again fetches the rest" in err

    async with SampleServer(library, port=port) as again:
        result = await run_cli(*download_args(again, BOOK.book_id, out, cache, "-j", "8"))
        refetched = set(again.stats.chapter_requests)
    assert result.code == 0, result.err
    assert refetched == {BOOK.chapter_id(i) for i in range(1, 1501)} - kept.keys()
    assert len(stored_chapters(cache)) == BOOK.chapter_count
