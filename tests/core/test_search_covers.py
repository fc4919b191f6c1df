"""CoverFetcher: search-result covers, a few at a time, size-capped, http(s) only."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from novelfetch.core.errors import BadInputError, FetchError
from novelfetch.core.net.http import HttpSettings
from novelfetch.core.sources.covers import CoverFetcher
from novelfetch.sample.library import cover_png

QUICK = HttpSettings(connect_timeout=2.0, read_timeout=5.0)


class CoverSite:
    """Covers at /cover/N.png; /big.png is over any cap; /held.png waits for ``release``."""

    def __init__(self) -> None:
        self.in_flight = 0
        self.most_in_flight = 0
        self.release = asyncio.Event()
        self.arrived = asyncio.Event()
        #: Set once this many covers are being answered at the same time.
        self.full_at = 1
        self.full = asyncio.Event()

    async def cover(self, request: web.Request) -> web.Response:
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            self.arrived.set()
            if self.in_flight >= self.full_at:
                self.full.set()
            await self.release.wait()
            return web.Response(body=cover_png(request.match_info["n"]), content_type="image/png")
        finally:
            self.in_flight -= 1

    async def big(self, request: web.Request) -> web.Response:
        return web.Response(body=b"\x89PNG" + b"0" * 300_000, content_type="image/png")


@pytest.fixture
async def covers() -> AsyncIterator[tuple[CoverSite, TestServer]]:
    site = CoverSite()
    app = web.Application()
    app.router.add_get("/cover/{n}.png", site.cover)
    app.router.add_get("/big.png", site.big)
    server = TestServer(app)
    await server.start_server()
    yield site, server
    site.release.set()
    await server.close()


async def test_at_most_concurrency_covers_are_fetched_at_once(
    covers: tuple[CoverSite, TestServer],
) -> None:
    site, server = covers
    fetcher = CoverFetcher(QUICK, concurrency=3)
    urls = [str(server.make_url(f"/cover/{n}.png")) for n in range(10)]
    site.full_at = 3
    try:
        tasks = [asyncio.ensure_future(fetcher.fetch(url)) for url in urls]
        # Three are held at the server; were the limit not kept, more would be there too.
        await asyncio.wait_for(site.full.wait(), 5)
        site.release.set()
        bodies = await asyncio.wait_for(asyncio.gather(*tasks), 10)
    finally:
        await fetcher.close()
    assert [body[:8] for body in bodies] == [b"\x89PNG\r\n\x1a\n"] * 10
    assert bodies[4] == cover_png("4")
    assert site.most_in_flight == 3


async def test_a_cover_over_the_size_cap_is_refused(covers: tuple[CoverSite, TestServer]) -> None:
    _, server = covers
    fetcher = CoverFetcher(QUICK, max_bytes=100_000)
    try:
        with pytest.raises(FetchError, match="too large"):
            await fetcher.fetch(str(server.make_url("/big.png")))
    finally:
        await fetcher.close()


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "data:image/png;base64,AAAA", "javascript:1", "//x/y.png", ""]
)
async def test_only_web_addresses_are_fetched(url: str) -> None:
    fetcher = CoverFetcher(QUICK)
    try:
        with pytest.raises(BadInputError, match="not a web address"):
            await fetcher.fetch(url)
    finally:
        await fetcher.close()


async def test_closing_ends_the_fetches_still_waiting(covers: tuple[CoverSite, TestServer]) -> None:
    site, server = covers
    fetcher = CoverFetcher(QUICK, concurrency=1)
    first = asyncio.ensure_future(fetcher.fetch(str(server.make_url("/cover/1.png"))))
    waiting = asyncio.ensure_future(fetcher.fetch(str(server.make_url("/cover/2.png"))))
    await asyncio.wait_for(site.arrived.wait(), 5)
    first.cancel()
    await fetcher.close()
    with pytest.raises(BadInputError, match="search these covers belong to is over"):
        await asyncio.wait_for(waiting, 5)
