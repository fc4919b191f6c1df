"""A local aiohttp emulation of a book site, shaped exactly as a rule expects its pages.

``emulated_site({"/search.php": Answer(...), "/book/1.html": Answer(...)})`` serves each
page at its path (a key holding ``?`` must match the query too; ``POST /path`` answers posts
only) on 127.0.0.x and yields the site's origin. Every request is recorded, so a test can
check what the rule sent (form bodies, headers, encodings).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from aiohttp import web
from aiohttp.test_utils import TestServer


@dataclass(frozen=True)
class Answer:
    body: str | bytes
    content_type: str = "text/html"
    charset: str | None = "utf-8"  # None: no charset in the header (the page says, or not)
    status: int = 200
    redirect: str = ""  # a Location: the answer is a 302 there


@dataclass
class Request:
    method: str
    path_qs: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class EmulatedSite:
    origin: str
    requests: list[Request]

    def url(self, path: str) -> str:
        return self.origin + path


def _find(pages: Mapping[str, Answer], method: str, path_qs: str, path: str) -> Answer | None:
    for key in (f"{method} {path_qs}", f"{method} {path}", path_qs, path):
        if key in pages:
            return pages[key]
    return None


@asynccontextmanager
async def emulated_site(
    pages: Mapping[str, Answer], host: str = "127.0.0.2"
) -> AsyncIterator[EmulatedSite]:
    requests: list[Request] = []

    async def handle(request: web.Request) -> web.StreamResponse:
        body = await request.read()
        requests.append(Request(request.method, request.path_qs, body, dict(request.headers)))
        answer = _find(pages, request.method, request.path_qs, request.path)
        if answer is None:
            return web.Response(status=404, text="not found")
        if answer.redirect:
            raise web.HTTPFound(answer.redirect)
        data = (
            answer.body.encode(answer.charset or "utf-8")
            if isinstance(answer.body, str)
            else answer.body
        )
        content_type = answer.content_type
        if answer.charset:
            content_type += f"; charset={answer.charset}"
        return web.Response(status=answer.status, body=data, headers={"Content-Type": content_type})

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handle)
    async with TestServer(app, host=host) as server:
        yield EmulatedSite(f"http://{host}:{server.port}", requests)
