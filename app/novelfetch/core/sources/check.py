"""Try a source the way a download uses it: search, then the first result's details, catalog
and first chapter, saying which step failed. ``sources test`` and the Sources page share it."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from novelfetch.core import messages as said
from novelfetch.core.errors import BadInputError, NovelFetchError
from novelfetch.core.messages import Message
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

    name: Message  # ``str()`` of it is English; the window translates it
    ok: bool
    detail: Message
    seconds: float = 0.0


class _Stop(Exception):
    pass


def check_words(entry: SourceEntry, words: str = "") -> str:
    """The words a check searches for: the user's, else the source's own check word."""
    own = entry.rule.search.check_key_word if entry.rule and entry.rule.search else ""
    chosen = words.strip() or own or BUILTIN_CHECK_WORDS.get(entry.id, "")
    if not chosen:
        raise BadInputError(said.CHECK_NO_WORDS(source=entry.id))
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

    async def step(
        name: Message, call: Callable[[], Awaitable[T]], say: Callable[[T], Message]
    ) -> T:
        started = time.monotonic()
        try:
            async with asyncio.timeout(timeout):
                value = await call_with_retry(call, _POLICY, gate)
        except TimeoutError:
            on_step(CheckStep(name, False, said.CHECK_NO_ANSWER(seconds=timeout), timeout))
            raise _Stop from None
        except NovelFetchError as error:
            on_step(CheckStep(name, False, said.message_of(error), time.monotonic() - started))
            raise _Stop from None
        on_step(CheckStep(name, True, say(value), time.monotonic() - started))
        return value

    def fail(name: Message, detail: Message) -> bool:
        on_step(CheckStep(name, False, detail))
        return False

    async with open_session(settings.http, 4, policy=entry.network_policy()) as session:
        async with entry.open(session, settings, MemoryDict()) as adapter:
            assert isinstance(adapter, SupportsSearch)
            try:
                results = await step(
                    said.CHECK_SEARCH(words=words),
                    lambda: adapter.search(words),
                    lambda found: said.CHECK_FOUND(count=len(found)),
                )
                if not results:
                    return fail(said.CHECK_SEARCH_STEP(), said.CHECK_NOTHING_FOUND())
                book_id = entry.parse_ref(results[0].book)
                await step(
                    said.CHECK_DETAILS(),
                    lambda: adapter.details(book_id),
                    lambda book: said.CHECK_BOOK(title=book.title, author=book.author or "?"),
                )
                chapters = await step(
                    said.CHECK_CATALOG(),
                    lambda: adapter.catalog(book_id),
                    lambda found: said.CHECK_CHAPTERS(count=len(found)),
                )
                if not chapters:
                    return fail(said.CHECK_CATALOG(), said.CHECK_EMPTY_CATALOG())
                await step(
                    said.CHECK_CHAPTER(title=chapters[0].title),
                    lambda: adapter.chapter(book_id, chapters[0]),
                    lambda text: said.CHECK_CHARACTERS(count=len(clean_text(text))),
                )
            except _Stop:
                return False
            finally:
                # Optional rules that failed alone (a rule source leaves the field empty).
                for line in getattr(getattr(adapter, "notes", None), "lines", ()):
                    on_step(CheckStep(said.CHECK_NOTE(), True, said.plain(line)))
    return True
