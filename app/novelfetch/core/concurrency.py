"""Running several awaitables at once: each result as soon as it is ready, or all of them or
none (a failure stops the rest)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Iterable
from typing import TypeVar

T = TypeVar("T")


async def as_they_finish(awaitables: Iterable[Awaitable[T]]) -> AsyncIterator[T]:
    """Yield each result in the order they finish; closing the iterator early (or an error)
    cancels the ones still running and waits until they have wound down."""
    tasks = [asyncio.ensure_future(awaitable) for awaitable in awaitables]
    try:
        for finished in asyncio.as_completed(tasks):
            yield await finished
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


async def all_or_none(awaitables: Iterable[Awaitable[T]]) -> list[T]:
    """Every result, in order; when one fails, the others are cancelled and awaited before its
    error goes on (``gather`` alone would leave them running: a catalog's other pages would
    hold connections outside the source's gate after the catalog was given up)."""
    tasks = [asyncio.ensure_future(awaitable) for awaitable in awaitables]
    try:
        return await asyncio.gather(*tasks)
    except BaseException:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise
