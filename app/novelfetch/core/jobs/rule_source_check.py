"""The self-test's second half: a rule-source book downloaded through the worker processes.

A build that cannot start its workers (a frozen app without ``freeze_support``, a module the
bundler left out) still shows the window and downloads the built-in sample, so
``novelfetch --self-test`` (``gui/app/self_test.py``) checks them apart with this: the
bundled Legado rule, imported into a temporary data folder, reads the sample HTML site (served
on 127.0.0.1 by this process), and the chapters must come back from worker processes. The
book is written by the writer's own process, as a long book's is (``book_writing.py``): a
build that cannot start that one fails here too, not at a user's first long book.
"""

from __future__ import annotations

from pathlib import Path

from novelfetch.core.jobs.downloader import Downloader, DownloadOptions
from novelfetch.core.jobs.pipeline import BookTarget, fetch_and_write
from novelfetch.core.sources import SourceRegistry
from novelfetch.core.store.chapter_store import Store
from novelfetch.core.workers.pool import WorkerPool, shared_pool
from novelfetch.resources import resource_path
from novelfetch.sample.library import default_library
from novelfetch.sample.server import SampleServer

RULE_FILE = "sample-site.legado.json"
BUNDLED_BASE = "http://127.0.0.1:8765/site/"
CHAPTERS = 12


class RuleSourceCheckError(Exception):
    """What went wrong, in words for whoever runs the self-test."""


async def download_rule_source_book(folder: Path) -> int:
    """Download the sample site's first book's first chapters through the bundled rule;
    the number of chapters the worker processes read."""
    library = default_library()
    book = library["1"]
    async with SampleServer(library) as site:
        text = resource_path(f"sample/rules/{RULE_FILE}").read_text(encoding="utf-8")
        registry = SourceRegistry(folder / "data")
        (line,) = registry.import_text(text.replace(BUNDLED_BASE, site.site_base), RULE_FILE).lines
        if not line.usable or line.source_id is None:
            raise RuleSourceCheckError(f"the bundled rule did not import: {line.reason}")
        pool = shared_pool()
        if not isinstance(pool, WorkerPool):
            raise RuleSourceCheckError("rules are not evaluated in worker processes")
        tasks_before = pool.stats.tasks
        options = DownloadOptions(source=line.source_id, concurrency=4)
        target = BookTarget("epub", folder)
        with Store(folder / "rules-store.sqlite3") as store:
            async with Downloader(store, options, registry=registry) as job:
                loaded = await job.load(f"{site.site_base}book/1/")
                chapters = loaded.chapters[:CHAPTERS]
                written = await fetch_and_write(job, loaded, chapters, target, own_process=True)
            result = written.result
            first = store.load_text(loaded.book, loaded.chapters[0]) or ""
    if result.failures:
        failure = result.failures[0]
        raise RuleSourceCheckError(
            f"rule source: chapter {failure.chapter.index} failed: {failure.reason}"
        )
    if loaded.book.title != book.title or result.fetched != CHAPTERS:
        raise RuleSourceCheckError(
            f"rule source: read {loaded.book.title!r} with {result.fetched} chapters, "
            f"not {book.title!r} with {CHAPTERS}"
        )
    expected = book.chapter_text(1).split("\n")[0].strip()
    if expected not in first:
        raise RuleSourceCheckError("rule source: chapter 1's text is not the site's")
    if pool.stats.tasks - tasks_before < CHAPTERS or not pool.pids():
        raise RuleSourceCheckError("rule source: the pages were not read by worker processes")
    if written.path is None or written.chapters_written != CHAPTERS or not written.path.exists():
        raise RuleSourceCheckError("rule source: its book's writer process wrote no whole book")
    return result.fetched
