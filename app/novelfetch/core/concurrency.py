"""Running several awaitables at once and handing back each result as soon as it is ready."""

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
