"""dushu.baidu.com: a JSON API keyed by book ID (see shared notes for the known shapes)."""

from __future__ import annotations

import json
import os
import re
import unicodedata
from typing import Any
from urllib.parse import parse_qs, urlsplit

from novelfetch.core import messages as said
from novelfetch.core.errors import (
    BadInputError,
    BookNotFoundError,
    EmptyChapterError,
    MalformedResponseError,
    PaidChapterError,
)
from novelfetch.core.messages import BAD_BOOK_ID, BOOK_NOT_FOUND
from novelfetch.core.models import Book, Chapter, SearchResult
from novelfetch.core.net.http import get_json
from novelfetch.core.sources.base import Source

DEFAULT_API_BASE = "https://dushu.baidu.com/api/pc"
API_BASE_ENV = "NOVELFETCH_BAIDU_API_BASE"
READER_URL = "https://dushu.baidu.com/pc/reader"
DETAIL_URL = "https://dushu.baidu.com/pc/detail"

# ASCII only: \d alone would take Arabic-Indic or other script digits for an ID.
_BOOK_ID = re.compile(r"[0-9]{1,20}")
_FIRST_OF = {
    "author": ("author", "author_name"),
    "cover": ("cover", "cover_url", "book_cover", "image"),
    "intro": ("summary", "description", "intro", "abstract"),
    "volume": ("volume_name", "volume"),
}


def _path(payload: Any, *keys: str) -> Any:
    """Walk ``payload`` along ``keys``; a missing step is a clear error, never a KeyError."""
    node = payload
    for depth, key in enumerate(keys):
        if not isinstance(node, dict) or key not in node:
            where = ".".join(keys[: depth + 1])
            raise MalformedResponseError(f"the answer has no {where}")
        node = node[key]
    return node


def _first_text(record: dict[str, Any], field: str) -> str:
    for key in _FIRST_OF[field]:
        value = record.get(key)
        if isinstance(value, str | int) and str(value).strip():
            return str(value).strip()
    return ""


class BaiduSource(Source):
    name = "baidu"
    label = "Baidu 读书 (dushu.baidu.com)"

    @property
    def api_base(self) -> str:
        base = self.settings.api_base or os.environ.get(API_BASE_ENV) or DEFAULT_API_BASE
        return base.rstrip("/")

    def describe(self) -> str:
        return self.api_base

    @staticmethod
    def parse_book_id(text: str) -> str:
        # NFKC turns the full-width digits and letters a Chinese input method types into ASCII.
        text = unicodedata.normalize("NFKC", text).strip()
        if _BOOK_ID.fullmatch(text):
            if not text.strip("0"):
                raise BadInputError(said.ZERO_BOOK_ID(text=text))
            return text
        if "://" in text or text.startswith("dushu.baidu.com"):
            try:
                url = urlsplit(text if "://" in text else "https://" + text)
            except ValueError:  # e.g. an unbalanced "[" read as an IPv6 address
                url = urlsplit("")
            host = (url.hostname or "").lower()
            gid = parse_qs(url.query).get("gid", [""])[0].strip()
            on_baidu = host == "baidu.com" or host.endswith(".baidu.com")
            if on_baidu and _BOOK_ID.fullmatch(gid) and gid.strip("0"):
                return gid
            raise BadInputError(
                f"no book ID in this address: {text[:200]!r} (expected ...gid=NUMBER)"
            )
        raise BadInputError(BAD_BOOK_ID(text=text[:200]))

    async def _call(self, method: str, data: dict[str, Any], referer_cid: str = "") -> Any:
        book_id = str(data.get("book_id", ""))
        referer = f"{READER_URL}?gid={book_id}" + (f"&cid={referer_cid}" if referer_cid else "")
        headers = {"Referer": referer}
        if self.settings.cookie:
            headers["Cookie"] = self.settings.cookie
        return await get_json(
            self.session,
            f"{self.api_base}/{method}",
            params={"data": json.dumps(data, ensure_ascii=False)},
            headers=headers,
            settings=self.settings.http,
        )

    def book_reference(self, book_id: str) -> str:
        """What a user can paste (or pass to ``download``) to get this book again."""
        return f"{DETAIL_URL}?gid={book_id}"

    async def search(self, words: str) -> list[SearchResult]:
        payload = await self._call("getSearch", {"word": words, "pageNum": 1})
        data = payload.get("data") if isinstance(payload, dict) else None
        found = data.get("list") if isinstance(data, dict) else None
        if found is None:
            return []
        if not isinstance(found, list):
            raise MalformedResponseError("the search results are not a list")
        results = []
        for item in found:
            book_id = str(item.get("book_id", "")).strip() if isinstance(item, dict) else ""
            if not _BOOK_ID.fullmatch(book_id) or not str(item.get("book_name", "")).strip():
                continue  # one odd entry must not hide the others
            results.append(
                SearchResult(
                    source=self.name,
                    book=self.book_reference(book_id),
                    title=str(item["book_name"]).strip(),
                    author=_first_text(item, "author"),
                    cover_url=_first_text(item, "cover"),
                    intro=_first_text(item, "intro"),
                )
            )
        return results

    async def details(self, book_id: str) -> Book:
        payload = await self._call("getDetail", {"book_id": book_id})
        data = payload.get("data") if isinstance(payload, dict) else None
        novel = data.get("novel") if isinstance(data, dict) else None
        if not isinstance(novel, dict) or not novel.get("book_name"):
            # An unknown book answers normally, just without a book in it.
            raise BookNotFoundError(BOOK_NOT_FOUND(book=book_id, source=self.describe()))
        return Book(
            source=self.name,
            book_id=book_id,
            title=str(novel["book_name"]).strip(),
            author=_first_text(novel, "author"),
            intro=_first_text(novel, "intro"),
            cover_url=_first_text(novel, "cover"),
        )

    async def catalog(self, book_id: str) -> list[Chapter]:
        payload = await self._call("getCatalog", {"book_id": book_id})
        data = payload.get("data") if isinstance(payload, dict) else None
        novel = data.get("novel") if isinstance(data, dict) else None
        items = novel.get("items") if isinstance(novel, dict) else None
        if not items:
            raise BookNotFoundError(f"book {book_id} has no chapters at {self.describe()}")
        if not isinstance(items, list):
            raise MalformedResponseError("the catalog is not a list")
        chapters = []
        for position, item in enumerate(items, start=1):
            if not isinstance(item, dict) or not str(item.get("cid", "")).strip():
                raise MalformedResponseError(f"catalog entry {position} has no chapter ID")
            chapters.append(
                Chapter(
                    index=position,
                    chapter_id=str(item["cid"]).strip(),
                    title=str(item.get("title") or f"第{position}章").strip(),
                    volume=_first_text(item, "volume"),
                    paid=str(item.get("price_status", "0")).strip() not in ("0", ""),
                )
            )
        return chapters

    async def chapter(self, book_id: str, chapter: Chapter) -> str:
        payload = await self._call(
            "getChapterContent",
            {"book_id": book_id, "cid": f"{book_id}|{chapter.chapter_id}", "need_bookinfo": 0},
            referer_cid=chapter.chapter_id,
        )
        data = payload.get("data") if isinstance(payload, dict) else None
        novel = data.get("novel") if isinstance(data, dict) else None
        content = novel.get("content") if isinstance(novel, dict) else None
        if chapter.paid and not content:
            # The refusal's exact shape is unknown; a paid chapter without text is a refusal.
            raise PaidChapterError("paid chapter: the source gives no text without a purchase")
        content = _path(payload, "data", "novel", "content")
        if not isinstance(content, str):
            raise MalformedResponseError("the chapter text is not text")
        if not content.strip():
            raise EmptyChapterError("the chapter text is empty")
        return content
