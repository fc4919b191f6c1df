"""Nothing lost, nothing stuck (issue 18, item 5): a damaged store is repaired or salvaged, a
damaged source list is moved aside, and an empty answer is never stored as a chapter."""

from __future__ import annotations

import json
from pathlib import Path

from novelfetch.core.jobs.downloader import Downloader, DownloadOptions
from novelfetch.core.net.http import HttpSettings
from novelfetch.core.net.retry import RetryPolicy
from novelfetch.core.sources import SourceRegistry
from novelfetch.core.store.chapter_store import Store
from tests.cli_support import run_cli
from tests.reliability.hostile_support import (
    STORED_BOOK,
    STORED_CHAPTERS,
    HostileSite,
    book_page,
    chapter_page,
    legado_rule,
    store_with_a_damaged_index,
    toc_page,
)

BOOK, CHAPTERS = STORED_BOOK, STORED_CHAPTERS


def test_a_store_with_a_damaged_index_keeps_every_chapter(tmp_path: Path) -> None:
    path = store_with_a_damaged_index(tmp_path)
    with Store(path) as store:
        assert store.recovery is not None and store.recovery.chapters == 300
        assert store.stored_ids(BOOK) == {chapter.chapter_id for chapter in CHAPTERS}
        assert store.load_book("sample", "1") is not None
        message = store.recovery.message(path)
    assert "300 chapters" in message
    with Store(path) as again:  # recovered for good: nothing to do the next time
        assert again.recovery is None and len(again.stored_ids(BOOK)) == 300


async def test_the_cli_says_how_many_chapters_came_back(tmp_path: Path) -> None:
    store_with_a_damaged_index(tmp_path / "store")
    result = await run_cli("library", "--store-dir", tmp_path / "store", "--json")
    assert result.code == 0, result.err
    assert "300 chapters" in result.err and "damaged" in result.err
    (entry,) = json.loads(result.out)  # the library came back too
    assert entry["title"] == BOOK.title


async def test_a_truncated_source_list_is_moved_aside_and_the_cli_still_works(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    registry = SourceRegistry(data)
    registry.import_text(json.dumps(legado_rule("http://127.0.0.1:9/")), "test")
    whole = (data / "sources.json").read_text(encoding="utf-8")
    (data / "sources.json").write_text(whole[: len(whole) // 2], encoding="utf-8")
    result = await run_cli("sources", "list", "--data-dir", data)
    assert result.code == 0, result.err
    (moved,) = data.glob("sources.json.broken-*")
    assert str(moved) in result.err and "Traceback" not in result.err
    assert "sample" in result.out


async def test_a_maintenance_page_is_never_stored_as_the_chapter(tmp_path: Path) -> None:
    """The rule: a chapter answer without a single letter or digit (after cleaning) is no
    chapter; a short chapter with any text is one."""
    options_http = HttpSettings(connect_timeout=2.0, read_timeout=5.0)
    async with HostileSite() as site:
        site.page("/book/1", book_page())
        site.page("/toc/1", toc_page(["/c/1", "/c/2"]))
        site.page("/c/1", chapter_page("   <p> </p> …… "))  # HTTP 200, no text
        site.page("/c/2", chapter_page("请假一天。"))  # the site's own short chapter
        registry = SourceRegistry(tmp_path / "data")
        (line,) = registry.import_text(json.dumps(legado_rule(site.base)), "test").lines
        assert line.source_id is not None
        options = DownloadOptions(
            source=line.source_id,
            retry=RetryPolicy(retries=1, backoff_base=0.01),
            http=options_http,
        )
        with Store(tmp_path / "store.sqlite3") as store:
            async with Downloader(store, options, registry=registry) as job:
                loaded = await job.load(f"{site.base}book/1")
                result = await job.fetch(loaded, loaded.chapters)
                assert [f.chapter.index for f in result.failures] == [1]
                assert "no text" in result.failures[0].reason
                assert store.stored_ids(loaded.book) == {f"{site.base}c/2"}

                site.page("/c/1", chapter_page("维护结束，正文在此。"))
                again = await job.fetch(loaded, loaded.chapters)
            assert again.fetched == 1 and not again.failures
            texts = {
                t.chapter.index: t.text for t in store.iter_texts(loaded.book, loaded.chapters)
            }
    assert texts == {1: "维护结束，正文在此。", 2: "请假一天。"}
