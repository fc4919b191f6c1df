"""Who may ask a source now: the places in flight under a gate's limit, in turn.

The gate (``politeness.SourceGate``) decides what the limit is; this keeps the count of
requests in flight, the queue of those waiting for a place (first come, first served), and
the pauses every request sits out while holding its place: a ``Retry-After`` and the hard
limits' spacing.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import Callable

from novelfetch.core.net.gate_status import HardLimits
from novelfetch.core.net.spacing import Spacing


class Admission:
    def __init__(
        self,
        limit: Callable[[], int],
        hard_limits: Callable[[], HardLimits],
        clock: Callable[[], float],
    ) -> None:
        # The gate's limit and hard limits as they are now (both change while it runs).
        self._limit, self._hard_limits, self._clock = limit, hard_limits, clock
        self.in_flight = 0
        self.not_before = 0.0  # a pause for everyone (Retry-After) lasts until then
        self._waiters: deque[asyncio.Future[None]] = deque()
        self._spacing = Spacing(hard_limits())

    async def admit(self, *, ahead: bool = False) -> None:
        """A place in flight, once any pause and the hard limits' spacing allow it; ``ahead``
        goes before those already waiting."""
        await self._acquire(ahead)
        try:
            await self._wait_for_turn()
        except BaseException:
            self.release()
            raise

    def release(self) -> None:
        self.in_flight -= 1
        self.wake()

    def wake(self) -> None:
        """Let waiters in while the limit (which may just have grown) allows."""
        while self._waiters and self.in_flight < self._limit():
            turn = self._waiters.popleft()
            if not turn.done():
                self.in_flight += 1
                turn.set_result(None)

    async def _acquire(self, ahead: bool) -> None:
        if self.in_flight < self._limit() and not self._waiters:
            self.in_flight += 1
            return
        turn = asyncio.get_running_loop().create_future()
        if ahead:
            self._waiters.appendleft(turn)
        else:
            self._waiters.append(turn)
        try:
            await turn  # the releaser counted this request in flight before waking it
        except asyncio.CancelledError:
            if turn.done() and not turn.cancelled():
                self.release()
            else:  # wake() may have dropped it already
                with contextlib.suppress(ValueError):
                    self._waiters.remove(turn)
            raise

    async def _wait_for_turn(self) -> None:
        """Sleep out a ``Retry-After`` pause and the hard limits' spacing, holding the place."""
        while True:
            now = self._clock()
            if self.not_before > now:
                await asyncio.sleep(self.not_before - now)
                continue
            start = self._spacing.claim(self._hard_limits(), now)
            if start <= now:
                return
            await asyncio.sleep(start - now)
            if self.not_before <= self._clock():
                return
