"""Legado parity in the flow: optional fields that fail alone, a search that lands on the book
page, a book opened by its address that keeps its name (issue 19)."""

from __future__ import annotations

import json
from pathlib import Path

from novelfetch.core.jobs.downloader import Downloader, DownloadOptions
from novelfetch.core.net.http import HttpSettings
from novelfetch.core.net.retry import RetryPolicy
from novelfetch.core.sources import SourceRegistry
from novelfetch.core.sources.check import CheckStep, check_source
from novelfetch.core.sources.search import search_sources
from novelfetch.core.store.chapter_store import Store
from tests.core.rules.site_emulation import Answer, EmulatedSite, emulated_site

QUICK = HttpSettings(connect_timeout=2.0, read_timeout=5.0)
BOOK = """<html><head><title>青云志最新章节_青云志全文阅读_示例书站</title>
<meta property="og:novel:book_name" content="青云志">
<meta property="og:novel:author" content="萧鼎"></head>
<body><h1>青云志</h1><div id="info">作者：萧鼎</div>
<ul id="list"><li><a href="/c/1.html">第一章 青云</a></li>
<li><a href="/c/2.html">第二章 草庙</a></li></ul>
</body></html>"""
CHAPTER = "<html><body><div id=content>青云志 {title}<p>正文{n}</p></div></body></html>"


def rule(origin: str, **extra: object) -> str:
    source: dict[str, object] = {
        "bookSourceUrl": origin,
        "bookSourceName": "示例书站",
        "searchUrl": "/search.php?q={{key}}",
        "ruleSearch": {
            "bookList": "class.result",
            "name": "tag.a@text",
            "author": "class.author@text",
            "bookUrl": "tag.a@href",
        },
        "ruleToc": {"chapterList": "id.list@tag.a", "chapterName": "text", "chapterUrl": "href"},
        "ruleContent": {"content": "tag.p@text"},
    }
    source.update(extra)
    return json.dumps(source, ensure_ascii=False)


def site_pages(search: Answer) -> dict[str, Answer]:
    return {
        "/search.php": search,
        "/book/8848.html": Answer(BOOK),
        "/c/1.html": Answer(CHAPTER.format(title="第一章 青云", n=1)),
        "/c/2.html": Answer(CHAPTER.format(title="第二章 草庙", n=2)),
    }


def registry_for(tmp_path: Path, text: str) -> tuple[SourceRegistry, str]:
    registry = SourceRegistry(tmp_path / "data")
    (line,) = registry.import_text(text, "test").lines
    assert line.imported and line.usable, line
    assert line.source_id is not None
    return registry, line.source_id


def options(source_id: str) -> DownloadOptions:
    retry = RetryPolicy(retries=1, backoff_base=0.01)
    return DownloadOptions(source=source_id, concurrency=2, retry=retry, http=QUICK)


async def search(registry: SourceRegistry, source_id: str, store: Store, words: str) -> list:
    outcomes = [
        o
        async for o in search_sources(
            registry.searchable([source_id]), words, http=QUICK, memory=store
        )
    ]
    (outcome,) = outcomes
    assert outcome.ok, outcome.error
    return outcome.results


RESULTS = """<html><body><div class="result"><a href="/book/8848.html">青云志</a>
<span class="author">萧鼎</span></div></body></html>"""


async def test_an_optional_field_failing_leaves_it_empty_and_the_search_works(
    tmp_path: Path,
) -> None:
    """Legado wraps kind, wordCount, lastChapter, intro and coverUrl each in a try."""
    async with emulated_site(site_pages(Answer(RESULTS))) as site:
        search_rules = {
            "bookList": "class.result",
            "name": "tag.a@text",
            "author": "class.author@text",
            "bookUrl": "tag.a@href",
            # The first alternative finds nothing here, the second cannot be read.
            "kind": "class.kind@text||p:bogus(1)@text",
            # A real source's kind rule (LibRead): no engine reads its second part.
            "lastChapter": "@css:.core span@text&&.desc .item.0@.right em@text",
        }
        registry, source_id = registry_for(tmp_path, rule(site.origin, ruleSearch=search_rules))
        with Store(tmp_path / "store.sqlite3") as store:
            (found,) = await search(registry, source_id, store, "青云")
    assert (found.title, found.author, found.kind) == ("青云志", "萧鼎", "")


async def test_a_source_check_shows_the_note_of_an_optional_field_left_empty(
    tmp_path: Path,
) -> None:
    async with emulated_site(site_pages(Answer(RESULTS))) as site:
        search_rules = {
            "bookList": "class.result",
            "name": "tag.a@text",
            "bookUrl": "tag.a@href",
            "kind": "class.kind@text||p:bogus(1)@text",
        }
        registry, source_id = registry_for(tmp_path, rule(site.origin, ruleSearch=search_rules))
        steps: list[CheckStep] = []
        assert await check_source(registry.get(source_id), "青云", steps.append, timeout=10)
    notes = [str(step.detail) for step in steps if str(step.name) == "note"]
    assert len(notes) == 1 and notes[0].startswith("ruleSearch.kind left empty: Rule")
    assert "p:bogus(1)" in notes[0]


async def test_a_core_field_failing_fails_the_search_with_the_rule_named(tmp_path: Path) -> None:
    async with emulated_site(site_pages(Answer(RESULTS))) as site:
        search_rules = {
            "bookList": "class.result",
            "name": "class.name@text||p:bogus(1)@text",
            "bookUrl": "tag.a@href",
        }
        registry, source_id = registry_for(tmp_path, rule(site.origin, ruleSearch=search_rules))
        with Store(tmp_path / "store.sqlite3") as store:
            outcomes = [
                o
                async for o in search_sources(
                    registry.searchable([source_id]), "青云", http=QUICK, memory=store
                )
            ]
    (outcome,) = outcomes
    assert not outcome.ok
    assert "p:bogus(1)" in str(outcome.error)


async def _landing(tmp_path: Path, **extra: object) -> tuple[EmulatedSite, list]:
    redirect = Answer("", redirect="/book/8848.html")
    async with emulated_site(site_pages(redirect)) as site:
        registry, source_id = registry_for(tmp_path, rule(site.origin, **extra))
        with Store(tmp_path / "store.sqlite3") as store:
            return site, await search(registry, source_id, store, "青云志")


async def test_a_search_that_lands_on_the_book_page_is_that_book(tmp_path: Path) -> None:
    """An exact title hit redirects to the book; ``bookUrlPattern`` says it is a book page."""
    site, results = await _landing(
        tmp_path,
        bookUrlPattern=r"https?://[^/]+/book/\d+\.html",
        ruleBookInfo={"name": "tag.h1@text", "author": "id.info@text##作者："},
    )
    (found,) = results
    assert (found.title, found.author) == ("青云志", "萧鼎")
    assert found.book == site.url("/book/8848.html")


async def test_a_search_landing_on_the_book_without_a_pattern_uses_the_book_rules(
    tmp_path: Path,
) -> None:
    """No bookUrlPattern and an empty list: Legado reads the page with ``ruleBookInfo``."""
    site, results = await _landing(tmp_path, ruleBookInfo={"name": "tag.h1@text"})
    (found,) = results
    assert found.title == "青云志" and found.book == site.url("/book/8848.html")


async def test_an_empty_result_page_without_a_pattern_is_no_book(tmp_path: Path) -> None:
    empty = Answer("<html><head><title>搜索结果</title></head><body>没有找到</body></html>")
    async with emulated_site(site_pages(empty)) as site:
        registry, source_id = registry_for(
            tmp_path, rule(site.origin, ruleBookInfo={"name": "tag.h1@text"})
        )
        with Store(tmp_path / "store.sqlite3") as store:
            assert await search(registry, source_id, store, "无此书") == []


async def _open_and_fetch(tmp_path: Path, **extra: object) -> tuple[object, list[str]]:
    async with emulated_site(site_pages(Answer(RESULTS))) as site:
        registry, source_id = registry_for(tmp_path, rule(site.origin, **extra))
        with Store(tmp_path / "store.sqlite3") as store:
            async with Downloader(store, options(source_id), registry=registry) as job:
                loaded = await job.load(site.url("/book/8848.html"))
                result = await job.fetch(loaded, loaded.chapters)
            assert result.fetched == 2 and not result.failures, result.failures
            texts = [store.load_text(loaded.book, chapter) or "" for chapter in loaded.chapters]
    return loaded.book, texts


async def test_a_book_opened_by_its_address_keeps_its_name(tmp_path: Path) -> None:
    """No name/author rule in ruleBookInfo (Legado takes them from the search result): the
    page's og:novel tags name the book, not its address."""
    book, _ = await _open_and_fetch(tmp_path)
    assert (book.title, book.author) == ("青云志", "萧鼎")  # type: ignore[attr-defined]


async def test_chapter_rules_read_the_books_name_and_the_chapters_title(tmp_path: Path) -> None:
    """``##{{book.name}}|{{title}}``: a real content rule dropping the site's heading."""
    content = {"content": "id.content@textNodes&&tag.p@text##{{book.name}} ?{{title}}"}
    _, texts = await _open_and_fetch(tmp_path, ruleContent=content)
    assert [text.split() for text in texts] == [["正文1"], ["正文2"]]
