"""Try a source the way a download uses it: search, then the first result's details, catalog
and first chapter, saying which step failed. ``sources test`` and the Sources page share it."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from novelfetch.core.errors import BadInputError, NovelFetchError
from novelfetch.core.net.http import HttpSettings, open_session
from novelfetch.core.net.retry import RequestGate, RetryPolicy, call_with_retry
from novelfetch.core.sources.base import SourceSettings, SupportsSearch
from novelfetch.core.sources.memory import MemoryDict
from novelfetch.core.sources.registry import SourceEntry
from novelfetch.core.text.cleaning import clean_text

T = TypeVar("T")
# What to search for on a built-in source that names no check word of its own.
BUILTIN_CHECK_WORDS = {"baidu": "斗罗大陆", "sample": "青云"}
_POLICY = RetryPolicy(retries=1, backoff_max=2.0, retry_after_max=5.0)


@dataclass(frozen=True, slots=True)
class CheckStep:
    """One step's outcome: ``ok``, what it found or why it failed, and how long it took."""

    name: str
    ok: bool
    detail: str
    seconds: float = 0.0


class _Stop(Exception):
    pass


def check_words(entry: SourceEntry, words: str = "") -> str:
    """The words a check searches for: the user's, else the source's own check word."""
    own = entry.rule.search.check_key_word if entry.rule and entry.rule.search else ""
    chosen = words.strip() or own or BUILTIN_CHECK_WORDS.get(entry.id, "")
    if not chosen:
        raise BadInputError(f"source {entry.id} names no check word: give words to search for")
    return chosen


async def check_source(
    entry: SourceEntry,
    words: str,
    on_step: Callable[[CheckStep], None],
    *,
    settings: SourceSettings | None = None,
    timeout: float = 30.0,
) -> bool:
    """Walk ``entry`` through every step of a download; True when all of them worked."""
    if not entry.usable:
        raise BadInputError(f"source {entry.id} cannot be used: {'; '.join(entry.problems)}")
    if not entry.searchable:
        raise BadInputError(f"source {entry.id} cannot search, so it cannot be tried this way")
    words = check_words(entry, words)
    settings = settings or SourceSettings(http=HttpSettings(read_timeout=timeout))
    gate = RequestGate(2)

    async def step(name: str, call: Callable[[], Awaitable[T]], say: Callable[[T], str]) -> T:
        started = time.monotonic()
        try:
            async with asyncio.timeout(timeout):
                value = await call_with_retry(call, _POLICY, gate)
        except TimeoutError:
            on_step(CheckStep(name, False, f"no answer within {timeout:g} s", timeout))
            raise _Stop from None
        except NovelFetchError as error:
            on_step(CheckStep(name, False, str(error), time.monotonic() - started))
            raise _Stop from None
        on_step(CheckStep(name, True, say(value), time.monotonic() - started))
        return value

    def fail(name: str, detail: str) -> bool:
        on_step(CheckStep(name, False, detail))
        return False

    async with open_session(settings.http, 4, policy=entry.network_policy()) as session:
        async with entry.open(session, settings, MemoryDict()) as adapter:
            assert isinstance(adapter, SupportsSearch)
            try:
                results = await step(
                    f"search {words!r}", lambda: adapter.search(words), lambda r: f"{len(r)} found"
                )
                if not results:
                    return fail("search", "no results, so nothing further to try")
                book_id = entry.parse_ref(results[0].book)
                await step(
                    "details",
                    lambda: adapter.details(book_id),
                    lambda book: f"{book.title} — {book.author or '?'}",
                )
                chapters = await step(
                    "catalog", lambda: adapter.catalog(book_id), lambda c: f"{len(c)} chapters"
                )
                if not chapters:
                    return fail("catalog", "the catalog is empty")
                await step(
                    f"chapter 1 ({chapters[0].title})",
                    lambda: adapter.chapter(book_id, chapters[0]),
                    lambda text: f"{len(clean_text(text))} characters",
                )
            except _Stop:
                return False
            finally:
                # Optional rules that failed alone (a rule source leaves the field empty).
                for line in getattr(getattr(adapter, "notes", None), "lines", ()):
                    on_step(CheckStep("note", True, line))
    return True
