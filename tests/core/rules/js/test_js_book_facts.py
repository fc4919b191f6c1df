"""What scripts read of the book while its chapters are read, as Legado binds it."""

from __future__ import annotations

import json
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
