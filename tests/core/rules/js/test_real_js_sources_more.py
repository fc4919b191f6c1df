"""Two more real Legado sources that need JavaScript, end to end against local emulations of
their sites: search, book page, catalog, every chapter, and an epubcheck-clean EPUB."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from novelfetch.core.jobs.downloader import Downloader
from novelfetch.core.models import Book, Chapter
from novelfetch.core.sources import SourceRegistry
from novelfetch.core.sources.base import SearchResult
from novelfetch.core.sources.search import search_sources
from novelfetch.core.store.chapter_store import Store
from tests.core.rules.js import real_js_sites_more as sites
from tests.core.rules.js.test_real_js_sources import (
    QUICK,
    assert_clean_epub,
    download_options,
    serve,
)


async def search_and_download(
    registry: SourceRegistry, source_id: str, words: str, tmp_path: Path
) -> tuple[SearchResult, Book, list[Chapter], dict[int, str]]:
    """Search, open the one book found, fetch every chapter and write a checked EPUB."""
    (entry,) = [e for e in registry.entries() if e.id == source_id]
    with Store(tmp_path / "store.sqlite3") as store:
        outcomes = [o async for o in search_sources([entry], words, http=QUICK, memory=store)]
        (outcome,) = outcomes
        assert outcome.ok, outcome.error
        (found,) = outcome.results
        async with Downloader(store, download_options(source_id), registry=registry) as job:
            loaded = await job.load(registry.route(found.book)[1])
            result = await job.fetch(loaded, loaded.chapters)
        assert result.fetched == len(loaded.chapters) and not result.failures
        texts = {c.index: store.load_text(loaded.book, c) or "" for c in loaded.chapters}
        assert_clean_epub(store, loaded, tmp_path)
    return found, loaded.book, loaded.chapters, texts


@pytest.fixture
async def ranwena() -> AsyncIterator[tuple[str, sites.RanSite]]:
    site = sites.RanSite()
    async for base in serve(site.app()):
        yield base, site


async def test_ranwena_sends_the_session_its_site_set_read_with_cookie_get_cookie(
    ranwena: tuple[str, sites.RanSite], tmp_path: Path
) -> None:
    base, site = ranwena
    registry = SourceRegistry(tmp_path / "data")
    (line,) = registry.import_text(sites.ran_rule(base), "ranwena.json").lines
    assert line.usable, line
    found, book, chapters, texts = await search_and_download(
        registry, str(line.source_id), "燃文", tmp_path
    )
    # The search API answered: the script read the session the home page set (Set-Cookie,
    # kept in the source's jar) and sent it with the tokens of that session.
    ((cookie_sent, answered),) = site.searches
    assert answered and cookie_sent.startswith("PHPSESSID=")
    assert (found.title, found.author) == (sites.RAN_TITLE, sites.RAN_AUTHOR)
    assert (book.title, book.author) == (sites.RAN_TITLE, sites.RAN_AUTHOR)
    assert [c.title for c in chapters] == sites.RAN_CHAPTERS
    assert sites.ran_text(1, 1) in texts[1] and sites.ran_text(1, 2) in texts[1]
    assert sites.ran_text(3) in texts[3] and sites.ran_text(2) not in texts[1]


@pytest.fixture
async def cnw() -> AsyncIterator[tuple[str, sites.CnwSite]]:
    site = sites.CnwSite()
    async for base in serve(site.app()):
        yield base, site


async def test_81cnw_reads_a_head_answers_cookie_and_parses_a_json_search(
    cnw: tuple[str, sites.CnwSite], tmp_path: Path
) -> None:
    base, site = cnw
    registry = SourceRegistry(tmp_path / "data")
    (line,) = registry.import_text(sites.cnw_rule(base), "81cnw.json").lines
    assert line.usable, line
    found, book, chapters, texts = await search_and_download(
        registry, str(line.source_id), "八一之书", tmp_path
    )
    ((cookie_sent, answered),) = site.searches  # hm came from the HEAD answer's .cookies()
    assert answered and cookie_sent.startswith("Hm_lvt_=") and ";hm=" in cookie_sent
    assert (found.title, found.author, found.book) == (
        sites.CNW_TITLE, sites.CNW_AUTHOR, f"{base}html/81/",
    )  # fmt: skip
    assert (book.title, book.author) == (sites.CNW_TITLE, sites.CNW_AUTHOR)
    assert [c.title for c in chapters] == sites.CNW_CHAPTERS
    for number in range(1, 4):
        assert texts[number].strip() == sites.cnw_text(number)  # the site's notes removed
