"""One download against a server that pushes back, timed from inside, with the limit sampled.

Runs the core's own job (``Downloader`` + ``fetch_and_write``, as the command line does)
either adaptive under a ceiling of ``--jobs`` or fixed at ``--jobs``, stopping it after
``--deadline`` seconds if it has not finished (a fixed -j 32 against a small capacity can take
minutes). Prints ``{"seconds", "finished", "fetched", "failed", "requests", "refusals",
"limits": [[t, limit], …]}`` as its last line; the limit is sampled four times a second.

    python -m benchmarks.polite_child --api-base URL --jobs 32 [--fixed] --workdir DIR
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from pathlib import Path
from typing import Any

from novelfetch.core.export import prepare_output_folder
from novelfetch.core.jobs.downloader import Downloader, DownloadOptions
from novelfetch.core.jobs.pipeline import BookTarget, fetch_and_write
from novelfetch.core.store.chapter_store import Store

from .sample_api import BOOK_ID


async def measure(api_base: str, jobs: int, fixed: bool, workdir: Path, deadline: float) -> Any:
    options = DownloadOptions(
        source="baidu", concurrency=jobs, api_base=api_base, adaptive=not fixed
    )
    report: dict[str, Any] = {"finished": False, "fetched": 0, "failed": 0}
    limits: list[list[float]] = []
    with Store.in_folder(workdir / "store") as store:
        async with Downloader(store, options) as job:
            started = time.perf_counter()
            job.on_gate_status = lambda status: limits.append(
                [round(time.perf_counter() - started, 2), status.limit]
            )
            loaded = await job.load(BOOK_ID)
            prepare_output_folder(workdir / "books")
            target = BookTarget("epub", workdir / "books")
            try:
                outcome = await asyncio.wait_for(
                    fetch_and_write(job, loaded, loaded.chapters, target), deadline
                )
            except TimeoutError:
                report["fetched"] = len(loaded.stored)
            else:
                report["finished"] = True
                report["fetched"] = outcome.result.fetched
                report["failed"] = len(outcome.result.failures)
            report["seconds"] = time.perf_counter() - started
            status = job.politeness()
    report.update(requests=status.requests, refusals=status.refusals, limits=limits)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--api-base", required=True)
    parser.add_argument("--jobs", type=int, required=True)
    parser.add_argument("--fixed", action="store_true")
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--deadline", type=float, default=600.0)
    args = parser.parse_args()
    report = asyncio.run(measure(args.api_base, args.jobs, args.fixed, args.workdir, args.deadline))
    print(json.dumps(report))


if __name__ == "__main__":
    main()
