"""The offline HTML novel site of the sample server, under ``/site/`` (pages: sample_site_pages).

Routes (all relative to ``/site/``):

- ``""`` home; ``search`` GET ``?q=`` (UTF-8) or POST form ``searchkey=`` (percent-encoded in
  GBK, decoded as gb18030, as many Chinese sites do); results only for ``page`` 1.
- ``b/<id>``: 301 to ``book/<id>/``; ``book/<id>`` (no slash): 301 to ``book/<id>/``.
- ``book/<id>/`` book page (``og:novel:*`` meta); ``book/<id>/index_<n>.html`` catalog pages;
  ``book/<id>/<chapter id>.html`` and ``<chapter id>_<n>.html`` chapter pages.
- ``book/cf/…``: a Cloudflare-style "Just a moment..." challenge, status 503; any page with
  ``?captcha=1``: a captcha page, status 200; unknown books and chapters: 404.

Encodings follow ``SiteOptions``: UTF-8 named in the HTTP header; GBK named only in a
``<meta>``; GBK named nowhere. The server's ``latency`` applies; ``stats.requests`` counts
``site:<kind>`` and ``stats.site_pages`` counts each path. Chapter pages take faults from the
server's ``FaultPlan`` keyed ``site:<page file stem>`` (e.g. ``site:1500000037_2``); "html"
answers the captcha page.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from functools import lru_cache
from typing import Protocol
from urllib.parse import parse_qsl, quote_from_bytes

from aiohttp import web

from novelfetch.sample import site_pages as pages
from novelfetch.sample.faults import FaultPlan, ServerStats, respond
from novelfetch.sample.library import SampleBook
from novelfetch.sample.site_pages import UTF8_HEADER, SiteOptions

__all__ = ["SiteOptions", "add_site_routes", "benchmark_book"]


class SiteHost(Protocol):
    """What the site needs of the server that runs it (``SampleServer``)."""

    library: dict[str, SampleBook]
    site: SiteOptions
    stats: ServerStats
    faults: FaultPlan
    latency: float


CHALLENGE_BOOK_ID = "cf"
_PAGE_FILE = re.compile(r"(?:index_(?P<toc>\d+)|(?P<cid>\d+)(?:_(?P<page>\d+))?)\.html")


def benchmark_book(chapters: int, page_kb: int = 30, book_id: str = "9") -> SampleBook:
    """A book whose every chapter is one UTF-8 page of about ``page_kb`` KB of HTML."""
    chars = max(200, (page_kb * 1024 - 2500) // 3)  # 3 bytes a character, ~2.5 KB of frame
    return SampleBook(book_id, "基准测试之书", "NovelFetch", "", chapters, chars_per_chapter=chars)


def add_site_routes(app: web.Application, server: SiteHost) -> None:
    """Serve the site of ``server.library`` under ``/site/`` (options: ``server.site``)."""
    site = _Site(server)
    app.router.add_get("/site", site.to_home)
    app.router.add_get("/site/", site.home)
    app.router.add_route("*", "/site/search", site.search)
    app.router.add_get("/site/b/{book_id}", site.short_link)
    app.router.add_get("/site/book/{book_id}", site.add_slash)
    app.router.add_get("/site/book/{book_id}/", site.book)
    app.router.add_get("/site/book/{book_id}/{file}", site.book_file)


@lru_cache(maxsize=256)
def _encoded(kind: str, book: SampleBook, options: SiteOptions, a: int, b: int) -> bytes | None:
    if kind == "book":
        html = pages.book_page(book, options)
    elif kind == "toc":
        html = pages.toc_page(book, options, a)
    else:
        html = pages.chapter_page(book, options, a, b)
    if html is None:
        return None
    return _encode(html, options.encoding_of(book.book_id))


def _encode(html: str, encoding: str) -> bytes:
    if encoding == UTF8_HEADER:
        return html.encode("utf-8")
    return html.encode("gbk", "xmlcharrefreplace")


def _html(body: bytes, encoding: str, status: int = 200) -> web.Response:
    if encoding == UTF8_HEADER:
        return web.Response(body=body, status=status, content_type="text/html", charset="utf-8")
    # No charset in the header: the page's <meta> says it, or nothing does.
    return web.Response(body=body, status=status, content_type="text/html")


class _Site:
    def __init__(self, server: SiteHost) -> None:
        self.server = server

    @property
    def options(self) -> SiteOptions:
        return self.server.site

    async def _enter(self, request: web.Request, kind: str) -> web.Response | None:
        """Count the request, wait the latency; an answer here replaces the page."""
        stats = self.server.stats
        stats.requests[f"site:{kind}"] += 1
        stats.site_pages[request.path] += 1
        stats.user_agents.add(request.headers.get("User-Agent", ""))
        stats.referers.append(request.headers.get("Referer", ""))
        for header in ("Authorization", "Proxy-Authorization"):
            stats.credentials.extend(request.headers.getall(header, []))
        if "Cookie" in request.headers:
            stats.cookies.append(request.headers["Cookie"])
        if self.server.latency:
            await asyncio.sleep(self.server.latency)
        if request.query.get("captcha"):
            stats.requests["site:captcha"] += 1
            return _html(pages.captcha_page().encode(), UTF8_HEADER)
        return None

    async def _guarded(
        self,
        request: web.Request,
        kind: str,
        answer: Callable[[], Awaitable[web.StreamResponse]],
    ) -> web.StreamResponse:
        stats = self.server.stats
        stats.in_flight += 1
        stats.max_in_flight = max(stats.max_in_flight, stats.in_flight)
        try:
            early = await self._enter(request, kind)
            return early if early is not None else await answer()
        finally:
            stats.in_flight -= 1

    def _book(self, book_id: str) -> SampleBook:
        book = self.server.library.get(book_id)
        if book is None:
            raise _NotFound
        return book

    # --- routes ---------------------------------------------------------------------------

    async def to_home(self, request: web.Request) -> web.StreamResponse:
        raise web.HTTPMovedPermanently("/site/")

    async def home(self, request: web.Request) -> web.StreamResponse:
        async def answer() -> web.Response:
            books = list(self.server.library.values())
            return _html(pages.home_page(books).encode(), UTF8_HEADER)

        return await self._guarded(request, "home", answer)

    async def search(self, request: web.Request) -> web.StreamResponse:
        if request.method not in ("GET", "POST"):
            raise web.HTTPMethodNotAllowed(request.method, ["GET", "POST"])

        async def answer() -> web.Response:
            fields = dict(_query_fields(request.rel_url.raw_query_string))
            if request.method == "POST":
                fields.update(_form_fields(await request.read()))
            words = (fields.get("searchkey") or fields.get("q") or "").strip()
            books = []
            if words and fields.get("page", "1") in ("", "1"):
                books = [
                    book
                    for book in self.server.library.values()
                    if words in book.title or words in book.author
                ]
            encoding = self.options.search_encoding
            return _html(_encode(pages.search_page(words, books, encoding), encoding), encoding)

        return await self._guarded(request, "search", answer)

    async def short_link(self, request: web.Request) -> web.StreamResponse:
        async def answer() -> web.Response:
            book_id = request.match_info["book_id"]
            if book_id != CHALLENGE_BOOK_ID and book_id not in self.server.library:
                return _not_found()
            raise web.HTTPMovedPermanently(f"/site/book/{book_id}/")

        return await self._guarded(request, "redirect", answer)

    async def add_slash(self, request: web.Request) -> web.StreamResponse:
        return await self.short_link(request)

    async def book(self, request: web.Request) -> web.StreamResponse:
        book_id = request.match_info["book_id"]
        if book_id == CHALLENGE_BOOK_ID:
            return await self._guarded(request, "challenge", _challenge)

        async def answer() -> web.Response:
            try:
                book = self._book(book_id)
            except _NotFound:
                return _not_found()
            body = _encoded("book", book, self.options, 0, 0)
            assert body is not None
            return await self._answer(request, body, book_id, self._scripted_fault("site:book"))

        return await self._guarded(request, "book", answer)

    async def book_file(self, request: web.Request) -> web.StreamResponse:
        book_id = request.match_info["book_id"]
        if book_id == CHALLENGE_BOOK_ID:
            return await self._guarded(request, "challenge", _challenge)
        match = _PAGE_FILE.fullmatch(request.match_info["file"])
        kind = "toc" if match and match["toc"] else "chapter"

        async def answer() -> web.Response:
            try:
                book = self._book(book_id)
            except _NotFound:
                return _not_found()
            if match is None:
                return _not_found()
            if kind == "toc":
                body = _encoded("toc", book, self.options, int(match["toc"]), 0)
                fault_key = "site:toc"
            else:
                index = book.index_of(match["cid"])
                page = int(match["page"] or 1)
                if index is None or (match["page"] is not None and page < 2):
                    return _not_found()
                body = _encoded("chapter", book, self.options, index, page)
                fault_key = "site:" + request.match_info["file"].removesuffix(".html")
            if body is None:
                return _not_found()
            if kind == "toc":
                fault = self._scripted_fault(fault_key)
            else:
                fault = self.server.faults.next_fault(fault_key)
            return await self._answer(request, body, book_id, fault)

        return await self._guarded(request, kind, answer)

    # --- faults ---------------------------------------------------------------------------

    def _scripted_fault(self, key: str) -> str | None:
        # Only scripted: random faults are for chapter pages, as on the API.
        if key not in self.server.faults.scripted:
            return None
        return self.server.faults.next_fault(key)

    async def _answer(
        self, request: web.Request, body: bytes, book_id: str, fault: str | None
    ) -> web.StreamResponse:
        """The page, or what the fault makes of it."""

        encoding = self.options.encoding_of(book_id)
        if not fault:  # "" in a scripted list: that request gets the page
            return _html(body, encoding)
        self.server.stats.faults[fault] += 1
        if fault == "html":
            return _html(pages.captcha_page().encode(), UTF8_HEADER)
        if fault == "truncated":
            return _html(body[: len(body) // 2], encoding)
        if fault in ("empty", "missing"):
            content = '<div id="content"></div>' if fault == "empty" else ""
            html = (
                f"<!DOCTYPE html><html><head><title>-</title></head><body>{content}</body></html>"
            )
            return _html(html.encode(), UTF8_HEADER)
        return await respond(request, {}, fault, self.server.faults)


class _NotFound(Exception):
    pass


def _not_found() -> web.Response:
    return _html(pages.not_found_page().encode(), UTF8_HEADER, status=404)


async def _challenge() -> web.Response:
    return web.Response(
        text=pages.CHALLENGE_PAGE,
        status=503,
        content_type="text/html",
        charset="utf-8",
        headers={"Server": "cloudflare", "cf-mitigated": "challenge", "Cache-Control": "no-store"},
    )


def _query_fields(raw: str) -> list[tuple[str, str]]:
    try:
        return parse_qsl(raw, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        return parse_qsl(raw, encoding="gb18030", errors="replace")


def _form_fields(body: bytes) -> list[tuple[str, str]]:
    # Bytes sent unescaped are escaped first, so both forms decode as gb18030.
    text = quote_from_bytes(body, safe="=&+%")
    return parse_qsl(text, encoding="gb18030", errors="replace")
