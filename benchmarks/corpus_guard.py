"""Dry runs in a child process, so that a script the engine cannot stop does not stop the
benchmark: QuickJS's regular expressions do not heed its time limit, and one of them can
loop for ever (a lazy repeat of a group that matches empty, ``(.*\\s*)*?``). A source whose
dry run takes longer than ``SECONDS`` is reported as hanging; the child is replaced and the
next source goes on.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: One source's whole dry run takes milliseconds; a script that hangs never ends.
SECONDS = 30.0


def guarded(
    items: Sequence[T], work: Callable[[T], R], seconds: float = SECONDS
) -> Iterator[R | None]:
    """``work(item)`` for each item in order, run in a forked child; None for an item whose
    work ran past ``seconds``."""
    context = multiprocessing.get_context("fork")
    start = 0
    while start < len(items):
        receive, send = context.Pipe(duplex=False)
        child = context.Process(target=_serve, args=(items, work, start, send), daemon=True)
        child.start()
        send.close()
        index = start
        try:
            while index < len(items):
                if not receive.poll(seconds):
                    yield None  # hung: the next child starts after it
                    index += 1
                    break
                yield receive.recv()
                index += 1
        finally:
            child.kill()
            child.join()
            receive.close()
        start = index


def _serve(items: Sequence[T], work: Callable[[T], R], start: int, send: object) -> None:
    for item in items[start:]:
        send.send(work(item))  # type: ignore[attr-defined]
