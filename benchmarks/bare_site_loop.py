"""Baseline for case 8: the plainest aiohttp loop over the benchmark book's HTML chapter pages.

One session, ``-j`` workers, bodies read and thrown away: no decoding, parsing, rules,
cleaning or storing. The chapter addresses come from the sample book itself (the site's
catalog lists the same ones), so only the chapter phase is timed. Prints ``{"seconds": …,
"cpu_seconds": …, "chapters": …}``; ``cpu_seconds`` is this process's own CPU time.

    python -m benchmarks.bare_site_loop --site-base URL --chapters 2000 --jobs 32
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time

import aiohttp

from novelfetch.sample.site import benchmark_book

from .sample_api import BOOK_ID


async def fetch_all(site_base: str, chapters: int, jobs: int) -> dict[str, float]:
    book = benchmark_book(chapters)
    urls = [f"{site_base}book/{BOOK_ID}/{book.chapter_id(i)}.html" for i in range(1, chapters + 1)]
    queue: asyncio.Queue[str] = asyncio.Queue()
    for url in urls:
        queue.put_nowait(url)
    connector = aiohttp.TCPConnector(limit=jobs)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def worker() -> None:
            while not queue.empty():
                async with session.get(queue.get_nowait()) as response:
                    response.raise_for_status()
                    await response.read()

        started, cpu_started = time.perf_counter(), time.process_time()
        await asyncio.gather(*(worker() for _ in range(jobs)))
        return {
            "seconds": time.perf_counter() - started,
            "cpu_seconds": time.process_time() - cpu_started,
            "chapters": len(urls),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--site-base", required=True)
    parser.add_argument("--chapters", type=int, required=True)
    parser.add_argument("--jobs", type=int, required=True)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(fetch_all(args.site_base, args.chapters, args.jobs))))


if __name__ == "__main__":
    main()
