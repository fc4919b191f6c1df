"""Export alone: write the benchmark book from a filled store, timed from inside.

Prints ``{"seconds": …, "bytes": …}``: the seconds ``export_book`` takes (reading the store,
rendering, compressing, the atomic rename), not start-up or imports.

    python -m benchmarks.export_child --store DIR --format epub --output DIR
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from novelfetch.core.export import export_book
from novelfetch.core.store.chapter_store import Store

from .sample_api import BOOK_ID


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--format", choices=("epub", "txt"), required=True)
    parser.add_argument("--output", type=Path, required=True)
    args = parser.parse_args()
    args.output.mkdir(parents=True, exist_ok=True)
    with Store.in_folder(args.store) as store:
        found = store.load_book("baidu", BOOK_ID)
        if found is None:
            raise SystemExit(f"book {BOOK_ID} is not in the store {args.store}")
        book, chapters = found
        cover = store.load_cover(book) if args.format == "epub" else None
        started = time.perf_counter()
        path = export_book(
            book, store.iter_texts(book, chapters), args.format, args.output, cover=cover
        )
        seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "bytes": path.stat().st_size}))


if __name__ == "__main__":
    main()
