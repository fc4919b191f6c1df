"""The small holes of issue 18 (item 6), each closed: codecs that are no text encodings, line
breaks in rule headers, terminal control sequences from a server, rich-text tooltips, killed
runs' temporary files, bidi controls in file names, and non-web "next page" links."""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from novelfetch.core.export.filenames import safe_filename
from novelfetch.core.jobs.downloader import Downloader, DownloadOptions
from novelfetch.core.net.http import HttpSettings
from novelfetch.core.net.retry import RetryPolicy
from novelfetch.core.sources import SourceRegistry
from novelfetch.core.sources.rules.pages import decode_page
from novelfetch.core.store.chapter_store import Store
from tests.cli_support import run_cli
from tests.reliability.hostile_support import (
    HostileSite,
    book_page,
    chapter_page,
    legado_rule,
    toc_page,
    write_rule,
)

QUICK = HttpSettings(connect_timeout=2.0, read_timeout=5.0)


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("text/html; charset=hex", "<html><body>正文</body></html>".encode()),
        ("text/html", '<meta charset="base64"><p>正文</p>'.encode()),
        ("text/html; charset=rot13", "<p>正文</p>".encode()),
    ],
)
def test_only_text_encodings_are_taken_as_a_charset(content_type: str, body: bytes) -> None:
    text, charset = decode_page(body, content_type)
    assert "正文" in text and charset == "utf-8"


def test_a_line_break_in_a_rule_header_is_refused_at_import_naming_the_field() -> None:
    rule = legado_rule("http://127.0.0.1:9/", header=json.dumps({"X-Note": "a\r\nX-Evil: 1"}))
    (line,) = SourceRegistry.builtin_only().import_text(json.dumps(rule), "test").lines
    assert not line.imported
    assert line.label == "敌意站" and "header 'X-Note'" in line.reason  # the name is the label
    assert "line break" in line.reason


@pytest.fixture
async def escaping_server() -> AsyncIterator[str]:
    """An HTTP server whose reason phrase retitles the terminal and clears the screen."""

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await reader.readuntil(b"\r\n\r\n")
            writer.write(
                b"HTTP/1.1 404 Gone\x1b]0;pwned\x07\x1b[2J\xe2\x80\xae\r\n"
                b"Content-Length: 0\r\nConnection: close\r\n\r\n"
            )
            await writer.drain()
        finally:
            writer.close()

    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        yield f"http://127.0.0.1:{port}/"


async def test_what_a_server_says_reaches_the_terminal_without_control_characters(
    escaping_server: str, tmp_path: Path
) -> None:
    rules = write_rule(tmp_path, legado_rule(escaping_server))
    data = ("--data-dir", tmp_path / "data")
    assert (await run_cli("sources", "import", rules, *data)).code == 0
    result = await run_cli(
        "download",
        f"{escaping_server}book/1",
        *data,
        "--store-dir",
        tmp_path / "store",
        "-o",
        tmp_path,
        "--retries",
        "0",
    )
    assert result.code != 0 and "404" in result.err, result.err
    for unsafe in ("\x1b", "\x07", "\u202e"):
        assert unsafe not in result.err + result.out


def test_bidi_controls_never_reach_a_file_name() -> None:
    name = safe_filename("invoice\u202ebupe.exe\u2066x\u200f", "epub")
    assert name == "invoicebupe.exex.epub"


def test_temporary_files_of_killed_runs_are_removed_at_the_next_start(tmp_path: Path) -> None:
    tmp_path.mkdir(exist_ok=True)
    dead = tmp_path / ".sources-999999999-k2j3h4.tmp"  # no such process
    dead.write_bytes(b"x" * 1024)
    old = tmp_path / ".sources-abc123.tmp"  # an older version's name, left long ago
    old.write_bytes(b"x")
    a_day_ago = time.time() - 86400
    os.utime(old, (a_day_ago, a_day_ago))
    live = tmp_path / f".sources-{os.getpid()}-zz9.tmp"  # a save under way right now
    live.write_bytes(b"x")
    other = tmp_path / "notes.tmp"  # not ours
    other.write_bytes(b"x")
    SourceRegistry(tmp_path)
    assert not dead.exists() and not old.exists()
    assert live.exists() and other.exists()


async def test_a_non_web_next_page_link_ends_the_chapter(tmp_path: Path) -> None:
    async with HostileSite() as site:
        site.page("/book/1", book_page())
        site.page("/toc/1", toc_page(["/c/1"]))
        site.page("/c/1", chapter_page("第一页的正文。", "data:text/html,<p>x</p>"))
        registry = SourceRegistry(tmp_path / "data")
        (line,) = registry.import_text(json.dumps(legado_rule(site.base)), "test").lines
        assert line.source_id is not None
        options = DownloadOptions(
            source=line.source_id, retry=RetryPolicy(retries=0, backoff_base=0.01), http=QUICK
        )
        with Store(tmp_path / "store.sqlite3") as store:
            async with Downloader(store, options, registry=registry) as job:
                loaded = await job.load(f"{site.base}book/1")
                result = await job.fetch(loaded, loaded.chapters)
            assert result.fetched == 1 and not result.failures
            [text] = store.iter_texts(loaded.book, loaded.chapters)
    assert text.text == "第一页的正文。"
