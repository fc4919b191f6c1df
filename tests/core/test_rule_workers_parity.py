"""One rule source read in the worker processes and in-process: the same results, the same
notes, the same budget messages (main's flow behaviours since the workers came: optional
fields failing alone, a search landing on the book page, a name from the page's markup, the
page tag budget). Sources whose rules run JavaScript too: their scripts' requests come back
to this process as host calls, and what they change in the source's state comes back with
each page."""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
from aiohttp import web
from aiohttp.test_utils import TestServer

from novelfetch.core import budgets
from novelfetch.core.jobs.downloader import Downloader, DownloadOptions
from novelfetch.core.net.http import HttpSettings
from novelfetch.core.sources import SourceRegistry
from novelfetch.core.sources.base import SourceSettings
from novelfetch.core.sources.rules.flow import RuleSourceAdapter
from novelfetch.core.sources.rules.model import RuleSource
from novelfetch.core.sources.search import search_sources
from novelfetch.core.store.chapter_store import Store
from novelfetch.core.workers.pool import Evaluator, InProcess, WorkerPool
from tests.core.pools import evaluating_with
from tests.core.rules.js import js_site, real_js_sites
from tests.core.rules.site_emulation import Answer, emulated_site

QUICK = HttpSettings(connect_timeout=2.0, read_timeout=5.0)
BOOK = """<html><head><title>青云志最新章节_示例书站</title>
<meta property="og:novel:book_name" content="青云志">
<meta property="og:novel:author" content="萧鼎"></head>
<body><h1>青云志 全文阅读</h1>
<ul id="list"><li><a href="/c/1.html">第一章 青云</a></li>
<li><a href="/c/2.html">第二章 草庙</a></li></ul></body></html>"""
RESULTS = """<html><body><div class="result"><a href="/book/8848.html">青云志</a>
<span class="author">萧鼎</span></div></body></html>"""
CHAPTER = (
    "<html><body><div id=content><p>正文一</p><p>正文二</p></div>"
    "<a class=next href='javascript:void(0)'>下一页</a></body></html>"
)
TOO_MANY_TAGS = "<" * (budgets.MAX_PAGE_TAGS + 1)


def rule_text(origin: str, content: str = "tag.p@text") -> str:
    return json.dumps(
        {
            "bookSourceUrl": origin,
            "bookSourceName": "示例书站",
            "searchUrl": "/search/{{key}}",
            "bookUrlPattern": r"https?://[^/]+/book/\d+\.html",
            "ruleSearch": {
                "bookList": "class.result",
                "name": "tag.a@text",
                "author": "class.author@text",
                "bookUrl": "tag.a@href",
                "kind": "class.kind@text||p:bogus(1)@text",  # cannot be read: a note
            },
            # No name or author rule: the page's og:novel tags name the book.
            "ruleBookInfo": {"intro": "class.intro@text||p:bogus(2)@text"},
            "ruleToc": {
                "chapterList": "id.list@tag.a",
                "chapterName": "text",
                "chapterUrl": "href",
            },
            "ruleContent": {"content": content, "nextContentUrl": "class.next@href"},
        },
        ensure_ascii=False,
    )


def parsed(tmp_path: Path, text: str) -> RuleSource:
    (line,) = SourceRegistry(tmp_path / "data").import_text(text, "test").lines
    assert line.usable and line.source_id, line
    rule = SourceRegistry(tmp_path / "data").get(line.source_id).rule
    assert rule is not None
    return rule


async def read_everything(rule: RuleSource, *, in_process: bool) -> tuple[object, ...]:
    evaluator = InProcess() if in_process else WorkerPool(2)
    with evaluating_with(evaluator):
        return await _read_everything(rule)


async def _read_everything(rule: RuleSource) -> tuple[object, ...]:
    async with aiohttp.ClientSession() as session:
        adapter = RuleSourceAdapter(session, SourceSettings(http=QUICK), rule)
        landed = await adapter.search("landing")
        listed = await adapter.search("list")
        book = await adapter.details(landed[0].book)
        chapters = await adapter.catalog(landed[0].book)
        text = await adapter.chapter(book.book_id, chapters[0])
        try:
            await adapter.chapter(book.book_id, chapters[1])
        except Exception as error:  # the tag budget: compared by type and words
            refused = (type(error).__name__, str(error))
        else:
            refused = ("nothing", "")
    return landed, listed, book, chapters, text, refused, tuple(adapter.notes.lines)


async def test_workers_and_in_process_read_main_flow_behaviours_alike(tmp_path: Path) -> None:
    pages = {
        "/search/landing": Answer("", redirect="/book/8848.html"),
        "/search/list": Answer(RESULTS),
        "/book/8848.html": Answer(BOOK),
        "/c/1.html": Answer(CHAPTER),
        "/c/2.html": Answer(TOO_MANY_TAGS),
    }
    async with emulated_site(pages) as site:
        rule = parsed(tmp_path, rule_text(site.origin))
        through_workers = await read_everything(rule, in_process=False)
        in_process = await read_everything(rule, in_process=True)
    assert through_workers == in_process
    landed, listed, book, chapters, text, refused, notes = through_workers
    assert [(r.title, r.author, r.book) for r in landed] == [  # type: ignore[attr-defined]
        ("青云志", "萧鼎", site.url("/book/8848.html"))
    ]
    assert [(r.title, r.kind) for r in listed] == [("青云志", "")]  # type: ignore[attr-defined]
    assert (book.title, book.author, book.intro) == ("青云志", "萧鼎", "")  # type: ignore[attr-defined]
    assert [c.title for c in chapters] == ["第一章 青云", "第二章 草庙"]  # type: ignore[attr-defined]
    assert text == "正文一\n正文二"
    assert refused[0] == "BudgetExceededError" and f"{budgets.MAX_PAGE_TAGS:,}" in refused[1]
    assert any(n.startswith("ruleSearch.kind left empty") for n in notes), notes
    assert any(n.startswith("ruleBookInfo.intro left empty") for n in notes), notes


async def read_js_book(
    origin: str, folder: Path, rule_text: str, words: str, evaluator: Evaluator
) -> tuple[object, ...]:
    """Search, book, catalog and every chapter's text of a JavaScript source, through
    ``evaluator``, and its scripts' log."""
    registry = SourceRegistry(folder / "data")
    (line,) = registry.import_text(rule_text, "js.json").lines
    assert line.usable and line.source_id, line
    with evaluating_with(evaluator), Store(folder / "store.sqlite3") as store:
        entries = registry.searchable([line.source_id])
        [outcome] = [o async for o in search_sources(entries, words, http=QUICK, memory=store)]
        assert outcome.ok and outcome.results, outcome.error
        options = DownloadOptions(source=line.source_id, concurrency=2, http=QUICK)
        async with Downloader(store, options, registry=registry) as job:
            loaded = await job.load(registry.route(outcome.results[0].book)[1])
            result = await job.fetch(loaded, loaded.chapters)
        assert not result.failures, result.failures
        texts = [store.load_text(loaded.book, c) for c in loaded.chapters]
    return outcome.results, loaded.book, loaded.chapters, texts


def stateful_js_source(origin: str) -> str:
    """``js_site``'s source, with scripts that leave values in the source's state (its
    variable, its cache, a cookie under a tag, the log) on the book page for the catalog's
    scripts to read."""
    source = js_site.legado_source(origin)
    book_info = source["ruleBookInfo"]
    toc = source["ruleToc"]
    assert isinstance(book_info, dict) and isinstance(toc, dict)
    book_info["init"] = (
        "@js:source.setVariable('·卷一'); cache.put('mark', '（脚本）'); java.log('book');"
        "cookie.setCookie('token', 'part=甲');" + str(book_info["init"]).removeprefix("@js:")
    )
    toc["chapterName"] = (
        "$.title@js:result + source.getVariable() + cache.get('mark')"
        " + cookie.getKey('token', 'part')"
    )
    return json.dumps([source], ensure_ascii=False)


async def test_a_js_source_reads_alike_in_the_workers_and_in_process(tmp_path: Path) -> None:
    """java.ajax in the catalog, java.put/get across steps, AES text, a signed search URL,
    and state put by one page's scripts read by the next page's, in another worker."""
    async with serve(js_site.make_app()) as origin:
        rule = stateful_js_source(origin)
        pool = WorkerPool(2)
        through_workers = await read_js_book(origin, tmp_path / "w", rule, "脚本", pool)
        assert pool.stats.tasks >= 3 + len(js_site.CHAPTERS)  # every page in a worker
        in_process = await read_js_book(origin, tmp_path / "p", rule, "脚本", InProcess())
    assert through_workers == in_process
    _, book, chapters, texts = through_workers
    assert book.title == js_site.TITLE  # type: ignore[attr-defined]
    assert [c.title for c in chapters] == [  # type: ignore[attr-defined]
        f"{title}·卷一（脚本）甲" for _, title in js_site.CHAPTERS
    ]
    assert texts == [js_site.chapter_text(cid) for cid, _ in js_site.CHAPTERS]


async def test_a_real_js_source_reads_alike_in_the_workers_and_in_process(
    tmp_path: Path,
) -> None:
    """Lanshe (a real source): a signed API over several hosts, names and text decrypted."""
    async with serve(real_js_sites.lanshe_app()) as origin:
        rule = real_js_sites.lanshe_rule(origin)
        through_workers = await read_js_book(origin, tmp_path / "w", rule, "试炼", WorkerPool(2))
        in_process = await read_js_book(origin, tmp_path / "p", rule, "试炼", InProcess())
    # Its scripts sign each request with the time: the two reads differ there only.
    assert unsigned(repr(through_workers)) == unsigned(repr(in_process))
    assert [c.title for c in through_workers[2]] == real_js_sites.LANSHE_CHAPTERS  # type: ignore[attr-defined]


def unsigned(text: str) -> str:
    return re.sub(r'"time":"\d+","sign":"[0-9a-f]+"', '"time":"…","sign":"…"', text)


@contextlib.asynccontextmanager
async def serve(app: web.Application) -> AsyncIterator[str]:
    async with TestServer(app, host="127.0.0.1") as server:
        yield str(server.make_url("/"))
