"""Baseline: the pipeline's work at its cheapest, split over two processes.

The bare loop fetches every chapter as in ``bare_loop.py`` and hands each answer, as it comes,
to a second process over a socket; that process does what every chapter needs on its way to
the book, with the app's own functions: decodes the JSON, cleans the text, commits it to a
store in groups of ``MAX_ITEMS`` and writes it into an EPUB. No gate, no retries, no
progress, no library, no cover: what two processes doing the pipeline's work could reach on
this machine, whose cores the server shares. Prints ``{"seconds": …, "chapters": …}`` from
the first request to the book's file in place (the second process starts before, untimed).

    python -m benchmarks.split_loop --api-base URL --jobs 64 --workdir DIR
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import socket
import struct
import time
from pathlib import Path

import aiohttp

from novelfetch.core.models import Book, Chapter, ChapterText

from .sample_api import BOOK_ID, catalog_query, chapter_ids, chapter_query

_FRAME = struct.Struct("!II")  # chapter number, body length


def store_and_write(connection: socket.socket, workdir: Path, count: int) -> None:
    """The second process: every answer from ``connection`` into the store and the book."""
    from novelfetch.core.export.epub import EpubBookWriter
    from novelfetch.core.net.http import decode_json
    from novelfetch.core.store.chapter_store import Store
    from novelfetch.core.store.commit_group import MAX_ITEMS
    from novelfetch.core.text.cleaning import clean_text

    book = Book("baidu", BOOK_ID, "基准测试之书", "NovelFetch")
    chapters = [Chapter(i, str(i), f"第{i}章") for i in range(1, count + 1)]
    with Store.in_folder(workdir / "store") as store, connection.makefile("rb") as answers:
        store.save_book(book, chapters)
        writer = EpubBookWriter(book, workdir / "book.epub")
        connection.sendall(b"r")  # ready: the timed part may start
        group: list[tuple[Chapter, str]] = []
        while head := answers.read(_FRAME.size):
            number, size = _FRAME.unpack(head)
            content = decode_json(answers.read(size))["data"]["novel"]["content"]
            group.append((chapters[number], clean_text(content)))
            if len(group) == MAX_ITEMS:
                _commit_and_write(store, book, writer, group)
        _commit_and_write(store, book, writer, group)
        writer.finish()
    connection.sendall(b"d")


def _commit_and_write(store, book, writer, group) -> None:  # type: ignore[no-untyped-def]
    store.save_chapters(book, group)
    for chapter, text in group:
        writer.add(ChapterText(chapter, text))
    group.clear()


async def fetch_all(api_base: str, jobs: int, workdir: Path) -> dict[str, float]:
    connector = aiohttp.TCPConnector(limit=jobs)
    async with aiohttp.ClientSession(connector=connector) as session:
        async with session.get(f"{api_base}/getCatalog", params=catalog_query()) as response:
            ids = chapter_ids(json.loads(await response.read()))
        ours, theirs = socket.socketpair()
        second = multiprocessing.get_context("spawn").Process(
            target=store_and_write, args=(theirs, workdir, len(ids))
        )
        second.start()
        theirs.close()
        reader, writer = await asyncio.open_connection(sock=ours)
        assert await reader.readexactly(1) == b"r"
        queue = list(enumerate(ids))
        queue.reverse()
        url = f"{api_base}/getChapterContent"

        async def worker() -> None:
            while queue:
                number, chapter_id = queue.pop()
                async with session.get(url, params=chapter_query(chapter_id)) as response:
                    body = await response.read()
                writer.write(_FRAME.pack(number, len(body)) + body)
                await writer.drain()

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(jobs)))
        writer.write_eof()
        assert await reader.readexactly(1) == b"d"
        seconds = time.perf_counter() - started
        writer.close()
        second.join()
        return {"seconds": seconds, "chapters": len(ids)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--api-base", required=True)
    parser.add_argument("--jobs", type=int, required=True)
    parser.add_argument("--workdir", type=Path, required=True)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(fetch_all(args.api_base, args.jobs, args.workdir))))


if __name__ == "__main__":
    main()
