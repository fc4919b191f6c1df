"""Search several sources at once and hand back each one's answer as soon as it arrives.

One slow or broken source never holds up or sinks the others: each runs in its own task under
its own time limit and politeness gate, and its failure is an outcome like any other.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from novelfetch.core import messages as said
from novelfetch.core.budgets import (
    SEARCH_CONNECTIONS_PER_HOST,
    SEARCH_SOURCES_AT_ONCE,
    SEARCH_SOURCES_PER_HOST,
)
from novelfetch.core.concurrency import as_they_finish
from novelfetch.core.errors import NovelFetchError
from novelfetch.core.messages import Message
from novelfetch.core.models import SearchResult
from novelfetch.core.net.gates import Gates
from novelfetch.core.net.http import HttpSettings, open_session
from novelfetch.core.net.retry import Gate, RetryPolicy, call_with_retry
from novelfetch.core.sources.base import SourceSettings, SupportsSearch
from novelfetch.core.sources.memory import BookMemory
from novelfetch.core.sources.registry import SourceEntry

log = logging.getLogger(__name__)

DEFAULT_SEARCH_TIMEOUT = 20.0
# A search is one or two requests per source: retry once, quickly, then report.
SEARCH_RETRY = RetryPolicy(retries=1, backoff_base=0.5, backoff_max=2.0, retry_after_max=5.0)


@dataclass(frozen=True, slots=True)
class SearchOutcome:
    """One source's answer: its results, or what went wrong (``error`` non-empty)."""

    source: SourceEntry
    results: list[SearchResult] = field(default_factory=list)
    error: str = ""
    seconds: float = 0.0
    #: ``error`` as data, for an interface that translates it (``core.messages``).
    error_message: Message | None = None

    @property
    def ok(self) -> bool:
        return not self.error


GateFor = Callable[[SourceEntry], Gate]
# Requests in flight to one source for a search at most (one or two are all a search makes).
SEARCH_CEILING = 4


async def search_sources(
    entries: Sequence[SourceEntry],
    words: str,
    *,
    settings_for: Callable[[SourceEntry], SourceSettings] | None = None,
    http: HttpSettings | None = None,
    timeout: float = DEFAULT_SEARCH_TIMEOUT,
    memory: BookMemory | None = None,
    gate_for: GateFor | None = None,
) -> AsyncIterator[SearchOutcome]:
    """Yield one ``SearchOutcome`` per source, in the order they finish.

    Each source has a session of its own, opened with its network policy (a pooled connection
    one source was allowed to make must never serve another). ``gate_for`` gives the
    politeness gate of a source, shared with any download on it (the window passes its
    ``Gates``); without it each source gets its own for this search. Closing the iterator
    early cancels the searches still running.
    """
    if gate_for is None:
        gates = Gates()

        def gate_for(entry: SourceEntry) -> Gate:
            return gates.for_source(entry.id, SEARCH_CEILING, entry.hard_limits())

    words = words.strip()
    http = http or HttpSettings()
    settings_for = settings_for or (lambda entry: SourceSettings(http=http))
    # However many sources there are, only so many are asked at once, and only so many on
    # one host (sources on one host share it): 3,000 at once ran out of file descriptors.
    slots = _Slots()
    searches = (
        slots.run(
            entry,
            lambda entry=entry: _search_one(
                entry, words, http, settings_for(entry), timeout, memory, gate_for
            ),
        )
        for entry in entries
    )
    # aclosing: leaving early cancels the searches still running (each closes its session).
    async with contextlib.aclosing(as_they_finish(searches)) as outcomes:
        async for outcome in outcomes:
            yield outcome


# Each source has its own session (its network policy): SEARCH_SOURCES_PER_HOST of them at
# once on one host stay within SEARCH_CONNECTIONS_PER_HOST (a search makes one or two requests).
_CONNECTIONS_PER_SOURCE = max(1, SEARCH_CONNECTIONS_PER_HOST // SEARCH_SOURCES_PER_HOST)


class _Slots:
    """Turns for searches: ``SEARCH_SOURCES_AT_ONCE`` in all, ``SEARCH_SOURCES_PER_HOST`` per
    host. A source's time limit starts with its turn, not while it waits for one."""

    def __init__(self) -> None:
        self._all = asyncio.Semaphore(SEARCH_SOURCES_AT_ONCE)
        self._hosts: dict[str, asyncio.Semaphore] = {}

    async def run(
        self, entry: SourceEntry, search: Callable[[], Awaitable[SearchOutcome]]
    ) -> SearchOutcome:
        host = urlsplit(entry.url).hostname or entry.id
        per_host = self._hosts.setdefault(host, asyncio.Semaphore(SEARCH_SOURCES_PER_HOST))
        async with per_host, self._all:
            return await search()


async def _search_one(
    entry: SourceEntry,
    words: str,
    http: HttpSettings,
    settings: SourceSettings,
    timeout: float,
    memory: BookMemory | None,
    gate_for: GateFor,
) -> SearchOutcome:
    started = time.monotonic()

    def outcome(
        results: list[SearchResult] | None = None, error: Message | None = None
    ) -> SearchOutcome:
        seconds = time.monotonic() - started
        return SearchOutcome(entry, results or [], str(error or ""), seconds, error)

    gate = gate_for(entry)
    policy = entry.network_policy(settings.cookie)
    try:
        async with (
            asyncio.timeout(timeout),
            open_session(http, _CONNECTIONS_PER_SOURCE, policy=policy) as session,
            entry.open(session, settings, memory) as adapter,
        ):
            if not isinstance(adapter, SupportsSearch):
                return outcome(error=said.SEARCH_CANNOT())
            results = await call_with_retry(lambda: adapter.search(words), SEARCH_RETRY, gate)
    except TimeoutError:
        return outcome(error=said.CHECK_NO_ANSWER(seconds=timeout))
    except NovelFetchError as error:
        return outcome(error=said.message_of(error))
    except Exception as error:  # a bug in one source's rules must not sink the search
        log.exception("search on %s failed unexpectedly", entry.id)
        return outcome(error=said.plain(f"unexpected error: {error!r}"))
    return outcome(results)
