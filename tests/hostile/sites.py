"""Small hostile sites for the safety tests: real aiohttp servers on chosen 127.0.0.x addresses.

A ``Site`` serves a search page, a book page (which is its own catalog) and chapters, with the
links, covers and redirects each test wants, plus ``/status``: the "router page" an attacker
wants to read. Every request it gets is recorded with the Cookie header it carried.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer

ROUTER_SECRET = "ROUTER-ADMIN-PASSWORD-hunter2"


@dataclass
class Site:
    """What the site links to (absolute addresses, or paths on itself) and what it saw."""

    book_link: str = "/book"
    cover_link: str = "/cover.png"
    chapter_link: str = "/chapter"
    #: Set-Cookie headers sent with every answer.
    sets_cookies: tuple[str, ...] = ()
    seen: list[tuple[str, str]] = field(default_factory=list)  # (path, Cookie header)
    queries: list[str] = field(default_factory=list)  # the ``q`` of each search
    server: TestServer | None = None

    @property
    def base(self) -> str:
        assert self.server is not None
        return str(self.server.make_url("/"))

    def url(self, path: str) -> str:
        return self.base.rstrip("/") + path

    def paths(self) -> list[str]:
        return [path for path, _ in self.seen]

    def cookies_sent(self) -> list[str]:
        return [cookie for _, cookie in self.seen if cookie]

    def app(self) -> web.Application:
        app = web.Application()
        app.middlewares.append(self._record)
        app.router.add_get("/search", self._search)
        app.router.add_get("/book", self._book)
        app.router.add_get("/chapter", self._chapter)
        app.router.add_get("/cover.png", self._cover)
        app.router.add_get("/status", self._status)
        app.router.add_get("/redirect", self._redirect)
        return app

    @web.middleware
    async def _record(self, request: web.Request, handler: Any) -> web.StreamResponse:
        self.seen.append((request.path, request.headers.get("Cookie", "")))
        response = await handler(request)
        for header in self.sets_cookies:
            response.headers.add("Set-Cookie", header)
        return response

    async def _search(self, request: web.Request) -> web.Response:
        self.queries.append(request.query.get("q", ""))
        page = (
            f'<html><body><div class="book"><a href="{self.book_link}">青云志</a>'
            f'<img src="{self.cover_link}"></div></body></html>'
        )
        return web.Response(text=page, content_type="text/html", charset="utf-8")

    async def _book(self, request: web.Request) -> web.Response:
        page = (
            f'<html><body><h1>青云志</h1><ul><li><a href="{self.chapter_link}">第一章</a></li>'
            "</ul></body></html>"
        )
        return web.Response(text=page, content_type="text/html", charset="utf-8")

    async def _chapter(self, request: web.Request) -> web.Response:
        page = '<html><body><h1>第一章</h1><div id="content">山风吹过青云。</div></body></html>'
        return web.Response(text=page, content_type="text/html", charset="utf-8")

    async def _cover(self, request: web.Request) -> web.Response:
        return web.Response(body=b"\x89PNG\r\n\x1a\n" + b"0" * 64, content_type="image/png")

    async def _status(self, request: web.Request) -> web.Response:
        page = f'<html><body><div class="book"><a href="/x">{ROUTER_SECRET}</a></div></body></html>'
        return web.Response(text=page, content_type="text/html", charset="utf-8")

    async def _redirect(self, request: web.Request) -> web.Response:
        raise web.HTTPFound(request.query["to"])


@asynccontextmanager
async def serving(site: Site, host: str = "127.0.0.1") -> AsyncIterator[Site]:
    """Run ``site`` on ``host`` (any 127.0.0.x: all of 127/8 is this machine on Linux)."""
    server = TestServer(site.app(), host=host)
    await server.start_server()
    site.server = server
    try:
        yield site
    finally:
        await server.close()


def rule(
    source_url: str,
    *,
    name: str = "hostile",
    search_url: str = "/search?q={{key}}",
    cookie_jar: bool = False,
) -> dict[str, Any]:
    """A Legado source for a ``Site``: ``source_url`` is its ``bookSourceUrl``."""
    return {
        "bookSourceUrl": source_url,
        "bookSourceName": name,
        "searchUrl": search_url,
        "enabledCookieJar": cookie_jar,
        "ruleSearch": {
            "bookList": "class.book",
            "name": "tag.a@text",
            "bookUrl": "tag.a@href",
            "coverUrl": "tag.img@src",
        },
        "ruleBookInfo": {"name": "tag.h1@text"},
        "ruleToc": {
            "chapterList": "tag.li",
            "chapterName": "tag.a@text",
            "chapterUrl": "tag.a@href",
        },
        "ruleContent": {"content": "id.content@text"},
    }


def rule_file(*rules: dict[str, Any]) -> str:
    return json.dumps(list(rules), ensure_ascii=False)
