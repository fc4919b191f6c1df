"""How fast to ask a source: one adaptive gate per source, shared by every job on it.

The user's ``-j N`` is a ceiling. The gate's own limit starts low (or where the source last
settled) and moves like TCP's congestion window: it doubles per round trip until the first
pushback (slow start), then grows by one per round trip while answers are healthy and latency
stays near its usual level (additive increase), and shrinks by a factor on a 429 or 503, a
dropped connection or timeout, or a clear rise in latency (multiplicative decrease). A 429
also teaches where the source's capacity lies: the number of requests in flight when it came,
less one, becomes a level the gate climbs back to (one step per round trip) and stays at,
probing one step above it only after ``PROBE_AFTER`` seconds (doubling the wait each time the
source pushes back again). A refusal without ``Retry-After`` (a 503, often a rate cap) cuts
the limit to what the recent answers per second amount to (``served_rate.py``), or halves
it, and keeps it there until a probe. ``Retry-After`` pauses the whole source (a
refusal without one pauses it for ``REFUSAL_PAUSE``). ``HardLimits`` (a rule source's
``concurrentRate``, so-novel's ``crawl`` intervals) apply on top, whatever the adaptive limit
says.

A run of requests that cannot reach the source at all, with no answer of any kind for
``UNREACHABLE_AFTER`` seconds, ends with ``SourceUnreachableError`` instead of retries.
"""

from __future__ import annotations

import logging
import math
import statistics
import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import TypeVar

from novelfetch.core import messages as said
from novelfetch.core.errors import FetchError, NetworkError
from novelfetch.core.messages import Message
from novelfetch.core.net.admission import Admission
from novelfetch.core.net.gate_status import GateStatus, HardLimits
from novelfetch.core.net.loop_backlog import LoopBacklog
from novelfetch.core.net.reachability import Reachability
from novelfetch.core.net.served_rate import ServedRate
from novelfetch.core.net.slot import Slot, holding

T = TypeVar("T")
log = logging.getLogger(__name__)

INITIAL_LIMIT = 2
DECREASE_FACTOR = 0.7  # CUBIC's: gentler than Reno's halving, since the level is also learned
LATENCY_DECREASE_FACTOR = 0.9
RATE_DECREASE_FACTOR = 0.5
SLOW_START_DECREASE_FACTOR = 0.5  # the first pushback after doubling: up to twice too many
PROBE_AFTER = 10.0  # seconds at a learned level before trying one more request in flight
PROBE_AFTER_MAX = 600.0
REFUSAL_PAUSE = 1.0  # seconds the source is paused after a refusal without Retry-After
# Latency counts as "near its baseline" below baseline × 1.5 + 5 ms, as "risen" above
# baseline × 2 + 20 ms; the absolute margins keep a fast local source's jitter from counting.
HEALTHY_RATIO, HEALTHY_MARGIN = 1.5, 0.005
RISEN_RATIO, RISEN_MARGIN = 2.0, 0.020
LATENCY_WARM_UP = 20  # answers before latency is judged at all
# Answers waiting in this process's own loop (core.net.loop_backlog) longer than this on average
# mean the client, not the source, is the bottleneck (the wait is taken out of the latency the
# gate judges the source by). A gate that eases off for its loop (the window's, which must stay
# free to paint) then lowers the limit by EASE_OFF_FACTOR (at most once per round of answers)
# and grows again only once the wait is under half of it. A callback's wait is a fraction of
# what a timer or a repaint sees: at 2 ms the window's 99th-percentile stall stays near 10 ms,
# at 4 ms near 14 ms, with the same chapters per second (benchmarks.window).
BACKLOG_LIMIT = 0.002
EASE_OFF_FACTOR = 0.9
REFUSAL_STATUSES = frozenset({429, 503})
SERVED_SHARE = 0.9  # refused without Retry-After, served at most this share: a rate cap


class SourceGate:
    """Admits requests to one source: ``await gate.run(request)``.

    Works with ``retry.call_with_retry`` (it has ``run`` and ``hold_off``); every outcome of
    ``request`` (an answer and its latency, or a ``FetchError``) adjusts the limit.
    """

    def __init__(
        self,
        ceiling: int,
        hard_limits: HardLimits | None = None,
        *,
        fixed: bool = False,
        start: int | None = None,
        clock: Callable[[], float] = time.monotonic,
        ease_for_backlog: bool = False,
    ) -> None:
        self.ceiling = max(1, ceiling)
        self.hard_limits = hard_limits or HardLimits()
        self.fixed = fixed
        # Only the window eases off for its own loop's backlog (to stay free to paint); the
        # command line has nothing to keep smooth, and would only be slower on a busy machine.
        self.ease_for_backlog = ease_for_backlog
        self._clock = clock
        self._window = float(start or INITIAL_LIMIT)
        # Below the threshold the window grows by one per answer (doubling per round trip).
        self._threshold = float(start) if start else math.inf
        self._learned: int | None = None  # the level pushback taught; kept until a probe
        self._probe_after = PROBE_AFTER
        self._probe_at = math.inf
        self._probing = False  # the last step up was a probe, not yet pushed back
        self._last_decrease = -math.inf
        self._set_reason(said.GATE_FIXED(limit=self.ceiling) if fixed else said.GATE_STARTING())
        self.changed = False  # whether anything was learned (worth remembering)
        # Admission.
        self._admission = Admission(lambda: self.limit, lambda: self.hard_limits, clock)
        # Statistics.
        self.requests = 0
        self.refusals = 0
        self._latencies: deque[float] = deque(maxlen=201)
        self._served = ServedRate(clock)
        self._short = self._long = 0.0
        self._answers = 0
        self.backlog = LoopBacklog()
        self._eased_at_answer = 0
        self._reach = Reachability(clock)

    # --- what the gate allows -------------------------------------------------------------

    @property
    def limit(self) -> int:
        cap = self.ceiling
        if self.hard_limits.max_concurrency:
            cap = min(cap, self.hard_limits.max_concurrency)
        if self.fixed:
            return cap
        return max(1, min(cap, int(self._window)))

    def _set_reason(self, reason: Message) -> None:
        """Why the limit last changed: ``reason`` in English, ``reason_message`` as data."""
        self.reason, self.reason_message = str(reason), reason

    def start_from(self, limit: int) -> None:
        """Start where the source settled last time (remembered by the store)."""
        if not self.fixed and self.requests == 0:
            self._window = self._threshold = float(max(1, min(limit, self.ceiling)))
            self._set_reason(said.GATE_SETTLED(limit=self.limit))

    def hold_off(self, seconds: float) -> None:
        until = self._clock() + seconds
        if until > self._admission.not_before:
            self._admission.not_before = until
            if seconds >= 1 and not self.fixed:
                self._set_reason(said.GATE_PAUSED(seconds=seconds))

    def status(self) -> GateStatus:
        latencies = self._latencies
        return GateStatus(
            self.limit,
            self.ceiling,
            self._admission.in_flight,
            self.reason,
            max(0.0, self._admission.not_before - self._clock()),
            self.requests,
            self.refusals,
            statistics.median(latencies) if latencies else None,
            self.reason_message,
        )

    def wake(self) -> None:
        """Let waiting requests in, if the ceiling or the hard limits just changed."""
        self._admission.wake()

    # --- one request ----------------------------------------------------------------------

    async def run(self, request: Callable[[], Awaitable[T]]) -> T:
        admission = self._admission
        await admission.admit()
        level = admission.in_flight
        started = self._clock()

        async def take_again(ahead: bool) -> None:  # slot.py: a later request, or a pause's end
            nonlocal level, started
            await admission.admit(ahead=ahead)
            if not slot.answered:
                level, started = admission.in_flight, self._clock()

        def judge_answer() -> None:
            self.backlog.sample()
            self._answered(self._clock() - started)

        slot = Slot(admission.release, take_again, judge_answer)
        try:
            with holding(slot):
                result = await request()
        except FetchError as error:
            slot.give_back()
            if not slot.answered:  # a failure after the answer (its parse) is not the source's
                self._failed(error, started, level)
            raise
        except BaseException:
            slot.give_back()
            raise
        slot.answer_in()
        return result

    # --- learning from the outcome --------------------------------------------------------

    def _answered(self, latency: float) -> None:
        self.requests += 1
        self._reach.reached()
        self._latencies.append(latency)
        self._served.note()
        self._answers += 1
        if self._answers == 1:
            self._short = self._long = latency
        else:
            self._short += 0.1 * (latency - self._short)
            self._long += 0.01 * (latency - self._long)
        if self.fixed:
            return
        backlog = self.backlog.wait
        if self.ease_for_backlog and backlog > BACKLOG_LIMIT:
            self._ease_off()
            return
        warmed = self._answers > LATENCY_WARM_UP
        # The time answers wait in this process's own loop is in the latency measured, but it
        # is ours, not the source's: on a busy machine it must not read as a slower source.
        short = self._short - backlog
        if warmed and short > self._long * RISEN_RATIO + RISEN_MARGIN:
            self._decrease(
                self._clock() - latency,
                None,
                LATENCY_DECREASE_FACTOR,
                said.GATE_SLOWER(now=self._short * 1000, usual=self._long * 1000),
            )
            return
        if warmed and short > self._long * HEALTHY_RATIO + HEALTHY_MARGIN:
            return  # hold: latency is creeping up
        if self.ease_for_backlog and backlog > BACKLOG_LIMIT / 2:
            return  # hold: this process is nearly as busy as it should get
        self._increase()

    def _ease_off(self) -> None:
        """Fewer in flight because this process, not the source, is behind: the answers per
        second stay the same, and the queue in the loop shrinks. Nothing is learned about the
        source, and growth resumes (one step per round trip) once the backlog clears."""
        if self._answers - self._eased_at_answer < self.limit:
            return  # one step per round of answers: the last step has not shown yet
        self._eased_at_answer = self._answers
        window = max(float(INITIAL_LIMIT), self._window * EASE_OFF_FACTOR)
        if int(window) >= self.limit:
            return
        said.log_message(
            log,
            logging.INFO,
            said.GATE_LIMIT(before=self.limit, after=int(window), reason=said.GATE_EASING()),
        )
        self._window = self._threshold = window
        self._set_reason(said.GATE_EASING())

    def _increase(self) -> None:
        before = self.limit
        if self._window < self._threshold:
            self._window = min(self._window + 1, self._threshold)
        elif self._learned is not None and self._window >= self._learned:
            if self._clock() < self._probe_at:
                return
            # Probe one step beyond what pushback taught, and stay there for a while too.
            self._learned += 1
            self._probing = True
            self._probe_at = self._clock() + self._probe_after
            self._window = self._threshold = float(self._learned)
        else:
            self._window += 1 / self._window
        self._window = min(self._window, float(self.ceiling))
        if self.limit > before:
            self._set_reason(said.GATE_SPEEDING())
            self._admission.wake()

    def _failed(self, error: FetchError, started: float, level: int) -> None:
        self.requests += 1
        status = error.status
        if status in REFUSAL_STATUSES:
            self.refusals += 1
            self._reach.reached()
            if error.retry_after is None:
                # Refused without saying for how long: everyone pauses a moment anyway, or
                # the requests already queued would hit the same wall (a rate window) at once.
                self.hold_off(REFUSAL_PAUSE)
                # Nor is the level in flight what it objects to (often a rate over a window):
                # go to the level its recent answers amount to (or halve), and stay there
                # until the next probe.
                served = self._served.in_flight(self._latencies)
                reason = said.GATE_REFUSED(status=status)
                self._decrease(
                    started, None, RATE_DECREASE_FACTOR, reason, learn=True, served=served
                )
            else:
                self._decrease(started, level, DECREASE_FACTOR, said.GATE_REFUSED(status=status))
        elif isinstance(error, NetworkError):
            # A drop says "too much" without saying at what level: only the factor applies.
            self._decrease(
                started, None, DECREASE_FACTOR, said.GATE_DROPPED(error=said.message_of(error))
            )
            self._reach.note_unreachable(error)
        else:
            self._reach.reached()  # an answer, if not a useful one: the source is there

    def _decrease(
        self,
        started: float,
        level: int | None,
        factor: float,
        reason: Message,
        *,
        learn: bool = False,
        served: float | None = None,
    ) -> None:
        """One cut per congestion event: requests sent before the last cut are its echoes. An
        echo still teaches: refused at a lower level than the first, it lowers the level
        learned (refusals of one burst arrive in any order). ``served``: the requests in flight
        the source's recent answers amount to; clearly below the limit (the signature of a
        rate cap), the cut goes to it."""
        if self.fixed:
            return
        if started < self._last_decrease:
            if level is not None and self._learned is not None and level - 1 < self._learned:
                self._learned = max(1, level - 1)
                self._window = min(self._window, float(self._learned))
            return
        now = self._clock()
        self._last_decrease = now
        self.changed = True
        if self._threshold == math.inf:
            factor = min(factor, SLOW_START_DECREASE_FACTOR)
        window = max(1.0, self._window * factor)
        if level is not None:
            # What pushed back was ``level`` in flight: never go there again before a probe,
            # and approach one less from below, one step per round trip. In a burst the level
            # is overestimated (answers on their way still count), so a step may be refused
            # again; from below that costs one step, not a cascade from above.
            if self._probing:  # the probe was refused: wait longer before the next
                self._probe_after = min(self._probe_after * 2, PROBE_AFTER_MAX)
            self._learned = max(1, level - 1)
            self._probe_at = now + self._probe_after
            window = min(window, float(self._learned))
            self._threshold = window
        elif learn and self._probing and self._learned is not None:
            # The probe was refused: back to the level below it, and wait longer next time.
            self._probe_after = min(self._probe_after * 2, PROBE_AFTER_MAX)
            self._learned = max(1, self._learned - 1)
            window = float(self._learned)
            self._probe_at = now + self._probe_after
            self._threshold = window
        elif learn:
            if served is not None and served <= self._window * SERVED_SHARE:
                window = max(1.0, served)
            self._learned = max(1, int(window))
            self._probe_at = now + self._probe_after
            self._threshold = window
        else:
            self._threshold = window
        self._probing = False
        after = max(1, int(window))
        said.log_message(
            log, logging.INFO, said.GATE_LIMIT(before=self.limit, after=after, reason=reason)
        )
        self._window = window
        self._set_reason(reason)

    @property
    def failing(self) -> bool:
        """Whether the latest requests got no answer at all (refused, reset, timed out)."""
        return self._reach.failing

    async def wait_for_answer(self) -> None:
        """See ``Reachability.wait_for_answer``."""
        await self._reach.wait_for_answer()
