"""A local HTTP server speaking the dushu.baidu.com API, with latency and injected faults.

Tests, benchmarks and the offline ``sample`` source all run this same server.
"""

from __future__ import annotations

import asyncio
import json
import ssl
import time
from collections import deque
from typing import Any, Self

from aiohttp import web

from novelfetch.sample.faults import FaultPlan, ServerStats, json_response, respond
from novelfetch.sample.library import SampleBook, cover_png, default_library
from novelfetch.sample.site import SiteOptions, add_site_routes

#: Where the shipped rule files for the sample say it runs (``serve-sample``'s default port).
BUNDLED_ORIGIN = "http://127.0.0.1:8765"


class SampleServer:
    """Run with ``async with SampleServer() as server: server.api_base``."""

    def __init__(
        self,
        library: dict[str, SampleBook] | None = None,
        *,
        latency: float = 0.0,
        faults: FaultPlan | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        ssl_context: ssl.SSLContext | None = None,
        capacity: int | None = None,
        rate_cap: float | None = None,
        rule_files: dict[str, str] | None = None,
    ) -> None:
        """``capacity``: answer 429 (``Retry-After: faults.retry_after``) to any request that
        would make more than this many in flight. ``rate_cap``: answer 503 to any request
        beyond this many accepted in the last second. Neither is told to the client.
        ``rule_files``: name -> a rule file written for ``BUNDLED_ORIGIN``, served at
        ``/rules/<name>`` written for this server's own origin (its port may be any)."""
        self.library = default_library() if library is None else library
        self.latency = latency
        self.faults = faults or FaultPlan()
        self.stats = ServerStats()
        self.capacity, self.rate_cap = capacity, rate_cap
        self._accepted: deque[float] = deque()
        self._host, self._port = host, port
        self._ssl_context = ssl_context
        self._runner: web.AppRunner | None = None
        self.origin = ""
        self.site = SiteOptions()  # layout and encodings of the HTML site (sample_site.py)
        #: Book ID -> the chapter numbers its catalog lists, in order: a test drops or reorders
        #: chapters here (grow a book with ``dataclasses.replace(book, chapter_count=…)``).
        self.catalogs: dict[str, list[int]] = {}
        #: Whether the API's search results name their covers, as Baidu's do (a test of a
        #: source whose results have none turns it off).
        self.search_covers = True
        self.rule_files = dict(rule_files or {})

    @property
    def api_base(self) -> str:
        return f"{self.origin}/api/pc"

    @property
    def site_base(self) -> str:
        return f"{self.origin}/site/"

    def _app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/api/pc/{method}", self._handle_api)
        app.router.add_get("/cover/{book_id}.png", self._handle_cover)
        app.router.add_get("/rules/{name}", self._handle_rule_file)
        add_site_routes(app, self)
        return app

    async def start(self) -> str:
        self._runner = web.AppRunner(
            self._app(), access_log=None, handle_signals=False, shutdown_timeout=0.1
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, self._host, self._port, ssl_context=self._ssl_context)
        await site.start()
        host, port = site._server.sockets[0].getsockname()[:2]  # type: ignore[union-attr]
        scheme = "https" if self._ssl_context else "http"
        self.origin = f"{scheme}://{host}:{port}"
        return self.api_base

    async def stop(self) -> None:
        if self._runner:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    # --- handlers -------------------------------------------------------------------------

    async def _handle_rule_file(self, request: web.Request) -> web.Response:
        text = self.rule_files.get(request.match_info["name"])
        if text is None:
            raise web.HTTPNotFound()
        return web.Response(
            text=text.replace(BUNDLED_ORIGIN, self.origin), content_type="application/json"
        )

    async def _handle_cover(self, request: web.Request) -> web.StreamResponse:
        book_id = request.match_info["book_id"]
        self.stats.cover_requests += 1
        self._note_credentials(request)
        if "Cookie" in request.headers:
            self.stats.cover_cookies.append(request.headers["Cookie"])
        fault = self.faults.next_fault(f"cover:{book_id}")
        if fault:
            self.stats.faults[fault] += 1
            return await respond(request, {}, fault, self.faults)
        book = self.library.get(book_id)
        if not book or not book.has_cover:
            raise web.HTTPNotFound()
        return web.Response(body=cover_png(book.book_id), content_type="image/png")

    def _note_credentials(self, request: web.Request) -> None:
        for header in ("Authorization", "Proxy-Authorization"):
            self.stats.credentials.extend(request.headers.getall(header, []))

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        stats = self.stats
        stats.requests[method] += 1
        stats.user_agents.add(request.headers.get("User-Agent", ""))
        stats.referers.append(request.headers.get("Referer", ""))
        self._note_credentials(request)
        if "Cookie" in request.headers:
            stats.cookies.append(request.headers["Cookie"])
        stats.in_flight += 1
        stats.max_in_flight = max(stats.max_in_flight, stats.in_flight)
        stats.arrivals.append(time.monotonic())
        try:
            refusal = self._refusal()
            if refusal is not None:
                stats.refused += 1
                return refusal
            if self.latency:
                await asyncio.sleep(self.latency)
            try:
                data = json.loads(request.query.get("data", ""))
            except ValueError:
                return json_response({"status": -1, "msg": "bad data parameter"})
            if not isinstance(data, dict):
                return json_response({"status": -1, "msg": "bad data parameter"})
            key = method
            if method == "getChapterContent":
                key = str(data.get("cid", "")).partition("|")[2]
                stats.chapter_requests[key] += 1
            fault = self.faults.next_fault(key)
            if fault:
                stats.faults[fault] += 1
            payload = self._answer(method, data, request)
            return await respond(request, payload, fault, self.faults)
        finally:
            stats.in_flight -= 1

    def _refusal(self) -> web.Response | None:
        """429 over the hidden capacity, 503 over the rate cap; None to go ahead."""
        if self.capacity is not None and self.stats.in_flight > self.capacity:
            return web.Response(status=429, headers={"Retry-After": str(self.faults.retry_after)})
        if self.rate_cap is not None:
            now = time.monotonic()
            accepted = self._accepted
            while accepted and accepted[0] <= now - 1.0:
                accepted.popleft()
            if len(accepted) >= self.rate_cap:
                return web.Response(status=503, text="slow down")
            accepted.append(now)
        return None

    def _answer(self, method: str, data: dict[str, Any], request: web.Request) -> dict[str, Any]:
        book = self.library.get(str(data.get("book_id", "")))
        if method == "getDetail":
            if not book:
                return {"status": 0, "data": {}}
            novel = {
                "book_id": book.book_id,
                "book_name": book.title,
                "author": book.author,
                "summary": book.intro,
                "lastChapter": {
                    "chapter_title": book.chapter_title(book.chapter_count),
                    "cp_update_time": str(int(time.time())),
                },
            }
            if cover := self._cover_url(book):
                novel["cover"] = cover
            return {"status": 0, "data": {"novel": novel}}
        if method == "getCatalog":
            if not book:
                return {"status": 0, "data": {"novel": {"items": []}}}
            items = []
            for index in self.catalogs.get(book.book_id, range(1, book.chapter_count + 1)):
                item = {
                    "title": book.chapter_title(index),
                    "cid": book.chapter_id(index),
                    "price_status": "1" if book.is_paid(index) else "0",
                }
                if book.chapters_per_volume:
                    item["volume_name"] = book.volume(index)
                items.append(item)
            return {"status": 0, "data": {"novel": {"book_id": book.book_id, "items": items}}}
        if method == "getChapterContent":
            cid = str(data.get("cid", "")).partition("|")[2]
            index = book.index_of(cid) if book else None
            if not book or index is None:
                return {"status": 0, "data": {}}
            if book.is_paid(index):
                return {
                    "status": 0,
                    "data": {"novel": {"chapter_title": book.chapter_title(index)}},
                }
            return {
                "status": 0,
                "data": {
                    "novel": {
                        "chapter_title": book.chapter_title(index),
                        "content": book.chapter_text(index),
                    }
                },
            }
        if method == "getSearch":
            return {"status": 0, "data": {"list": self._search(str(data.get("word", "")))}}
        return {"status": -1, "msg": f"unknown method {method}"}

    def _cover_url(self, book: SampleBook) -> str:
        if book.cover_url:
            return book.cover_url
        return f"{self.origin}/cover/{book.book_id}.png" if book.has_cover else ""

    def _search(self, word: str) -> list[dict[str, Any]]:
        """Books whose title or author contains the words, in the API's search shape (with
        the cover, as the real search answers)."""
        word = word.strip()
        return [
            {
                "book_id": book.book_id,
                "book_name": book.title,
                "author": book.author,
                "cover": self._cover_url(book) if self.search_covers else "",
            }
            for book in self.library.values()
            if word and (word in book.title or word in book.author)
        ]
