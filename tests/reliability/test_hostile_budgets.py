"""Budgets on what a rule file or a site can make NovelFetch do (issue 18, item 3).

Each attack is one a stranger's rule file or a hostile site can mount; each must end in a
clear message naming the source and the limit, in bounded memory and time. Where memory is
the attack, the CLI runs as a child process and its peak resident size is measured.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from aiohttp import web

from novelfetch.core import budgets
from novelfetch.core.errors import BadInputError, BudgetExceededError, SourceError
from novelfetch.core.jobs.downloader import Downloader, DownloadOptions
from novelfetch.core.net.http import HttpSettings, fetch_bytes, open_session
from novelfetch.core.net.retry import RetryPolicy
from novelfetch.core.sources import SourceRegistry
from novelfetch.core.sources.rule_input import fetch_rule_document, read_rule_input
from novelfetch.core.sources.rules.model import RuleFileError
from novelfetch.core.sources.rules.rulefile import parse_rule_document
from novelfetch.core.store.chapter_store import Store
from tests.reliability.hostile_support import (
    PEAK_MEMORY_LIMIT,
    HostileSite,
    book_page,
    chapter_page,
    legado_rule,
    run_measured,
    toc_page,
    write_rule,
)

QUICK = HttpSettings(connect_timeout=2.0, read_timeout=5.0)


def quick_options(source_id: str) -> DownloadOptions:
    return DownloadOptions(
        source=source_id, concurrency=4, retry=RetryPolicy(retries=1, backoff_base=0.01), http=QUICK
    )


def registry_for(tmp_path: Path, rule: dict[str, object]) -> tuple[SourceRegistry, str]:
    registry = SourceRegistry(tmp_path / "data")
    (line,) = registry.import_text(json.dumps(rule, ensure_ascii=False), "test").lines
    assert line.source_id is not None, line
    return registry, line.source_id


# --- patterns -------------------------------------------------------------------------------


async def test_a_huge_repeat_in_book_url_pattern_is_refused_before_compiling(
    tmp_path: Path,
) -> None:
    rule = legado_rule("http://127.0.0.1:9/", bookUrlPattern=".*|a{6000000}")
    rules = write_rule(tmp_path, rule)
    data = ("--data-dir", tmp_path / "data")
    imported, peak_import = await run_measured("sources", "import", rules, *data)
    assert imported.code == 0, imported.err
    listed, peak_list = await run_measured("sources", "list", "--json", *data)
    assert listed.code == 0, listed.err
    (facts,) = [f for f in json.loads(listed.out) if f["kind"] == "legado"]
    assert facts["name"] == "敌意站"
    assert any("repeat count 6,000,000 (limit 10,000)" in d for d in facts["dropped"])
    assert max(peak_import, peak_list) < PEAK_MEMORY_LIMIT


async def test_a_replacement_rule_with_a_huge_repeat_is_reported_not_compiled() -> None:
    # In a child process: on unbudgeted code the compile alone takes 1.6 GB.
    script = (
        "from novelfetch.core.models import Book\n"
        "from novelfetch.core.text.replace_rules import ReplaceRule, RuleRunner\n"
        "heard = []\n"
        "rule = ReplaceRule('(?:ab){6000000}', '', is_regex=True)\n"
        "runner = RuleRunner([rule], Book('s', '1', 't', 'a', '', ''), warn=heard.append)\n"
        "print(runner.text('abab'), heard)\n"
    )
    measure = (
        "import resource, subprocess, sys\n"
        "r = subprocess.run([sys.executable, '-c', sys.argv[1]], capture_output=True, text=True)\n"
        "print(r.stdout + r.stderr)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", measure, script], capture_output=True, text=True, timeout=120
    )
    output, peak_kib = done.stdout.rstrip().rsplit("\n", 1)
    assert "abab" in output and "limit 10,000" in output, output
    assert int(peak_kib) * 1024 < PEAK_MEMORY_LIMIT


# --- a chapter's text, the catalog ----------------------------------------------------------


async def test_a_chapter_of_endless_big_pages_stops_at_the_text_budget(tmp_path: Path) -> None:
    page = chapter_page("字" * 2_500_000, "/c/{next}").encode()  # 7.5 MB, under the 8 MiB cap
    async with HostileSite() as site:

        async def chapter(request: web.Request) -> web.Response:
            number = int(request.path.rsplit("/", 1)[1])
            body = page.replace(b"{next}", str(number + 1).encode())
            return web.Response(body=body, content_type="text/html", charset="utf-8")

        site.page("/book/1", book_page())
        site.page("/toc/1", toc_page(["/c/1"]))
        site.route("/c/*", chapter)
        rules = write_rule(tmp_path, legado_rule(site.base))
        data = ("--data-dir", tmp_path / "data")
        imported, _ = await run_measured("sources", "import", rules, *data)
        assert imported.code == 0, imported.err
        started = time.monotonic()
        result, peak = await run_measured(
            "download",
            f"{site.base}book/1",
            *data,
            "--store-dir",
            tmp_path / "store",
            "-o",
            tmp_path / "out",
            "--retries",
            "0",
            timeout=120,
        )
        seconds = time.monotonic() - started
    assert result.code != 0
    assert "敌意站" in result.err and "1,000,000 characters" in result.err, result.err
    assert site.requests <= 5  # book, catalog, one chapter page: no page after the budget
    assert peak < PEAK_MEMORY_LIMIT, f"peak {peak / 2**20:.0f} MB"
    assert seconds < 30
    store_bytes = sum(f.stat().st_size for f in (tmp_path / "store").iterdir())
    assert store_bytes < 2 * 1024 * 1024


async def test_a_page_of_dense_markup_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    async with HostileSite() as site:
        site.page("/book/1", book_page())
        site.page("/toc/1", toc_page(["/c/1"]))
        site.page("/c/1", chapter_page("<p>" * (budgets.MAX_PAGE_TAGS + 1)))  # 1.2 MB
        registry, source_id = registry_for(tmp_path, legado_rule(site.base))
        with Store(tmp_path / "store.sqlite3") as store:
            async with Downloader(store, quick_options(source_id), registry=registry) as job:
                loaded = await job.load(f"{site.base}book/1")
                result = await job.fetch(loaded, loaded.chapters)
    (failure,) = result.failures
    assert "tags (the limit is 400,000)" in failure.reason


async def test_a_catalog_page_with_5000_next_links_is_refused_a_few_requests_at_a_time(
    tmp_path: Path,
) -> None:
    async with HostileSite() as site:
        site.page("/book/1", book_page())
        site.page("/toc/1", toc_page(["/c/1"], [f"/toc/{n}" for n in range(2, 5002)]))
        site.page("/toc/*", toc_page(["/c/1"]))
        registry, source_id = registry_for(tmp_path, legado_rule(site.base))
        with Store(tmp_path / "store.sqlite3") as store:
            async with Downloader(store, quick_options(source_id), registry=registry) as job:
                with pytest.raises(SourceError) as raised:
                    await job.load(f"{site.base}book/1")
    assert "敌意站" in str(raised.value) and "5,000 next pages" in str(raised.value)
    assert "500 per page" in str(raised.value)
    assert site.requests <= 3 and site.most_in_flight <= budgets.TOC_PAGES_AT_ONCE


async def test_catalog_pages_are_fetched_a_few_at_a_time(tmp_path: Path) -> None:
    async with HostileSite() as site:
        site.page("/book/1", book_page())
        site.page("/toc/1", toc_page(["/c/1"], [f"/toc/{n}" for n in range(2, 302)]))
        later_page = toc_page(["/c/2"]).encode()

        async def slow_page(_request: web.Request) -> web.Response:
            await asyncio.sleep(0.02)  # long enough for requests sent at once to overlap
            return web.Response(body=later_page, content_type="text/html", charset="utf-8")

        site.route("/toc/*", slow_page)
        registry, source_id = registry_for(tmp_path, legado_rule(site.base))
        with Store(tmp_path / "store.sqlite3") as store:
            async with Downloader(store, quick_options(source_id), registry=registry) as job:
                loaded = await job.load(f"{site.base}book/1")
    assert len(loaded.chapters) == 2
    assert site.requests == 302 and site.most_in_flight <= budgets.TOC_PAGES_AT_ONCE


async def test_a_catalog_listing_too_many_chapters_is_refused(tmp_path: Path) -> None:
    chapters = [f"/c/{n}" for n in range(budgets.MAX_CHAPTERS_PER_BOOK + 10)]
    async with HostileSite() as site:
        site.page("/book/1", book_page())
        site.page("/toc/1", toc_page(chapters))
        registry, source_id = registry_for(tmp_path, legado_rule(site.base))
        with Store(tmp_path / "store.sqlite3") as store:
            async with Downloader(store, quick_options(source_id), registry=registry) as job:
                with pytest.raises(SourceError, match=r"敌意站.*over 50,000 chapters"):
                    await job.load(f"{site.base}book/1")


# --- time -----------------------------------------------------------------------------------


@pytest.fixture
async def dripping_site() -> HostileSite:
    async with HostileSite() as site:

        async def drip(request: web.Request) -> web.StreamResponse:
            response = web.StreamResponse(headers={"Content-Type": "text/html"})
            await response.prepare(request)
            for _ in range(600):  # a byte every 0.2 s: the idle timeout never trips
                await response.write(b"x")
                await asyncio.sleep(0.2)
            return response

        site.route("/*", drip)
        yield site


async def test_a_server_sending_a_byte_at_a_time_meets_the_request_deadline(
    dripping_site: HostileSite,
) -> None:
    settings = HttpSettings(read_timeout=5.0, request_deadline=1.5)
    started = time.monotonic()
    async with open_session(settings, 1) as session:
        with pytest.raises(BudgetExceededError, match=r"no complete answer within 1\.5 s"):
            await fetch_bytes(session, dripping_site.base + "page", headers={}, settings=settings)
    assert time.monotonic() - started < 5


async def test_a_url_import_meets_the_request_deadline(dripping_site: HostileSite) -> None:
    started = time.monotonic()
    with pytest.raises(BadInputError, match=r"cannot fetch .* within 1\.5 s"):
        await fetch_rule_document(
            dripping_site.base + "rules.json", HttpSettings(request_deadline=1.5)
        )
    assert time.monotonic() - started < 5


def test_rule_intervals_are_capped() -> None:
    slow = legado_rule("http://127.0.0.1:9/", concurrentRate="99999999999")
    window = legado_rule("http://127.0.0.1:9/a", concurrentRate="1/99999999999")
    registry = SourceRegistry.builtin_only()
    registry.import_text(json.dumps([slow, window]), "test")
    limits = [entry.hard_limits() for entry in registry.entries() if entry.rule is not None]
    assert limits[0] is not None and limits[0].min_interval == budgets.MAX_REQUEST_INTERVAL
    assert limits[1] is not None and limits[1].per_seconds == budgets.MAX_REQUEST_INTERVAL


# --- rule files -----------------------------------------------------------------------------


def test_a_pathological_rule_file_is_read_in_linear_time() -> None:
    script = (
        "from novelfetch.core.sources.rules.rulefile import parse_rule_document\n"
        "try:\n"
        "    parse_rule_document('\"\\\\' * 50_000)\n"
        "except Exception as error:\n"
        "    print(type(error).__name__)\n"
    )
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=30
    )
    assert done.stdout.strip() == "RuleFileError", done.stderr
    assert time.monotonic() - started < 10  # minutes when the fallback parse was quadratic


def test_a_rule_file_nested_100000_deep_is_refused_with_the_limit() -> None:
    with pytest.raises(RuleFileError, match="nested over 64 deep"):
        parse_rule_document("[" * 100_000)


# --- README and code agree ------------------------------------------------------------------


def _shown(name: str, value: float) -> str:
    if name.endswith("_BYTES"):
        return f"{value / 2**20:g} MiB"
    if isinstance(value, float):
        return f"{value:g} s"
    return f"{value:,}"


def test_the_readme_lists_every_budget_with_its_value() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    rows = {
        cells[1].strip("` "): cells[2].strip()
        for line in readme.splitlines()
        if line.startswith("| `") and len(cells := line.split("|")) > 3
    }
    names = [name for name in vars(budgets) if name.isupper()]
    assert len(names) >= 20
    for name in names:
        assert name in rows, f"README's Budgets table lacks {name}"
        assert rows[name].startswith(_shown(name, getattr(budgets, name))), (name, rows[name])


def test_a_rule_file_over_the_size_budget_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as file:
        file.truncate(budgets.MAX_RULE_DOCUMENT_BYTES + 1)  # sparse: costs no disk
    with pytest.raises(BadInputError, match="over 16 MiB, the limit for a rule file"):
        read_rule_input(str(path))


async def test_a_failing_catalog_page_stops_the_pages_fetched_beside_it(tmp_path: Path) -> None:
    # Pages fetched together must not outlive the one that failed: left running, they would
    # hold connections outside the source's gate after the catalog was given up.
    release = asyncio.Event()
    async with HostileSite() as site:
        site.page("/book/1", book_page())
        site.page("/toc/1", toc_page(["/c/1"], ["/toc/2", "/toc/3"]))

        async def hanging_page(_request: web.Request) -> web.Response:
            await release.wait()
            return web.Response(text=toc_page(["/c/2"]), content_type="text/html")

        site.route("/toc/3", hanging_page)  # /toc/2 is not served: a 404
        registry, source_id = registry_for(tmp_path, legado_rule(site.base))
        with Store(tmp_path / "store.sqlite3") as store:
            async with Downloader(store, quick_options(source_id), registry=registry) as job:
                with pytest.raises(SourceError):
                    await job.load(f"{site.base}book/1")
                left = [
                    task
                    for task in asyncio.all_tasks()
                    if "_read_catalog" in task.get_coro().__qualname__ and not task.done()
                ]
                release.set()
    assert left == []
