"""The requests the baseline loops send: the same API calls the Baidu source makes."""

from __future__ import annotations

import json
from typing import Any

# The book `novelfetch serve-sample --chapters N` adds for benchmarks.
BOOK_ID = "9"


def _query(payload: dict[str, Any]) -> dict[str, str]:
    return {"data": json.dumps(payload, ensure_ascii=False)}


def detail_query() -> dict[str, str]:
    return _query({"book_id": BOOK_ID})


def catalog_query() -> dict[str, str]:
    return _query({"book_id": BOOK_ID})


def chapter_query(chapter_id: str) -> dict[str, str]:
    return _query({"book_id": BOOK_ID, "cid": f"{BOOK_ID}|{chapter_id}", "need_bookinfo": 0})


def chapter_ids(catalog: Any) -> list[str]:
    return [str(item["cid"]) for item in catalog["data"]["novel"]["items"]]
