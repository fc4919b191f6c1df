"""Cover images for search results: fetched politely, a few at a time, each one size-capped.

A search can list dozens of books from several sites; their covers are a nicety, so they are
fetched over one shared session, at most ``concurrency`` at once, never retried, and a cover
that fails is simply left out. Only http(s) addresses are fetched (the address comes from a
site or a rule file, both untrusted).
"""

from __future__ import annotations

import asyncio
from dataclasses import replace

import aiohttp
from yarl import URL

from novelfetch.core.errors import BadInputError
from novelfetch.core.net.http import HttpSettings, fetch_bytes, open_session

# A thumbnail needs far less, but some sites only serve the full-size cover.
MAX_SEARCH_COVER_BYTES = 2 * 1024 * 1024
DEFAULT_COVER_CONCURRENCY = 4


class CoverFetcher:
    """One search's covers. Use ``await fetch(url)`` from tasks, then ``await close()``."""

    def __init__(
        self,
        http: HttpSettings | None = None,
        *,
        concurrency: int = DEFAULT_COVER_CONCURRENCY,
        max_bytes: int = MAX_SEARCH_COVER_BYTES,
    ) -> None:
        self.http = replace(http or HttpSettings(), max_body_bytes=max_bytes)
        self.concurrency = max(1, concurrency)
        self._slots = asyncio.Semaphore(self.concurrency)
        self._session: aiohttp.ClientSession | None = None
        self._closed = False

    async def fetch(self, url: str) -> bytes:
        """The image's bytes, or a ``NovelFetchError`` saying why not."""
        address = URL(url.strip())
        if address.scheme not in ("http", "https") or not address.host:
            raise BadInputError(f"not a web address: {url[:200]!r}")
        async with self._slots:
            if self._closed:
                raise BadInputError("the search these covers belong to is over")
            if self._session is None:
                self._session = open_session(self.http, self.concurrency)
            answer = await fetch_bytes(self._session, str(address), headers={}, settings=self.http)
        return answer.body

    async def close(self) -> None:
        self._closed = True
        if self._session is not None:
            await self._session.close()
            self._session = None
