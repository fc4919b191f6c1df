"""``java.getZipStringContent``: a real source whose book is a zip archive (玫瑰小说, one of
eight sharing the template), end to end against a local emulation; and the archive's limits."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web

from novelfetch.core.budgets import MAX_ZIP_ENTRY_BYTES
from novelfetch.core.jobs.downloader import Downloader, DownloadOptions
from novelfetch.core.net.http import HttpSettings
from novelfetch.core.net.retry import RetryPolicy
from novelfetch.core.sources import SourceRegistry
from novelfetch.core.sources.rules.js.host import HttpAnswer, JsHost, ScriptState
from novelfetch.core.sources.rules.js.sandbox import ScriptError, run_script
from novelfetch.core.sources.search import search_sources
from novelfetch.core.store.chapter_store import Store

QUICK = HttpSettings(connect_timeout=2.0, read_timeout=5.0)
RULE = Path(__file__).parent / "real" / "meigui.json"
TITLE, AUTHOR = "玫瑰园记", "花匠"
CHAPTERS = [f"第{n}章 花开第{n}朵" for n in range(1, 4)]


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def meigui_app(base: list[str]) -> web.Application:
    async def search(request: web.Request) -> web.Response:
        found = [{"id": 4001, "name": TITLE, "author": AUTHOR}]
        return web.json_response(
            {"data": {"list": found if "玫瑰" in request.query["content"] else []}}
        )

    async def book_zip(request: web.Request) -> web.Response:
        detail = {"data": {"name": TITLE, "author": AUTHOR, "intro": "园中一年。", "wordNum": 9000}}
        rows = [
            {"name": name, "content_url": f"{base[0]}text/{n}.txt"}
            for n, name in enumerate(CHAPTERS, 1)
        ]
        archive = zipped(
            {
                "detail.json": json.dumps(detail, ensure_ascii=False).encode(),
                "chapter.json": json.dumps({"data": rows}, ensure_ascii=False).encode(),
            }
        )
        return web.Response(body=archive, content_type="application/zip")

    async def text(request: web.Request) -> web.Response:
        return web.Response(text=f"第{request.match_info['n']}朵花开了，园子里一片香气。")

    app = web.Application()
    app.router.add_get("/api/v1/novelsearch", search)
    app.router.add_get("/static/book/zip/3/4001.zip", book_zip)  # ceil(4001 / 2000) = 3
    app.router.add_get("/text/{n}.txt", text)
    return app


@pytest.fixture
async def site() -> AsyncIterator[str]:
    base: list[str] = []
    runner = web.AppRunner(meigui_app(base))
    await runner.setup()
    tcp = web.TCPSite(runner, "127.0.0.1", 0)
    await tcp.start()
    base.append(f"http://127.0.0.1:{tcp._server.sockets[0].getsockname()[1]}/")  # type: ignore[union-attr]
    yield base[0]
    await runner.cleanup()


async def test_a_book_that_is_a_zip_archive_downloads(site: str, tmp_path: Path) -> None:
    rule = RULE.read_text("utf-8")
    for real in ("https://api.meiguixsapp.com", "http://statics.ywpxg.com"):
        rule = rule.replace(real, site.rstrip("/"))
    registry = SourceRegistry(tmp_path / "data")
    (line,) = registry.import_text(rule, "meigui.json").lines
    assert line.usable, line.reasons
    entry = registry.get(line.source_id or "")
    with Store(tmp_path / "store.sqlite3") as store:
        (outcome,) = [o async for o in search_sources([entry], "玫瑰", http=QUICK, memory=store)]
        assert outcome.ok, outcome.error
        (found,) = outcome.results
        assert found.book == f"{site}static/book/zip/3/4001.zip"
        options = DownloadOptions(source=entry.id, concurrency=2, retry=RetryPolicy(1), http=QUICK)
        async with Downloader(store, options, registry=registry) as job:
            loaded = await job.load(found.book)
            result = await job.fetch(loaded)
        assert (loaded.book.title, loaded.book.author) == (TITLE, AUTHOR)
        assert [c.title for c in loaded.chapters] == CHAPTERS
        assert result.fetched == 3 and not result.failures
        assert store.load_text(loaded.book, loaded.chapters[1]) == "第2朵花开了，园子里一片香气。"


def js(script: str, archive: bytes) -> object:
    def fetch(method: str, url: str, headers: dict, body: str | None, *flags: bool) -> HttpAnswer:
        assert flags == (False, True)  # the bytes, not a page's text
        return HttpAnswer(url, 200, {}, "", {}, archive)

    host = JsHost(ScriptState(), fetch=fetch)  # type: ignore[arg-type]
    return run_script(script, {"source": {"bookSourceUrl": "https://a.example"}}, host)


def test_an_archive_read_from_an_address_or_a_hex_string() -> None:
    archive = zipped({"a/b.txt": "你好".encode("gbk"), "c.txt": b"plain"})
    assert js("java.getZipStringContent('https://a.example/x.zip', 'c.txt')", archive) == "plain"
    assert (
        js("java.getZipStringContent('https://a.example/x.zip', 'a/b.txt', 'GBK')", archive)
        == "你好"
    )
    assert js("java.getZipStringContent('https://a.example/x.zip', 'none.txt')", archive) == ""
    hex_form = f"java.getZipStringContent('{archive.hex()}', 'c.txt')"
    assert js(hex_form, b"") == "plain"


def test_a_zip_bomb_stops_at_its_budget_and_garbage_is_no_archive() -> None:
    bomb = zipped({"big.txt": b"0" * (MAX_ZIP_ENTRY_BYTES + 1)})
    assert len(bomb) < 100_000
    with pytest.raises(ScriptError, match="over 8,388,608 bytes"):
        js("java.getZipStringContent('https://a.example/x.zip', 'big.txt')", bomb)
    with pytest.raises(ScriptError, match="not a zip archive"):
        js("java.getZipStringContent('https://a.example/x.zip', 'c.txt')", b"<html>404</html>")
