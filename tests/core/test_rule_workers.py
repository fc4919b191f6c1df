"""Rule sources evaluated in worker processes: a runaway or crashing rule costs its page only."""

from __future__ import annotations

import json
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from novelfetch.core.jobs.downloader import Downloader, DownloadOptions
from novelfetch.core.net.http import HttpSettings
from novelfetch.core.net.retry import RetryPolicy
from novelfetch.core.sources import SourceRegistry
from novelfetch.core.sources.rules import extract
from novelfetch.core.sources.search import search_sources
from novelfetch.core.store.chapter_store import Store
from novelfetch.core.workers import pool as workers
from novelfetch.core.workers.pool import Evaluator, HostCalls, InProcess, Preloaded, WorkerPool
from novelfetch.resources import resource_path
from novelfetch.sample.library import default_library
from novelfetch.sample.server import SampleServer
from tests.core import worker_tasks
from tests.core.pools import evaluating_with

QUICK = HttpSettings(connect_timeout=2.0, read_timeout=5.0)
CHAPTERS = 4
HEAVY = 3  # the chapter whose page makes the runaway rules run away
# Cheap on a page of a few elements; on HEAVY's thousands, n³ steps: hours.
RUNAWAY_XPATH = "//div[@id='content'][count(//*[count(//*[count(//*) > 0]) > 0]) > 0]/text()"


def chapter_html(number: int) -> str:
    filler = "<i>x</i>" * 3000 if number == HEAVY else ""
    return (
        f"<html><body><h1>Chapter {number}</h1><div id='content'>Text of chapter {number}."
        f"</div><div>{filler}</div></body></html>"
    )


@pytest.fixture
async def site() -> AsyncIterator[TestServer]:
    async def book(request: web.Request) -> web.Response:
        items = "".join(f"<li><a href='c/{n}'>Chapter {n}</a></li>" for n in range(1, 1 + CHAPTERS))
        html = f"<html><body><h1>Runaway book</h1><ul>{items}</ul></body></html>"
        return web.Response(text=html, content_type="text/html")

    async def chapter(request: web.Request) -> web.Response:
        html = chapter_html(int(request.match_info["number"]))
        return web.Response(text=html, content_type="text/html")

    app = web.Application()
    app.router.add_get("/book/", book)
    app.router.add_get("/book/c/{number}", chapter)
    async with TestServer(app, host="127.0.0.1") as server:
        yield server


def rule_document(site: TestServer, content: str, replace: str = "") -> dict[str, Any]:
    return {
        "bookSourceUrl": str(site.make_url("/")),
        "bookSourceName": "Runaway site",
        "bookSourceType": 0,
        "ruleBookInfo": {"name": "tag.h1@text"},
        "ruleToc": {
            "chapterList": "tag.li",
            "chapterName": "tag.a@text",
            "chapterUrl": "tag.a@href",
        },
        "ruleContent": {"content": content, "replaceRegex": replace},
    }


def registry_with(tmp_path: Path, document: dict[str, Any]) -> tuple[SourceRegistry, str]:
    registry = SourceRegistry(tmp_path / "data")
    (line,) = registry.import_text(json.dumps(document), "test").lines
    assert line.imported and line.usable and line.source_id, line
    return registry, line.source_id


@pytest.fixture
def small_budget() -> Iterator[WorkerPool]:
    with evaluating_with(WorkerPool(2, budget=1.0)) as pool:
        yield pool


async def download(
    site: TestServer, tmp_path: Path, content: str, replace: str = ""
) -> tuple[dict[int, str], dict[int, str]]:
    """Every chapter's stored text, and every failed chapter's reason, by number."""
    registry, source_id = registry_with(tmp_path, rule_document(site, content, replace))
    options = DownloadOptions(
        source=source_id, concurrency=4, retry=RetryPolicy(retries=2, backoff_base=0.01), http=QUICK
    )
    with Store(tmp_path / "store.sqlite3") as store:
        async with Downloader(store, options, registry=registry) as job:
            loaded = await job.load(str(site.make_url("/book/")))
            result = await job.fetch(loaded, loaded.chapters)
        texts = {c.index: store.load_text(loaded.book, c) or "" for c in loaded.chapters}
    failures = {failure.chapter.index: failure.reason for failure in result.failures}
    return texts, failures


async def test_a_runaway_xpath_fails_its_page_naming_rule_and_source(
    site: TestServer, tmp_path: Path, small_budget: WorkerPool
) -> None:
    texts, failures = await download(site, tmp_path, RUNAWAY_XPATH)
    assert list(failures) == [HEAVY]
    reason = failures[HEAVY]
    assert "Runaway site" in reason and "count(//*) > 0" in reason and "1 s of CPU" in reason
    assert all(f"Text of chapter {n}." in texts[n] for n in range(1, CHAPTERS + 1) if n != HEAVY)
    assert small_budget.stats.stopped == 1  # stopped once: a budget overrun is not retried


async def test_a_runaway_regex_fails_its_page_naming_the_rule(
    site: TestServer, tmp_path: Path, small_budget: WorkerPool
) -> None:
    # Catastrophic backtracking on HEAVY's long run of "x": the regex's own time limit or
    # the worker's budget stops it, whichever comes first.
    _, failures = await download(site, tmp_path, "tag.body@text##(x+x+)+y##")
    assert list(failures) == [HEAVY]
    assert "(x+x+)+y" in failures[HEAVY]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS is Linux's")
async def test_a_rule_that_allocates_past_the_ceiling_fails_its_page_only(
    site: TestServer, tmp_path: Path
) -> None:
    # Each step makes HEAVY's run of 3,000 "x" a thousand times longer: 3 MB, then 3 GB.
    # The other chapters have no such run: the pattern leaves them alone.
    thousandfold = "##(x{100,})##" + "$1" * 1000
    with evaluating_with(WorkerPool(2, memory_ceiling=512 * 1024 * 1024)) as pool:
        texts, failures = await download(site, tmp_path, "tag.body@text", thousandfold * 2)
    assert list(failures) == [HEAVY]
    assert "more than 512 MB of memory" in failures[HEAVY] and "Runaway site" in failures[HEAVY]
    assert all(f"Text of chapter {n}." in texts[n] for n in range(1, CHAPTERS + 1) if n != HEAVY)
    assert pool.stats.stopped == 1


class KillsTheFirstContentWorker:
    """The shared pool, but the first chapter page's worker is killed with SIGKILL mid-task."""

    def __init__(self, pool: WorkerPool, marker: Path) -> None:
        self.pool, self.marker = pool, str(marker)

    def start(self) -> None:
        self.pool.start()

    async def run(
        self,
        function: Any,
        *args: Any,
        preloaded: Preloaded | None = None,
        label: str = "",
        host: HostCalls | None = None,
    ) -> Any:
        if function is extract.content_page:
            function, args = worker_tasks.content_page_killed_once, (self.marker, *args)
        return await self.pool.run(function, *args, preloaded=preloaded, label=label, host=host)

    def close(self) -> None:
        self.pool.close()


async def test_a_worker_killed_mid_page_costs_only_a_retry(
    site: TestServer, tmp_path: Path
) -> None:
    pool = WorkerPool(2)
    evaluator: Evaluator = KillsTheFirstContentWorker(pool, tmp_path / "killed")
    before = workers.use_shared_pool(evaluator)
    try:
        texts, failures = await download(site, tmp_path, "id.content@text")
    finally:
        workers.use_shared_pool(before)
        pool.close()
    assert (tmp_path / "killed").exists() and pool.stats.crashed == 1
    assert not failures
    assert all(texts[n] == f"Text of chapter {n}." for n in range(1, CHAPTERS + 1))


SAMPLE_RULES = ("sample-site.legado.json", "sample-site.sonovel.json", "sample-api.legado.json")


@pytest.fixture
async def sample() -> AsyncIterator[SampleServer]:
    async with SampleServer(default_library()) as running:
        yield running


async def everything_read(
    sample: SampleServer, folder: Path, rule_file: str, evaluator: Evaluator
) -> tuple[object, ...]:
    """Search results, the book, its catalog and its first chapters' texts, read through
    ``evaluator``."""
    text = resource_path(f"sample/rules/{rule_file}").read_text(encoding="utf-8")
    text = text.replace("http://127.0.0.1:8765/site/", sample.site_base)
    text = text.replace("http://127.0.0.1:8765/api/pc/", f"{sample.api_base}/")
    registry = SourceRegistry(folder / "data")
    (line,) = registry.import_text(text, rule_file).lines
    assert line.usable and line.source_id, line
    before = workers.use_shared_pool(evaluator)
    try:
        with Store(folder / "store.sqlite3") as store:
            [outcome] = [
                o
                async for o in search_sources(
                    registry.searchable([line.source_id]), "青云", http=QUICK, memory=store
                )
            ]
            assert outcome.ok and outcome.results, outcome.error
            options = DownloadOptions(source=line.source_id, concurrency=4, http=QUICK)
            async with Downloader(store, options, registry=registry) as job:
                loaded = await job.load(outcome.results[0].book)
                result = await job.fetch(loaded, loaded.chapters[:6])
            assert result.fetched == 6, result.failures
            texts = [store.load_text(loaded.book, c) for c in loaded.chapters[:6]]
    finally:
        workers.use_shared_pool(before)
    return outcome.results, loaded.book, loaded.chapters, texts


@pytest.mark.parametrize("rule_file", SAMPLE_RULES)
async def test_workers_read_exactly_what_in_process_evaluation_reads(
    sample: SampleServer, tmp_path: Path, rule_file: str
) -> None:
    pool = WorkerPool(2)
    try:
        through_workers = await everything_read(sample, tmp_path / "w", rule_file, pool)
    finally:
        pool.close()
    in_process = await everything_read(sample, tmp_path / "p", rule_file, InProcess())
    assert through_workers == in_process
