"""A source whose rules run JavaScript is read in the worker processes: each evaluation in a
fresh context, one source's state never seen by another's in the same worker, a runaway
script stopped by the worker's budget, a worker dying mid-script a retry."""

from __future__ import annotations

import asyncio
import json
import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from novelfetch.core.jobs.downloader import Downloader, DownloadOptions
from novelfetch.core.models import Chapter
from novelfetch.core.net.http import HttpSettings
from novelfetch.core.net.retry import RetryPolicy
from novelfetch.core.sources import SourceRegistry
from novelfetch.core.sources.base import SourceSettings
from novelfetch.core.sources.rules import js_network
from novelfetch.core.sources.rules.flow import RuleSourceAdapter
from novelfetch.core.sources.rules.model import RuleSource
from novelfetch.core.store.chapter_store import Store
from novelfetch.core.workers.pool import WorkerPool
from tests.core.pools import evaluating_with
from tests.core.rules.site_emulation import Answer, emulated_site

QUICK = HttpSettings(connect_timeout=2.0, read_timeout=5.0)
PAGE = "<html><body><h1>书</h1><p>正文</p></body></html>"


def source(origin: str, name: str, content: str) -> dict[str, object]:
    return {
        "bookSourceUrl": origin,
        "bookSourceName": name,
        "ruleBookInfo": {"name": "tag.h1@text"},
        "ruleToc": {"chapterList": "tag.li", "chapterName": "text", "chapterUrl": "tag.a@href"},
        "ruleContent": {"content": content},
    }


def imported(folder: Path, document: dict[str, object]) -> tuple[SourceRegistry, str]:
    registry = SourceRegistry(folder / "data")
    (line,) = registry.import_text(json.dumps(document, ensure_ascii=False), "t").lines
    assert line.usable and line.source_id, line
    return registry, line.source_id


def rule_of(folder: Path, document: dict[str, object]) -> RuleSource:
    registry, source_id = imported(folder, document)
    rule = registry.get(source_id).rule
    assert rule is not None and rule.scripted
    return rule


@pytest.fixture
def one_worker() -> Iterator[WorkerPool]:
    with evaluating_with(WorkerPool(1, budget=1.0)) as pool:
        yield pool


#: Says what it finds of earlier scripts, then leaves its own mark everywhere it can.
NOSY = (
    "@js:var seen = [typeof leaked, typeof declared, source.getVariable(), "
    "String(cache.get('k')), java.get('k'), cookie.getCookie(baseUrl)].join('|');\n"
    "globalThis.leaked = 'secret'; var declared = 'secret'; source.setVariable('{name}-var');"
    " cache.put('k', '{name}-cache'); java.put('k', '{name}-put');"
    " cookie.setCookie(baseUrl, 'who={name}'); seen"
)


async def test_sources_sharing_one_worker_never_see_each_others_scripts_state(
    tmp_path: Path, one_worker: WorkerPool
) -> None:
    async with emulated_site({"/c/1": Answer(PAGE), "/c/2": Answer(PAGE)}) as site:
        first = rule_of(tmp_path / "a", source(site.origin, "甲", NOSY.format(name="甲")))
        other = rule_of(tmp_path / "b", source(site.origin + "b/", "乙", NOSY.format(name="乙")))
        chapters = [Chapter(n, site.url(f"/c/{n}"), f"第{n}章") for n in (1, 2)]
        book = site.url("/book")
        async with aiohttp.ClientSession() as session:
            settings = SourceSettings(http=QUICK)
            a = RuleSourceAdapter(session, settings, first)
            b = RuleSourceAdapter(session, settings, other)
            a_first = await a.chapter(book, chapters[0])
            b_first = await b.chapter(book, chapters[0])
            a_again = await a.chapter(book, chapters[1])
    nothing = "undefined|undefined||null||"
    assert (a_first, b_first) == (nothing, nothing)  # fresh context; 乙 sees nothing of 甲
    # 甲's own source variable, cache and cookie jar carry over to its next page (java.put is
    # the book's rule variables, which a chapter page's rules do not hand on); its globals do
    # not.
    assert a_again == "undefined|undefined|甲-var|甲-cache||who=甲"
    assert len(one_worker.pids()) == 1 and one_worker.stats.tasks == 3  # all in one worker


def book_site(content_page: web.Response | None = None) -> web.Application:
    async def book(request: web.Request) -> web.Response:
        items = "".join(f"<li><a href='/c/{n}'>第{n}章</a></li>" for n in (1, 2))
        return web.Response(text=f"<h1>书</h1><ul>{items}</ul>", content_type="text/html")

    async def chapter(request: web.Request) -> web.Response:
        return web.Response(text=PAGE, content_type="text/html")

    app = web.Application()
    app.router.add_get("/book", book)
    app.router.add_get("/c/{n}", chapter)
    return app


async def download(
    site: TestServer, folder: Path, content: str, concurrency: int = 2
) -> tuple[list[str], list[str]]:
    registry, source_id = imported(folder, source(str(site.make_url("/")), "脚本站", content))
    retry = RetryPolicy(retries=2, backoff_base=0.01)
    options = DownloadOptions(
        source=source_id, concurrency=concurrency, retry=retry, http=QUICK, adaptive=False
    )
    with Store(folder / "store.sqlite3") as store:
        async with Downloader(store, options, registry=registry) as job:
            loaded = await job.load(str(site.make_url("/book")))
            result = await job.fetch(loaded, loaded.chapters)
        texts = [store.load_text(loaded.book, c) or "" for c in loaded.chapters]
    return texts, [failure.reason for failure in result.failures]


#: Never ends, yet no single run of it is long: each request replays the script so far, so
#: its CPU grows with the square of its requests; the sandbox's per-run limit never trips.
RUNAWAY = (
    "@js:if (baseUrl.endsWith('/2')) { for (var i = 0; i < 1000; i++) "
    "{ for (var j = 0; j < 200000; j++) {} java.ajax(baseUrl) } } 'done'"
)


async def test_a_runaway_script_is_stopped_by_the_workers_budget(
    tmp_path: Path, one_worker: WorkerPool
) -> None:
    async with TestServer(book_site(), host="127.0.0.1") as site:
        texts, failures = await download(site, tmp_path, RUNAWAY)
    assert texts[0] == "done" and texts[1] == ""
    (reason,) = failures
    # The kernel's CPU limit, or on a busy machine the wall clock (which does not count the
    # time the application spent on the script's requests), whichever comes first.
    assert "脚本站" in reason and "1 s of CPU" in reason and "stopped" in reason, reason
    assert one_worker.stats.stopped == 1  # not retried: it would run away again


async def test_a_worker_that_dies_mid_script_costs_a_retry(
    tmp_path: Path, one_worker: WorkerPool
) -> None:
    killed: list[int] = []
    app = book_site()

    async def fatal(request: web.Request) -> web.Response:
        if not killed:  # the first time: the worker waiting for this answer dies
            killed.extend(one_worker.pids())
            for pid in killed:
                os.kill(pid, signal.SIGKILL)
        return web.Response(text="答复")

    app.router.add_get("/fatal", fatal)
    async with TestServer(app, host="127.0.0.1") as site:
        content = "@js:java.ajax(source.getKey() + 'fatal') + '·' + baseUrl.slice(-1)"
        texts, failures = await download(site, tmp_path, content)
    assert not failures and texts == ["答复·1", "答复·2"]
    assert killed and one_worker.stats.crashed == 1
    assert not set(killed) & set(one_worker.pids())  # a fresh worker finished the job


async def test_a_script_waiting_for_a_slow_answer_is_not_stopped_by_the_wall_clock(
    tmp_path: Path,
) -> None:
    app = book_site()

    async def slow(request: web.Request) -> web.Response:
        await asyncio.sleep(1.2)
        return web.Response(text="迟到的答复")

    app.router.add_get("/slow", slow)
    # 0.9 s of the worker's own wall clock per page
    with evaluating_with(WorkerPool(1, budget=0.3)) as pool:
        async with TestServer(app, host="127.0.0.1") as site:
            content = "@js:baseUrl.endsWith('/1') ? java.ajax(source.getKey() + 'slow') : 'x'"
            texts, failures = await download(site, tmp_path, content)
    assert not failures and texts == ["迟到的答复", "x"]
    assert pool.stats.stopped == 0 and pool.stats.crashed == 0


async def test_a_scripts_request_has_its_own_wall_clock(
    tmp_path: Path, one_worker: WorkerPool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(js_network, "SCRIPT_REQUEST_SECONDS", 0.5)
    app = book_site()
    release = asyncio.Event()

    async def hangs(request: web.Request) -> web.Response:
        await release.wait()
        return web.Response(text="too late")

    app.router.add_get("/hangs", hangs)
    async with TestServer(app, host="127.0.0.1") as site:
        # Legado's ajax gives a failed request's error text; get (Jsoup's) raises it.
        content = (
            "@js:baseUrl.endsWith('/1') ? java.ajax(source.getKey() + 'hangs') + '|' + "
            "(function () { try { return java.get(source.getKey() + 'hangs', {}) } "
            "catch (error) { return String(error) } })() : 'x'"
        )
        try:
            texts, failures = await download(site, tmp_path, content)
        finally:
            release.set()
    assert not failures and texts[1] == "x"
    timed_out, raised = texts[0].split("|")
    assert timed_out == "java.net.SocketTimeoutException: timeout"
    assert "no answer from" in raised and "/hangs within 0.5 s" in raised, raised
    assert one_worker.stats.stopped == 0  # the page went on without the answer


async def test_a_page_being_read_frees_its_place_and_its_scripts_requests_take_one(
    tmp_path: Path,
) -> None:
    # -j 1. Chapter 1's script asks for /after-2, answered only once chapter 2's page has been
    # asked for: possible only if chapter 1's place came back when its page was in. The
    # script's request then waits for a place like any other: never two in flight.
    second_asked = asyncio.Event()
    flight = {"now": 0, "most": 0}

    @web.middleware
    async def count(request: web.Request, handler: Any) -> web.StreamResponse:
        if request.path == "/c/2":
            second_asked.set()
        flight["now"] += 1
        flight["most"] = max(flight["most"], flight["now"])
        try:
            return await handler(request)
        finally:
            flight["now"] -= 1

    app = book_site()
    app.middlewares.append(count)

    async def after_2(request: web.Request) -> web.Response:
        await asyncio.wait_for(second_asked.wait(), 10)
        return web.Response(text="第二章已请求")

    app.router.add_get("/after-2", after_2)
    async with TestServer(app, host="127.0.0.1") as site:
        content = "@js:baseUrl.endsWith('/1') ? java.ajax(source.getKey() + 'after-2') : 'x'"
        texts, failures = await download(site, tmp_path, content, concurrency=1)
    assert not failures and texts == ["第二章已请求", "x"]
    assert flight["most"] == 1
