"""Whether a source answers at all: a run of requests with no answer of any kind for
``UNREACHABLE_AFTER`` seconds ends with ``SourceUnreachableError`` instead of retries."""

from __future__ import annotations

import asyncio
import contextlib
import math
from collections.abc import Callable

from novelfetch.core.errors import NetworkError, SourceUnreachableError
from novelfetch.core.messages import NO_ANSWER_FOR, NO_ANSWER_SINCE, message_of

UNREACHABLE_AFTER = 10.0


class Reachability:
    """One source's run of unanswered requests, and a wait for its next answer."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        # When the current run of "no answer at all" began.
        self._failing_since: float | None = None
        self._last_failure = -math.inf
        self._answer = asyncio.Event()  # set by any answer; waited on by wait_for_answer

    @property
    def failing(self) -> bool:
        """Whether the latest requests got no answer at all (refused, reset, timed out)."""
        return self._failing_since is not None

    async def wait_for_answer(self) -> None:
        """Return once the source answers anyone again, or raise ``SourceUnreachableError``
        when it has not answered for ``UNREACHABLE_AFTER`` seconds.

        For a request that used up its retries while the source is failing: it waits for the
        verdict instead of failing its chapter, so a dead source costs one message, not one
        failed chapter per worker.
        """
        while self._failing_since is not None:
            remaining = self._failing_since + UNREACHABLE_AFTER - self._clock()
            if remaining <= 0:
                raise SourceUnreachableError(NO_ANSWER_FOR(seconds=UNREACHABLE_AFTER))
            self._answer.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._answer.wait(), remaining)

    def reached(self) -> None:
        """An answer of any kind came: the source is there."""
        self._failing_since = None
        self._answer.set()

    def note_unreachable(self, error: NetworkError) -> None:
        """No answer at all; raise ``SourceUnreachableError`` once that has lasted too long."""
        now = self._clock()
        if self._failing_since is None or now - self._last_failure > UNREACHABLE_AFTER:
            self._failing_since = now
        self._last_failure = now
        if now - self._failing_since >= UNREACHABLE_AFTER:
            seconds, why = now - self._failing_since, message_of(error)
            raise SourceUnreachableError(NO_ANSWER_SINCE(seconds=seconds, error=why))
