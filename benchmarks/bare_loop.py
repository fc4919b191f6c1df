"""Baseline: the fastest plain aiohttp loop over the same chapters, texts thrown away.

One session, ``-j`` workers, no parsing, cleaning or storing: what the network and the server
allow. Prints ``{"seconds": …, "cpu_seconds": …, "chapters": …}`` for the chapter phase
only (the catalog is fetched first, untimed, to learn the chapter IDs, as the pipeline does);
``cpu_seconds`` is this process's own CPU time, the client's share of the work.

    python -m benchmarks.bare_loop --api-base URL --jobs 32
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time

import aiohttp

from .sample_api import catalog_query, chapter_ids, chapter_query


async def fetch_all(api_base: str, jobs: int) -> dict[str, float]:
    """Wall and CPU seconds to fetch every chapter of the benchmark book with ``jobs`` workers."""
    connector = aiohttp.TCPConnector(limit=jobs)
    async with aiohttp.ClientSession(connector=connector) as session:
        async with session.get(f"{api_base}/getCatalog", params=catalog_query()) as response:
            ids = chapter_ids(json.loads(await response.read()))
        queue: asyncio.Queue[str] = asyncio.Queue()
        for chapter_id in ids:
            queue.put_nowait(chapter_id)
        url = f"{api_base}/getChapterContent"

        async def worker() -> None:
            while not queue.empty():
                query = chapter_query(queue.get_nowait())
                async with session.get(url, params=query) as response:
                    await response.read()

        started, cpu_started = time.perf_counter(), time.process_time()
        await asyncio.gather(*(worker() for _ in range(jobs)))
        return {
            "seconds": time.perf_counter() - started,
            "cpu_seconds": time.process_time() - cpu_started,
            "chapters": len(ids),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--api-base", required=True)
    parser.add_argument("--jobs", type=int, required=True)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(fetch_all(args.api_base, args.jobs))))


if __name__ == "__main__":
    main()
