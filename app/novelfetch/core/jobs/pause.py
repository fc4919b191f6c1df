"""Pausing a job: workers wait at the gate before each chapter; requests in flight finish."""

from __future__ import annotations

import asyncio
import time


class PauseGate:
    """Workers wait here before each chapter; requests already in flight finish."""

    def __init__(self) -> None:
        self._running = asyncio.Event()
        self._running.set()
        self._paused_before = 0.0
        self._paused_at: float | None = None

    @property
    def paused(self) -> bool:
        return not self._running.is_set()

    @property
    def paused_for(self) -> float:
        """Seconds spent paused so far, the current pause included."""
        current = time.monotonic() - self._paused_at if self._paused_at is not None else 0.0
        return self._paused_before + current

    def pause(self) -> None:
        if not self.paused:
            self._paused_at = time.monotonic()
            self._running.clear()

    def resume(self) -> None:
        if self._paused_at is not None:
            self._paused_before += time.monotonic() - self._paused_at
            self._paused_at = None
        self._running.set()

    async def wait(self) -> None:
        await self._running.wait()
