"""Cover images for search results: fetched politely, a few at a time, each one size-capped.

A search can list dozens of books from several sites; their covers are a nicety, so they are
fetched over one shared session, at most ``concurrency`` at once, never retried, and a cover
that fails is simply left out. Only http(s) addresses are fetched (the address comes from a
site or a rule file, both untrusted), each under the network policy of the source that found it
(one session per source), and never with a cookie.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace

import aiohttp
from yarl import URL

from novelfetch.core.errors import BadInputError
from novelfetch.core.net.http import HttpSettings, fetch_bytes, open_session
from novelfetch.core.net.policy import NetworkPolicy

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
        # By source: a rule source's covers obey its policy (None: a built-in's, unrestricted).
        self._sessions: dict[str, aiohttp.ClientSession] = {}
        self._closed = False

    async def fetch(self, url: str, policy: NetworkPolicy | None = None) -> bytes:
        """The image's bytes, or a ``NovelFetchError`` saying why not. ``policy``: that of
        the source whose search result named the cover."""
        address = URL(url.strip())
        if address.scheme not in ("http", "https") or not address.host:
            raise BadInputError(f"not a web address: {url[:200]!r}")
        async with self._slots:
            if self._closed:
                raise BadInputError("the search these covers belong to is over")
            key = policy.source_id if policy is not None else ""
            if key not in self._sessions:
                self._sessions[key] = open_session(self.http, self.concurrency, policy=policy)
            session = self._sessions[key]
            answer = await fetch_bytes(session, str(address), headers={}, settings=self.http)
        return answer.body

    async def close(self) -> None:
        self._closed = True
        sessions, self._sessions = self._sessions, {}
        for session in sessions.values():
            await session.close()
