"""What scripts read of the book while its chapters are read, as Legado binds it."""

from __future__ import annotations

import json
import urllib.parse
from pathlib import Path

import aiohttp

from novelfetch.core.models import Chapter
from novelfetch.core.net.http import HttpSettings
from novelfetch.core.sources import SourceRegistry
from novelfetch.core.sources.base import SourceSettings
from novelfetch.core.sources.rules.analyze import Analyzer, RuleContext
from novelfetch.core.sources.rules.flow import RuleSourceAdapter
from novelfetch.core.sources.rules.js_network import for_book, source_scripts
from novelfetch.core.sources.rules.rulefile import parse_rule_document
from tests.core.rules.site_emulation import Answer, emulated_site

QUICK = HttpSettings(connect_timeout=2.0, read_timeout=5.0)
PAGE = "<html><body><h1>书</h1><p>正文</p></body></html>"


async def test_a_chapters_script_reads_the_books_number_of_chapters(tmp_path: Path) -> None:
    # 爱优漫: ``index = parseInt(book.totalChapterNum) - (parseInt(chapter.index) + 1)``
    # finds the chapter in an answer listing the chapters from the last one.
    content = "@js:(book.totalChapterNum - chapter.index - 1) + '/' + book.totalChapterNum"
    async with emulated_site({f"/c/{n}": Answer(PAGE) for n in (1, 2, 3)}) as site:
        document = {
            "bookSourceUrl": site.origin,
            "bookSourceName": "漫",
            "ruleToc": {"chapterList": "tag.li", "chapterName": "text", "chapterUrl": "a@href"},
            "ruleContent": {"content": content},
        }
        registry = SourceRegistry(tmp_path / "data")
        (line,) = registry.import_text(json.dumps(document, ensure_ascii=False), "t").lines
        rule = registry.get(line.source_id or "").rule
        assert rule is not None
        chapters = [Chapter(n, site.url(f"/c/{n}"), f"第{n}话") for n in (1, 2, 3)]
        async with aiohttp.ClientSession() as session:
            adapter = RuleSourceAdapter(session, SourceSettings(http=QUICK), rule)
            adapter.catalog_known(chapters)
            texts = [await adapter.chapter(site.url("/book"), chapter) for chapter in chapters]
    assert texts == ["2/3", "1/3", "0/3"]


def test_a_books_origin_is_its_sources_address() -> None:
    # 爱去小说: ``java.ajax(book.origin + result)`` for the catalog page.
    document = {
        "bookSourceUrl": "https://novel.example",
        "bookSourceName": "爱去",
        "ruleToc": {"chapterList": "tag.li", "chapterName": "text", "chapterUrl": "a@href"},
        "ruleContent": {"content": "tag.p@text"},
    }
    (entry,) = parse_rule_document(json.dumps([document], ensure_ascii=False), origin="t")
    assert entry.source is not None
    scripts = for_book(source_scripts(entry.source), "https://novel.example/b/1", {})
    page = Analyzer("<p>x</p>", "https://novel.example/b/1", RuleContext(scripts=scripts))
    assert page.string("@js:book.origin + '/c/1|' + book.originName") == (
        "https://novel.example/c/1|爱去"
    )


async def test_the_catalog_address_script_reads_what_the_book_page_gave(tmp_path: Path) -> None:
    # 海棠搜书: its tocUrl script reads book.intro. Legado sets the book's name, author,
    # intro and cover from the page before it reads tocUrl (BookInfo.kt).
    book_page = (
        "<html><body><h1>海棠之书</h1><span class='author'>某人</span>"
        "<div class='intro'>简介。目录在 /toc/7 </div></body></html>"
    )
    toc_page = "<html><body><ul><li><a href='/c/1'>第一章</a></li></ul></body></html>"
    async with emulated_site({"/book/7": Answer(book_page), "/toc/7": Answer(toc_page)}) as site:
        document = {
            "bookSourceUrl": site.origin,
            "bookSourceName": "海棠",
            "ruleBookInfo": {
                "name": "tag.h1@text",
                "author": "class.author@text",
                "intro": "class.intro@text",
                "tocUrl": "@js:book.intro.match(/目录在 (\\S+)/)[1] + '?n=' + book.name",
            },
            "ruleToc": {"chapterList": "tag.li", "chapterName": "text", "chapterUrl": "a@href"},
            "ruleContent": {"content": "tag.p@text"},
        }
        registry = SourceRegistry(tmp_path / "data")
        (line,) = registry.import_text(json.dumps(document, ensure_ascii=False), "t").lines
        rule = registry.get(line.source_id or "").rule
        assert rule is not None
        async with aiohttp.ClientSession() as session:
            adapter = RuleSourceAdapter(session, SourceSettings(http=QUICK), rule)
            chapters = await adapter.catalog(site.url("/book/7"))
    assert [c.title for c in chapters] == ["第一章"]
    (toc_request,) = [r for r in site.requests if r.path_qs.startswith("/toc/7")]
    assert urllib.parse.unquote(toc_request.path_qs) == "/toc/7?n=海棠之书"
