"""``novelfetch sources test ID [WORDS]``: walk one source through every step a download takes."""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

from .core.errors import BadInputError, NovelFetchError
from .core.http import HttpSettings, open_session
from .core.retry import RequestGate, RetryPolicy, call_with_retry
from .core.sources import SourceRegistry, SourceSettings, SupportsSearch
from .core.sources.memory import MemoryDict
from .core.text import clean_text

T = TypeVar("T")
EXIT_OK, EXIT_FAILED = 0, 1
# What to search for on a built-in source that names no check word of its own.
_BUILTIN_CHECK_WORDS = {"baidu": "斗罗大陆", "sample": "测试"}


class _StepFailed(Exception):
    pass


async def test_source(registry: SourceRegistry, source_id: str, words: str, timeout: float) -> int:
    entry = registry.get(source_id)
    if not entry.usable:
        raise BadInputError(f"source {entry.id} cannot be used: {'; '.join(entry.problems)}")
    if not entry.searchable:
        raise BadInputError(f"source {entry.id} cannot search, so it cannot be tested this way")
    check_word = entry.rule.search.check_key_word if entry.rule and entry.rule.search else ""
    words = words or check_word or _BUILTIN_CHECK_WORDS.get(entry.id, "")
    if not words:
        raise BadInputError(f"source {entry.id} names no check word: give WORDS to search for")
    http = HttpSettings(read_timeout=timeout)
    gate = RequestGate(2)
    policy = RetryPolicy(retries=1, backoff_max=2.0, retry_after_max=5.0)

    async def step(name: str, call: Callable[[], Awaitable[T]], say: Callable[[T], str]) -> T:
        started = time.monotonic()
        try:
            async with asyncio.timeout(timeout):
                value = await call_with_retry(call, policy, gate)
        except TimeoutError:
            _line("FAIL", name, f"no answer within {timeout:g} s")
            raise _StepFailed from None
        except NovelFetchError as error:
            _line("FAIL", name, str(error))
            raise _StepFailed from None
        _line("ok", name, f"{say(value)} ({time.monotonic() - started:.1f} s)")
        return value

    async with open_session(http, 4) as session:
        async with entry.open(session, SourceSettings(http=http), MemoryDict()) as adapter:
            assert isinstance(adapter, SupportsSearch)
            try:
                results = await step(
                    f"search {words!r}",
                    lambda: adapter.search(words),
                    lambda found: f"{len(found)} result(s)",
                )
                if not results:
                    _line("FAIL", "search", "no results, so nothing further to try")
                    return EXIT_FAILED
                first = results[0]
                book_id = entry.parse_ref(first.book)
                book = await step(
                    "details",
                    lambda: adapter.details(book_id),
                    lambda b: f"{b.title} — {b.author or '?'}",
                )
                chapters = await step(
                    "catalog",
                    lambda: adapter.catalog(book_id),
                    lambda found: f"{len(found)} chapter(s)",
                )
                if not chapters:
                    _line("FAIL", "catalog", "the catalog is empty")
                    return EXIT_FAILED
                await step(
                    f"chapter 1 ({chapters[0].title})",
                    lambda: adapter.chapter(book_id, chapters[0]),
                    lambda text: f"{len(clean_text(text))} characters",
                )
            except _StepFailed:
                return EXIT_FAILED
    print(f"{entry.id} works: {book.title} can be downloaded.")
    return EXIT_OK


def _line(state: str, step: str, detail: str) -> None:
    print(f"{state:<4}  {step}: {detail}", file=sys.stdout)
