"""What each chapter costs the pipeline besides the HTTP request: the floor under case 2.

Times, in-process and without a network, the work every chapter needs on its way from the
server's answer to the EPUB, each stage over the whole benchmark book: decoding the JSON
answer, cleaning the text, committing it to the store (in the downloader's groups; and, for
comparison, one transaction each as before grouping), and exporting the book (reading the
store, rendering, compressing). Prints ``{"decode_us": …, "clean_us": …, "commit_us": …,
"commit_single_us": …, "export_us": …}``, microseconds per chapter.

    python -m benchmarks.stage_costs --chapters 5000 --workdir DIR
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from novelfetch.core.export import export_book
from novelfetch.core.models import Book, Chapter
from novelfetch.core.net.http import decode_json
from novelfetch.core.store.chapter_store import Store
from novelfetch.core.store.commit_group import MAX_ITEMS
from novelfetch.core.text.cleaning import clean_text
from novelfetch.sample.library import SampleBook

from .sample_api import BOOK_ID


def measure(chapter_count: int, workdir: Path) -> dict[str, float]:
    sample = SampleBook(BOOK_ID, "基准测试之书", "NovelFetch", "", chapter_count)
    book = Book("baidu", BOOK_ID, sample.title, sample.author)
    chapters = [
        Chapter(i, sample.chapter_id(i), sample.chapter_title(i))
        for i in range(1, chapter_count + 1)
    ]
    # The bodies exactly as the sample server sends them.
    bodies = [
        json.dumps(
            {"status": 0, "data": {"novel": {"content": sample.chapter_text(c.index)}}},
            ensure_ascii=False,
        ).encode()
        for c in chapters
    ]
    costs: dict[str, float] = {}

    started = time.perf_counter()
    raws = [decode_json(body)["data"]["novel"]["content"] for body in bodies]
    costs["decode_us"] = time.perf_counter() - started

    started = time.perf_counter()
    texts = [clean_text(raw) for raw in raws]
    costs["clean_us"] = time.perf_counter() - started

    with Store.in_folder(workdir / "single") as store:
        store.save_book(book, chapters)
        started = time.perf_counter()
        for chapter, text in zip(chapters, texts, strict=True):
            store.save_chapter(book, chapter, text)
        costs["commit_single_us"] = time.perf_counter() - started

    with Store.in_folder(workdir / "store") as store:
        store.save_book(book, chapters)
        # As the downloader commits: groups of up to MAX_ITEMS chapters, one transaction each.
        pairs = list(zip(chapters, texts, strict=True))
        started = time.perf_counter()
        for first in range(0, len(pairs), MAX_ITEMS):
            store.save_chapters(book, pairs[first : first + MAX_ITEMS])
        costs["commit_us"] = time.perf_counter() - started

        started = time.perf_counter()
        export_book(book, store.iter_texts(book, chapters), "epub", workdir)
        costs["export_us"] = time.perf_counter() - started
    return {stage: seconds / chapter_count * 1e6 for stage, seconds in costs.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--chapters", type=int, required=True)
    parser.add_argument("--workdir", type=Path, required=True)
    args = parser.parse_args()
    print(json.dumps(measure(args.chapters, args.workdir)))


if __name__ == "__main__":
    main()
