"""The built-in offline source: the Baidu adapter talking to an in-process sample server."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Self

from novelfetch.core.models import SearchResult
from novelfetch.core.sources.baidu import BaiduSource

if TYPE_CHECKING:
    from novelfetch.sample.server import SampleServer


class SampleSource(BaiduSource):
    name = "sample"
    label = "Sample (offline)"

    _server: SampleServer | None = None

    @property
    def api_base(self) -> str:
        if self._server is None:
            raise RuntimeError("the sample source is used outside 'async with'")
        return self._server.api_base

    def book_reference(self, book_id: str) -> str:
        # The sample server's address changes every run: "sample:ID" is what stays valid.
        return f"{self.name}:{book_id}"

    async def search(self, words: str) -> list[SearchResult]:
        # The in-process server stops when the search ends, before the window fetches the
        # results' covers: each result carries its cover instead.
        from novelfetch.sample.library import cover_png

        results = await super().search(words)
        server = self._server
        assert server is not None
        found = []
        for result in results:
            book = server.library.get(result.book.partition(":")[2])
            if book is not None and book.has_cover and not book.cover_url:
                result = replace(result, cover_url="", cover=cover_png(book.book_id))
            found.append(result)
        return found

    def describe(self) -> str:
        return "the built-in sample library"

    async def __aenter__(self) -> Self:
        # Imported here: the server pulls in aiohttp.web, which every other command would pay
        # for at start-up.
        from novelfetch.sample.server import SampleServer

        self._server = SampleServer()
        await self._server.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self._server:
            await self._server.stop()
            self._server = None
