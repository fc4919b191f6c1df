"""Rule sources end to end: the bundled Legado and so-novel rules over the offline HTML site."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from novelfetch.core.jobs.downloader import Downloader, DownloadOptions
from novelfetch.core.net.http import HttpSettings
from novelfetch.core.net.retry import RetryPolicy
from novelfetch.core.sources import SourceRegistry
from novelfetch.core.sources.search import search_sources
from novelfetch.core.store.chapter_store import Store
from novelfetch.resources import resource_path
from novelfetch.sample.library import default_library
from novelfetch.sample.server import SampleServer

RULES = ("sample-site.legado.json", "sample-site.sonovel.json")
BUNDLED_BASE = "http://127.0.0.1:8765/site/"
QUICK = HttpSettings(connect_timeout=2.0, read_timeout=5.0)


def bundled_rule(name: str, site_base: str) -> str:
    """A bundled rule file pointed at this test's server (only the base names a host)."""
    text = resource_path(f"sample/rules/{name}").read_text(encoding="utf-8")
    return text.replace(BUNDLED_BASE, site_base)


def paragraphs(text: str) -> list[str]:
    """Paragraph texts, leading full-width indents aside (a site's HTML drops them)."""
    return [line.strip() for line in text.split("\n") if line.strip()]


@pytest.fixture
async def site() -> AsyncIterator[SampleServer]:
    async with SampleServer(default_library()) as running:
        yield running


def registry_with(site: SampleServer, tmp_path: Path, name: str) -> tuple[SourceRegistry, str]:
    registry = SourceRegistry(tmp_path / "data")
    report = registry.import_text(bundled_rule(name, site.site_base), name)
    (line,) = report.lines
    assert line.imported and line.usable, line
    assert line.source_id is not None
    return registry, line.source_id


def options(source_id: str) -> DownloadOptions:
    return DownloadOptions(
        source=source_id, concurrency=4, retry=RetryPolicy(retries=2, backoff_base=0.01), http=QUICK
    )


@pytest.mark.parametrize("rule_file", RULES)
async def test_search_then_download_a_book_as_the_site_shows_it(
    site: SampleServer, tmp_path: Path, rule_file: str
) -> None:
    registry, source_id = registry_with(site, tmp_path, rule_file)
    book = default_library()["1"]
    with Store(tmp_path / "store.sqlite3") as store:
        outcomes = [
            o
            async for o in search_sources(
                registry.searchable([source_id]), "青云", http=QUICK, memory=store
            )
        ]
        (outcome,) = outcomes
        assert outcome.ok, outcome.error
        (found,) = outcome.results
        assert (found.title, found.author) == (book.title, book.author)
        assert found.book.startswith(site.site_base)

        entry, ref = registry.route(found.book)  # the result links to a short, redirecting URL
        assert entry.id == source_id
        async with Downloader(store, options(source_id), registry=registry) as job:
            loaded = await job.load(ref)
            assert loaded.book.title == book.title
            assert len(loaded.chapters) == book.chapter_count
            first, last = loaded.chapters[0], loaded.chapters[-1]
            assert first.title == book.chapter_title(1)
            assert last.title == book.chapter_title(book.chapter_count)
            result = await job.fetch(loaded, loaded.chapters[:3])
        assert result.fetched == 3 and not result.failures
        assert site.stats.requests["site:redirect"] >= 1
        text = store.load_text(loaded.book, first)
    assert text is not None
    # The site's paginated chapter, ads and notices removed, is the book's own text.
    assert paragraphs(text) == paragraphs(book.chapter_text(1))


@pytest.mark.parametrize("rule_file", RULES)
async def test_a_book_loaded_by_one_job_downloads_in_another_chapter_by_chapter(
    site: SampleServer, tmp_path: Path, rule_file: str
) -> None:
    """As the window does: its load and its download are separate jobs. Each chapter's last
    page links the next chapter; the download must stop there, not read on into the book."""
    registry, source_id = registry_with(site, tmp_path, rule_file)
    book = default_library()["1"]
    with Store(tmp_path / "store.sqlite3") as store:
        async with Downloader(store, options(source_id), registry=registry) as job:
            loaded = await job.load(f"{site.site_base}book/1/")
        async with Downloader(store, options(source_id), registry=registry) as job:
            result = await job.fetch(loaded, loaded.chapters[:3])
        assert result.fetched == 3 and not result.failures, result.failures
        for chapter in loaded.chapters[:3]:
            text = store.load_text(loaded.book, chapter)
            assert text is not None
            assert paragraphs(text) == paragraphs(book.chapter_text(chapter.index))


async def test_gbk_pages_with_and_without_a_declared_charset(
    site: SampleServer, tmp_path: Path
) -> None:
    registry, source_id = registry_with(site, tmp_path, RULES[0])
    library = default_library()
    with Store(tmp_path / "store.sqlite3") as store:
        async with Downloader(store, options(source_id), registry=registry) as job:
            for book_id in ("2", "3"):  # 2: GBK named nowhere; 3: GBK named in <meta> only
                loaded = await job.load(f"{site.site_base}book/{book_id}/")
                assert loaded.book.title == library[book_id].title
                result = await job.fetch(loaded, loaded.chapters[:1])
                assert not result.failures, result.failures
                text = store.load_text(loaded.book, loaded.chapters[0])
                assert text and paragraphs(text) == paragraphs(library[book_id].chapter_text(1))


async def test_a_challenge_page_is_reported_never_stored(
    site: SampleServer, tmp_path: Path
) -> None:
    registry, source_id = registry_with(site, tmp_path, RULES[0])
    with Store(tmp_path / "store.sqlite3") as store:
        async with Downloader(store, options(source_id), registry=registry) as job:
            with pytest.raises(Exception, match="anti-bot check"):
                await job.load(f"{site.site_base}book/cf/")


async def test_put_values_from_a_search_reach_a_later_run(
    site: SampleServer, tmp_path: Path
) -> None:
    """The Legado rule saves the book's kind with @put in search and reads it with @get."""
    registry, source_id = registry_with(site, tmp_path, RULES[0])
    with Store(tmp_path / "store.sqlite3") as store:
        [outcome] = [
            o
            async for o in search_sources(
                registry.searchable([source_id]), "青云", http=QUICK, memory=store
            )
        ]
        book_url = outcome.results[0].book
        assert "kind" in " ".join(store.recall(source_id, book_url))
    # Another run: a new registry and store connection, as the CLI would have.
    registry = SourceRegistry(tmp_path / "data")
    with Store(tmp_path / "store.sqlite3") as store:
        remembered = store.recall(source_id, book_url)
        async with Downloader(store, options(source_id), registry=registry) as job:
            loaded = await job.load(book_url)
    assert loaded.book.title == default_library()["1"].title
    assert any(key.startswith("var:") for key in remembered)


def test_the_bundled_rules_name_no_other_host() -> None:
    for name in RULES:
        document = json.loads(resource_path(f"sample/rules/{name}").read_text(encoding="utf-8"))
        assert BUNDLED_BASE in json.dumps(document)


async def test_search_across_three_sources_where_one_hangs_and_one_errors(
    site: SampleServer, tmp_path: Path
) -> None:
    """The healthy source's results arrive; the others are named with their problem in time."""
    from aiohttp import web
    from aiohttp.test_utils import TestServer

    hang = asyncio.Event()

    async def hanging(request: web.Request) -> web.Response:
        await hang.wait()
        return web.Response(text="never")

    async def broken(request: web.Request) -> web.Response:
        return web.Response(status=404, text="gone")

    app = web.Application()
    app.router.add_route("*", "/hang/{tail:.*}", hanging)
    app.router.add_route("*", "/broken/{tail:.*}", broken)
    async with TestServer(app, host="127.0.0.1") as other:
        registry = SourceRegistry(tmp_path / "data")
        legado = json.loads(bundled_rule(RULES[0], site.site_base))
        documents = [legado]
        for name in ("hang", "broken"):
            copy = json.loads(json.dumps(legado))
            copy["bookSourceUrl"] = str(other.make_url(f"/{name}/"))
            copy["bookSourceName"] = f"{name} site"
            documents.append(copy)
        report = registry.import_text(json.dumps(documents, ensure_ascii=False), "three")
        ids = [line.source_id for line in report.lines]
        assert all(ids) and len(set(ids)) == 3
        started = asyncio.get_running_loop().time()
        outcomes = {}
        order = []
        async for outcome in search_sources(
            [registry.get(i) for i in ids if i], "青云", http=QUICK, timeout=3.0
        ):
            outcomes[outcome.source.name] = outcome
            order.append(outcome.source.name)
        elapsed = asyncio.get_running_loop().time() - started
        hang.set()
    healthy = outcomes[legado["bookSourceName"]]
    assert healthy.ok and [r.title for r in healthy.results] == ["青云山海录"]
    # It did not wait for the hanging one.
    assert order.index(legado["bookSourceName"]) < order.index("hang site")
    assert "404" in outcomes["broken site"].error
    assert "no answer within 3 s" in outcomes["hang site"].error
    assert elapsed < 8
