"""Baseline: the approach common tutorials teach, doing the same job as the command line.

Details and catalog, then every chapter with a new ``aiohttp.ClientSession`` per chapter under
a semaphore of 5, texts joined into one TXT file. Timed from outside, start to exit, like the
command line it is compared with.

    python -m benchmarks.naive_loop --api-base URL --output FILE
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

import aiohttp

from .sample_api import catalog_query, chapter_ids, chapter_query, detail_query


async def download(api_base: str, output: Path, concurrency: int) -> None:
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{api_base}/getDetail", params=detail_query()) as response:
            details = await response.json(content_type=None)
        async with session.get(f"{api_base}/getCatalog", params=catalog_query()) as response:
            ids = chapter_ids(await response.json(content_type=None))
    semaphore = asyncio.Semaphore(concurrency)

    async def chapter(chapter_id: str) -> str:
        async with semaphore, aiohttp.ClientSession() as session:
            url = f"{api_base}/getChapterContent"
            async with session.get(url, params=chapter_query(chapter_id)) as response:
                payload = await response.json(content_type=None)
        return str(payload["data"]["novel"]["content"])

    texts = await asyncio.gather(*(chapter(chapter_id) for chapter_id in ids))
    title = details["data"]["novel"]["book_name"]
    output.write_text(title + "\n\n" + "\n\n".join(texts), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--api-base", required=True)
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument("--concurrency", type=int, default=5)
    args = parser.parse_args()
    asyncio.run(download(args.api_base, args.output, args.concurrency))
    print("{}")


if __name__ == "__main__":
    main()
