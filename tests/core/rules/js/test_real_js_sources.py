"""Real Legado sources that need JavaScript, against local emulations of their sites: each
book downloaded end to end to an epubcheck-clean EPUB."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web

from novelfetch.core.export import export_book
from novelfetch.core.jobs.downloader import Downloader, DownloadOptions
from novelfetch.core.jobs.results import LoadedBook
from novelfetch.core.net.http import HttpSettings
from novelfetch.core.net.retry import RetryPolicy
from novelfetch.core.sources import SourceRegistry
from novelfetch.core.sources.search import search_sources
from novelfetch.core.store.chapter_store import Store
from tests.cli_support import run_cli
from tests.core.rules.js import real_js_sites as sites
from tests.epubcheck_support import assert_epubcheck_clean

QUICK = HttpSettings(connect_timeout=2.0, read_timeout=5.0)


async def serve(app: web.Application) -> AsyncIterator[str]:
    runner = web.AppRunner(app)
    await runner.setup()
    tcp = web.TCPSite(runner, "127.0.0.1", 0)
    await tcp.start()
    port = tcp._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield f"http://127.0.0.1:{port}/"
    await runner.cleanup()


@pytest.fixture
async def lanshe() -> AsyncIterator[str]:
    async for base in serve(sites.lanshe_app()):
        yield base


@pytest.fixture
async def shelf() -> AsyncIterator[str]:
    async for base in serve(sites.shelf_app()):
        yield base


def assert_clean_epub(store: Store, loaded: LoadedBook, tmp_path: Path) -> None:
    """The downloaded book, written as the command line writes it, passes epubcheck."""
    out = tmp_path / "out"
    out.mkdir()
    chapters = store.iter_texts(loaded.book, loaded.chapters)
    assert_epubcheck_clean(export_book(loaded.book, chapters, "epub", out))


def download_options(source_id: str) -> DownloadOptions:
    retry = RetryPolicy(retries=1, backoff_base=0.01)
    return DownloadOptions(source=source_id, concurrency=2, retry=retry, http=QUICK)


async def test_lanshe_signed_api_with_aes_text(lanshe: str, tmp_path: Path) -> None:
    registry = SourceRegistry(tmp_path / "data")
    (line,) = registry.import_text(sites.lanshe_rule(lanshe), "lanshe.json").lines
    assert line.usable, line
    (entry,) = [e for e in registry.entries() if e.id == line.source_id]
    with Store(tmp_path / "store.sqlite3") as store:
        outcomes = [o async for o in search_sources([entry], "试炼", http=QUICK, memory=store)]
        (outcome,) = outcomes
        assert outcome.ok, outcome.error
        (found,) = outcome.results
        assert (found.title, found.author) == ("蓝舍试炼记", "脚本客")
        assert found.book.startswith(f"{lanshe}book/details/12/12345.html,")  # with its headers
        async with Downloader(store, download_options(entry.id), registry=registry) as job:
            loaded = await job.load(registry.route(found.book)[1])
            assert loaded.book.title == "蓝舍试炼记"
            assert [c.title for c in loaded.chapters] == sites.LANSHE_CHAPTERS  # names decrypted
            result = await job.fetch(loaded, loaded.chapters)
        assert result.fetched == len(sites.LANSHE_CHAPTERS) and not result.failures
        text = store.load_text(loaded.book, loaded.chapters[1])
        assert_clean_epub(store, loaded, tmp_path)
    assert text is not None and "第2章的正文" in text


async def test_5165_orders_catalog_and_text_with_the_element_bridge(
    shelf: str, tmp_path: Path
) -> None:
    registry = SourceRegistry(tmp_path / "data")
    (line,) = registry.import_text(sites.shelf_rule(shelf), "5165.json").lines
    assert line.usable, line
    with Store(tmp_path / "store.sqlite3") as store:
        async with Downloader(
            store, download_options(str(line.source_id)), registry=registry
        ) as job:
            loaded = await job.load(registry.route(f"{shelf}book/1/")[1])
            assert (loaded.book.title, loaded.book.author) == (
                sites.SHELF_TITLE,
                sites.SHELF_AUTHOR,
            )
            assert [c.title for c in loaded.chapters] == sites.SHELF_CHAPTERS
            result = await job.fetch(loaded, loaded.chapters)
        assert result.fetched == 4 and not result.failures
        text = store.load_text(loaded.book, loaded.chapters[2]) or ""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    assert lines == sites.shelf_paragraphs(3)  # in data-id order, not page order


@pytest.fixture
async def stone() -> AsyncIterator[str]:
    async for base in serve(sites.stone_app()):
        yield base


async def test_stoneread_put_get_filter_and_a_catalog_made_by_script(
    stone: str, tmp_path: Path
) -> None:
    registry = SourceRegistry(tmp_path / "data")
    (line,) = registry.import_text(sites.stone_rule(stone), "stoneread.json").lines
    assert line.usable, line
    (entry,) = [e for e in registry.entries() if e.id == line.source_id]
    with Store(tmp_path / "store.sqlite3") as store:
        outcomes = [o async for o in search_sources([entry], "石头", http=QUICK, memory=store)]
        (outcome,) = outcomes
        assert outcome.ok, outcome.error
        assert [(r.title, r.author) for r in outcome.results] == [
            (sites.STONE_TITLE, sites.STONE_AUTHOR)
        ]  # the other result was filtered out by the script, with the word java.put saved
        async with Downloader(store, download_options(entry.id), registry=registry) as job:
            loaded = await job.load(registry.route(outcome.results[0].book)[1])
            assert [c.title for c in loaded.chapters] == sites.STONE_CHAPTERS
            result = await job.fetch(loaded, loaded.chapters)
        assert result.fetched == 3 and not result.failures
        text = store.load_text(loaded.book, loaded.chapters[2]) or ""
        assert_clean_epub(store, loaded, tmp_path)
    assert sites.stone_text(3) in text


@pytest.fixture
async def rrread() -> AsyncIterator[str]:
    async for base in serve(sites.rr_app()):
        yield base


async def test_rrread_catalog_address_by_script_and_base64_text(
    rrread: str, tmp_path: Path
) -> None:
    registry = SourceRegistry(tmp_path / "data")
    (line,) = registry.import_text(sites.rr_rule(rrread), "rrread.json").lines
    assert line.usable, line
    (entry,) = [e for e in registry.entries() if e.id == line.source_id]
    with Store(tmp_path / "store.sqlite3") as store:
        outcomes = [o async for o in search_sources([entry], "人人", http=QUICK, memory=store)]
        (outcome,) = outcomes
        assert outcome.ok, outcome.error
        (found,) = outcome.results
        async with Downloader(store, download_options(entry.id), registry=registry) as job:
            loaded = await job.load(registry.route(found.book)[1])
            assert (loaded.book.title, [c.title for c in loaded.chapters]) == (
                sites.RR_TITLE, sites.RR_CHAPTERS,
            )  # fmt: skip
            result = await job.fetch(loaded, loaded.chapters)
        assert result.fetched == 2 and not result.failures
        text = store.load_text(loaded.book, loaded.chapters[1]) or ""
        assert_clean_epub(store, loaded, tmp_path)
    assert "人人读第2章。" in text and "第二行。" in text


async def test_5165_from_the_command_line_to_a_clean_epub(shelf: str, tmp_path: Path) -> None:
    rule = tmp_path / "5165.json"
    rule.write_text(sites.shelf_rule(shelf), encoding="utf-8")
    data = ["--data-dir", tmp_path / "data"]
    code, out, err = await run_cli("sources", "import", rule, *data)
    assert code == 0, err
    code, out, err = await run_cli(
        "download", f"{shelf}book/1/", *data, "--cache-dir", tmp_path / "c", "-o", tmp_path / "o"
    )
    assert code == 0, err
    assert_epubcheck_clean(Path(out.strip()))
