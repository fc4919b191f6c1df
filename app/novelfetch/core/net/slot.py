"""A request's place at its source's gate, given back while its answer is worked on.

The gate bounds requests *in flight*: a page whose bytes have arrived and now wait for a
worker process to parse them is no longer asking anything of the source. Holding its place
meanwhile made every round of ``-j N`` requests wait for the slowest parse of the round
(benchmark case 8: 2,000 pages of 30 KB, two workers parsing up to 32 pages that arrive at
once), and the gate read that wait as the source's latency. So the code that works on an
answer says ``off_the_network()`` first; a later request of the same call (the next page of
a catalog or of a chapter) takes a place again with ``await back_on_the_network()``; a paused
job steps aside (``stepped_aside``) so that other jobs on the source keep its place. Outside
a gate's ``run`` all do nothing. Tasks gathered by one call share its one place, as they
always did.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextvars import ContextVar


class Slot:
    """One request's place at a gate; the callbacks are the gate's."""

    def __init__(
        self,
        release: Callable[[], None],
        take_again: Callable[[bool], Awaitable[None]],
        judge_answer: Callable[[], None],
    ) -> None:
        self._release, self._take_again, self._judge_answer = release, take_again, judge_answer
        self.held = True
        self.answered = False
        self.ahead = False  # takes its place again before those waiting
        self._taking: asyncio.Lock | None = None

    def answer_in(self) -> None:
        """The answer arrived: the gate judges it (once), and the place is free."""
        if not self.answered:
            self.answered = True
            self._judge_answer()
        self.give_back()

    def give_back(self) -> None:
        if self.held:
            self.held = False
            self._release()

    async def take_again(self) -> None:
        if self.held:
            return
        if self._taking is None:
            self._taking = asyncio.Lock()
        async with self._taking:  # one place for the call, however many of its tasks ask
            if not self.held:
                await self._take_again(self.ahead)
                self.held = True


_current: ContextVar[Slot | None] = ContextVar("novelfetch_gate_slot", default=None)


@contextlib.contextmanager
def holding(slot: Slot) -> Iterator[Slot]:
    """Make ``slot`` the current request's place (the gate's ``run`` does this)."""
    token = _current.set(slot)
    try:
        yield slot
    finally:
        _current.reset(token)


def current() -> Slot | None:
    """The current request's place, to hand to code running elsewhere for this request (a
    script's request, made for a page read in a worker process)."""
    return _current.get()


@contextlib.asynccontextmanager
async def borrowed(slot: Slot | None) -> AsyncIterator[None]:
    """Hold ``slot``'s place again while the body asks the source something, then give it
    back: a page's script fetching while the page is read."""
    if slot is None:
        yield
        return
    await slot.take_again()
    try:
        yield
    finally:
        slot.give_back()


def off_the_network() -> None:
    """The current request's answers are in: its place may serve another request."""
    slot = _current.get()
    if slot is not None:
        slot.answer_in()


def go_ahead() -> None:
    """The current call's later requests go before others waiting at the gate."""
    slot = _current.get()
    if slot is not None:
        slot.ahead = True


async def back_on_the_network() -> None:
    """The current request asks the source again: wait for a place if it gave its own back."""
    slot = _current.get()
    if slot is not None:
        await slot.take_again()


@contextlib.asynccontextmanager
async def stepped_aside() -> AsyncIterator[None]:
    """Hold no place while the body waits (a pause); queue for one again after it."""
    slot = _current.get()
    if slot is not None:
        slot.give_back()
    yield  # an exception (a cancel) ends here, with no place taken again
    if slot is not None:
        await slot.take_again()
