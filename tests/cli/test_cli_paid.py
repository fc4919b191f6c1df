"""Paid chapters stay paid: remembered in the store, not asked again with the same cookie,
reported once per run as needing a purchase, never as failures."""

from __future__ import annotations

from pathlib import Path

from novelfetch.core.store.chapter_store import STORE_FILE
from novelfetch.sample.server import SampleServer
from tests.cli_support import run_cli
from tests.conftest import make_library

PAID = make_library()["3"]


def args(server: SampleServer, tmp_path: Path, *extra: str) -> list[str | Path]:
    return [
        "download",
        "3",
        "-f",
        "txt",
        "--api-base",
        server.api_base,
        "-o",
        tmp_path,
        "--cache-dir",
        tmp_path / "cache",
        *extra,
    ]


def paid_requests(server: SampleServer) -> list[int]:
    return [server.stats.chapter_requests[PAID.chapter_id(i)] for i in (5, 6)]


async def test_paid_chapters_are_asked_for_once_until_the_cookie_changes(
    server: SampleServer, tmp_path: Path
) -> None:
    first = await run_cli(*args(server, tmp_path))
    assert first.code == 1, first.err
    assert paid_requests(server) == [1, 1]
    assert "2 chapters need a purchase at the source" in first.err
    for title in ("5. 第五章", "6. 第六章"):
        assert first.err.count(title) == 1, first.err  # each paid chapter printed once
    assert "Failed" not in first.err and "WITHOUT" not in first.err
    assert "第四章" in first.path.read_text("utf-8")

    server.stats.reset()
    second = await run_cli(*args(server, tmp_path))
    assert second.code == 1, second.err
    assert not server.stats.chapter_requests  # free ones stored, paid ones remembered
    assert "Nothing to fetch: 4 of 6 chapters are stored" in second.err
    assert "2 chapters need a purchase" in second.err
    assert "Not asked again: 2 chapters refused before with the same cookie" in second.err
    assert second.err.count("5. 第五章") == 1

    server.stats.reset()
    cookie = "BDUSS=secret-cookie-value"
    third = await run_cli(*args(server, tmp_path, "--cookie", cookie))
    assert paid_requests(server) == [1, 1]  # a new cookie may have bought them: asked again
    assert "Not asked again" not in third.err
    server.stats.reset()
    await run_cli(*args(server, tmp_path, "--cookie", cookie))
    assert paid_requests(server) == [0, 0]  # and remembered for that cookie too

    store_files = b"".join(p.read_bytes() for p in (tmp_path / "cache").glob(STORE_FILE + "*"))
    assert b"secret-cookie-value" not in store_files  # only a digest of it is kept
