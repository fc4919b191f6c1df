"""Rule files and small local servers for the Search and Sources page tests."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer

from novelfetch.resources import resource_path

BUNDLED_BASE = "http://127.0.0.1:8765/site/"
LEGADO_RULE = "sample-site.legado.json"
SITE_NAME = "墨香书屋（NovelFetch 示例站）"


def site_rule(site_base: str, **changes: Any) -> dict[str, Any]:
    """The bundled Legado rule pointed at ``site_base``, with top-level fields changed."""
    text = resource_path(f"sample/rules/{LEGADO_RULE}").read_text(encoding="utf-8")
    rule = json.loads(text.replace(BUNDLED_BASE, site_base))
    rule.update(changes)
    return rule


def rule_text(*rules: dict[str, Any]) -> str:
    return json.dumps(rules[0] if len(rules) == 1 else list(rules), ensure_ascii=False)


def dead_address() -> str:
    """An address on a local port nothing listens on (connecting is refused at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/site/"


@asynccontextmanager
async def serve(routes: Callable[[web.Application], None]) -> AsyncIterator[TestServer]:
    app = web.Application()
    routes(app)
    server = TestServer(app)
    await server.start_server()
    try:
        yield server
    finally:
        await server.close()


@asynccontextmanager
async def hanging_api() -> AsyncIterator[str]:
    """A Baidu-shaped API that accepts every request and never answers; yields its base."""
    release = asyncio.Event()

    async def hang(request: web.Request) -> web.Response:
        await release.wait()
        return web.Response(status=503)

    def routes(app: web.Application) -> None:
        app.router.add_get("/api/pc/{method}", hang)

    async with serve(routes) as server:
        try:
            yield str(server.make_url("/api/pc"))
        finally:
            release.set()
