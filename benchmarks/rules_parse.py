"""What one chapter page costs the rule engine, and what sending it to a worker process adds.

Fetches a sample of the benchmark book's chapter pages from a running sample server (untimed),
then times, in this process and on one thread, exactly what a worker process runs for each
page (``extract.content_page``: read the bytes, parse the HTML, evaluate the content rule with
its ``##`` cleanup, apply ``replaceRegex``, find the next-page link). Each page is timed
``--rounds`` times and its best kept (the least disturbed by other work on the machine).

Then the same pages through a fresh ``WorkerPool``: its start-up (from starting the workers
to the first page's answer, imports included), the round trip of one page at a time less the
in-process time (the IPC: pickling both ways, the pipe, the threads), and this process's own
CPU per page (what the event loop's process pays instead of parsing). Prints one JSON object.

    python -m benchmarks.rules_parse --site-base http://127.0.0.1:PORT/site/ --sample 50
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from novelfetch.core.sources import SourceRegistry
from novelfetch.core.sources.rules import extract
from novelfetch.core.sources.rules.extract import PageInput
from novelfetch.core.sources.rules.model import RuleSource
from novelfetch.core.sources.rules.pages import RawPage
from novelfetch.core.workers.pool import Preloaded, WorkerPool

from .rule_site import rule_text


def _get(url: str) -> RawPage:
    with urllib.request.urlopen(url, timeout=30) as answer:
        return RawPage(answer.geturl(), answer.read(), answer.headers.get("Content-Type", ""))


def _rule(site_base: str) -> RuleSource:
    with tempfile.TemporaryDirectory() as folder:
        registry = SourceRegistry(Path(folder))
        (line,) = registry.import_text(rule_text(site_base), "benchmark").lines
        if line.source_id is None or not line.usable:
            raise RuntimeError(f"the bundled rule did not import: {line.reason}")
        rule = registry.get(line.source_id).rule
    assert rule is not None
    return rule


def in_process(rule: RuleSource, pages: list[PageInput], rounds: int) -> float:
    """Median over the pages of the best of ``rounds`` timings, in seconds."""
    extract.content_page(rule, pages[0])  # warm: imports, compiled patterns
    best: list[float] = []
    for page in pages:
        times = []
        for _ in range(rounds):
            started = time.perf_counter()
            text, _ = extract.content_page(rule, page).value
            times.append(time.perf_counter() - started)
        if not text.strip():
            raise RuntimeError(f"the rule found no text on {page.raw.url}")
        best.append(min(times))
    return statistics.median(best)


async def through_workers(rule: RuleSource, pages: list[PageInput]) -> dict[str, float]:
    pool = WorkerPool()
    preloaded = Preloaded.of(rule)
    try:
        started = time.perf_counter()
        pool.start()
        await pool.run(extract.content_page, pages[0], preloaded=preloaded)
        start_up = time.perf_counter() - started
        for page in pages:  # every worker has the rule and has run the task's code
            await asyncio.gather(
                *(pool.run(extract.content_page, page, preloaded=preloaded) for _ in range(4))
            )
        round_trips = []
        cpu_started = time.process_time()
        for page in pages:
            started = time.perf_counter()
            await pool.run(extract.content_page, page, preloaded=preloaded)
            round_trips.append(time.perf_counter() - started)
        cpu = (time.process_time() - cpu_started) / len(pages)
    finally:
        pool.close()
    return {"start_up": start_up, "round_trip": statistics.median(round_trips), "cpu": cpu}


def measure(site_base: str, sample: int, rounds: int = 3) -> dict[str, Any]:
    rule = _rule(site_base)
    catalog = _get(f"{site_base}book/9/index_1.html")
    rows, _ = extract.toc_page(rule, PageInput(catalog)).value
    urls = [url for _, url, is_volume, _ in rows if url and not is_volume][:sample]
    pages = [PageInput(_get(url)) for url in urls]
    parse = in_process(rule, pages, rounds)
    pool = asyncio.run(through_workers(rule, pages))
    return {
        "parse_ms": parse * 1000,
        "page_kb": statistics.median(len(page.raw.body) for page in pages) / 1024,
        "pages": len(pages),
        "worker_start_ms": pool["start_up"] * 1000,
        "ipc_ms": max(0.0, pool["round_trip"] - parse) * 1000,
        "parent_cpu_ms": pool["cpu"] * 1000,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.rules_parse", description=__doc__)
    parser.add_argument("--site-base", required=True)
    parser.add_argument("--sample", type=int, default=50)
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.site_base, args.sample)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
