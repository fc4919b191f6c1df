"""Real Legado sources, kept as found (only their origin rewritten), each against a local
emulation of its site: import, search, details, catalog, every chapter, an epubcheck-clean
EPUB. ``real_sources/ORIGIN.md`` says where each rule came from."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from novelfetch.core.export import export_book
from novelfetch.core.jobs.downloader import Downloader, DownloadOptions
from novelfetch.core.models import ChapterText
from novelfetch.core.net.http import HttpSettings
from novelfetch.core.net.retry import RetryPolicy
from novelfetch.core.sources import SourceRegistry
from novelfetch.core.sources.search import search_sources
from novelfetch.core.store.chapter_store import Store
from tests.core.rules.real_sites import RealSite, le77, novelbin, qqwx, qu_app, wbxs
from tests.core.rules.real_sites_more import biquge8, duqu, libread, xs31, zhonghuadiancang
from tests.core.rules.site_emulation import EmulatedSite, emulated_site
from tests.epubcheck_support import assert_epubcheck_clean

RULES = Path(__file__).parent / "real_sources"
QUICK = HttpSettings(connect_timeout=2.0, read_timeout=5.0)

SITES = [
    RealSite("qu_app", ("quapp.shenbabao.com", "sou.jiaston.com"), "青云", qu_app,
             "JSONPath API; @put map with unquoted values; {$.Id} in a URL"),
    RealSite("qqwx", ("m.qqwx.win",), "青云", qqwx,
             "GBK; XPath catalog; paged catalog; paged content; a cover that is HTML"),
    RealSite("le77", ("www.le77.com",), "青云", le77,
             "';' between URL options (POST search); paged content"),
    RealSite("wbxs", ("www.wbxs.org",), "青云", wbxs,
             "templates Legado runs as JavaScript: cookie.removeCookie, {{book.name}}"),
    RealSite("novelbin", ("novelbin.com",), "Quiet", novelbin,
             "@css rules; a @put in an optional field feeding the catalog's URL", latin=True),
    RealSite("biquge8", ("www.biquge8.xyz",), "青云志", biquge8,
             "a search landing on the book page (bookUrlPattern); @put in init"),
    RealSite("libread", ("libread.com",), "Quiet", libread,
             "an optional field no engine reads (dropped as Legado does); paged catalog",
             latin=True),
    RealSite("zhonghuadiancang", ("www.zhonghuadiancang.com",), "青云", zhonghuadiancang,
             "XPath with JsoupXpath's ///td"),
    RealSite("31xs", ("www.31xs.net",), "青云", xs31,
             "default syntax: @put/@get, {{@@…}} rule templates, :not(:matches())"),
    RealSite("duqu", ("www.duqu.net",), "青云", duqu,
             "a headers option that is plain text (ignored, as Legado does)"),
]  # fmt: skip


def rule_for(site: RealSite, emulation: EmulatedSite) -> str:
    """The rule as found, its hosts pointed at the emulation (nothing else changed)."""
    text = (RULES / f"{site.slug}.json").read_text(encoding="utf-8")
    host_port = emulation.origin.removeprefix("http://")
    for host in site.hosts:
        text = re.sub(rf"https?://{re.escape(host)}", emulation.origin, text)
        text = text.replace(host, host_port)
    return text


def test_every_rule_is_kept_as_found_with_its_origin_noted() -> None:
    notes = (RULES / "ORIGIN.md").read_text(encoding="utf-8")
    for site in SITES:
        source = json.loads((RULES / f"{site.slug}.json").read_text(encoding="utf-8"))
        assert f"`{site.slug}.json`" in notes and source["bookSourceName"] in notes


@pytest.mark.parametrize("site", SITES, ids=[site.slug for site in SITES])
async def test_a_real_source_end_to_end(site: RealSite, tmp_path: Path) -> None:
    warnings: list[str] = []
    async with emulated_site(site.pages()) as emulation:
        registry = SourceRegistry(tmp_path / "data")
        (line,) = registry.import_text(rule_for(site, emulation), site.slug).lines
        assert line.imported and line.usable, line
        assert line.source_id is not None
        with Store(tmp_path / "store.sqlite3") as store:
            outcomes = [
                o
                async for o in search_sources(
                    registry.searchable([line.source_id]), site.words, http=QUICK, memory=store
                )
            ]
            (outcome,) = outcomes
            assert outcome.ok, outcome.error
            (found,) = [r for r in outcome.results if r.title == site.title]
            assert found.author in ("", site.author)  # some sources read it on the book page

            retry = RetryPolicy(retries=1, backoff_base=0.01)
            options = DownloadOptions(source=line.source_id, concurrency=2, retry=retry, http=QUICK)
            async with Downloader(store, options, registry=registry) as job:
                loaded = await job.load(found.book)
                result = await job.fetch(loaded, loaded.chapters)
                cover = await job.fetch_cover(loaded.book)
            assert (loaded.book.title, loaded.book.author) == (site.title, site.author)
            assert [c.title for c in loaded.chapters] == [name for name, _ in site.chapters]
            assert result.fetched == len(site.chapters) and not result.failures, result.failures
            texts = [store.load_text(loaded.book, chapter) or "" for chapter in loaded.chapters]
    for text, (_, expected) in zip(texts, site.chapters, strict=True):
        assert "".join(text.split()) == "".join(expected.split()), text
    book = export_book(
        loaded.book,
        [ChapterText(c, t) for c, t in zip(loaded.chapters, texts, strict=True)],
        "epub",
        tmp_path,
        cover=cover,
        on_warning=warnings.append,
    )
    assert_epubcheck_clean(book)
