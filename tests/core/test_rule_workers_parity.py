"""One rule source read in the worker processes and in-process: the same results, the same
notes, the same budget messages (main's flow behaviours since the workers came: optional
fields failing alone, a search landing on the book page, a name from the page's markup, the
page tag budget). A source whose rules run JavaScript stays in-process: its scripts fetch
through the job's session on this process's loop."""

from __future__ import annotations

import json
from pathlib import Path

import aiohttp

from novelfetch.core import budgets
from novelfetch.core.models import Chapter
from novelfetch.core.net.http import HttpSettings
from novelfetch.core.sources import SourceRegistry
from novelfetch.core.sources.base import SourceSettings
from novelfetch.core.sources.rules.flow import RuleSourceAdapter
from novelfetch.core.sources.rules.model import RuleSource
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
    async with aiohttp.ClientSession() as session:
        adapter = RuleSourceAdapter(session, SourceSettings(http=QUICK), rule)
        assert adapter.in_process is False  # no scripts: the workers' unless told
        adapter.in_process = in_process
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


async def test_a_source_whose_rules_run_scripts_is_read_in_process(tmp_path: Path) -> None:
    pages = {"/c/1.html": Answer(CHAPTER)}
    async with emulated_site(pages) as site:
        rule = parsed(tmp_path, rule_text(site.origin, "tag.p@text@js:result + '!'"))
        assert rule.scripted == ("ruleContent.content",)
        async with aiohttp.ClientSession() as session:
            adapter = RuleSourceAdapter(session, SourceSettings(http=QUICK), rule)
            assert adapter.in_process
            chapter = Chapter(1, site.url("/c/1.html"), "第一章 青云")
            assert await adapter.chapter(site.url("/book/8848.html"), chapter) == "正文一\n正文二!"
