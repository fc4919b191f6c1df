"""The gates of one application: one ``SourceGate`` per source, shared by every job and search."""

from __future__ import annotations

from novelfetch.core.net.gate_status import HardLimits
from novelfetch.core.net.politeness import SourceGate


class Gates:
    """The gates of one application: one per source, shared by every job and search on it.

    Not module-global, so tests and separate windows do not share what they learn.
    ``ease_for_backlog``: the window's gates also ease off while its own loop is behind.
    """

    def __init__(self, *, ease_for_backlog: bool = False) -> None:
        self._gates: dict[str, SourceGate] = {}
        self.ease_for_backlog = ease_for_backlog

    def for_source(
        self,
        source_id: str,
        ceiling: int,
        hard_limits: HardLimits | None = None,
        fixed: bool | None = None,
    ) -> SourceGate:
        """The source's gate; ``fixed=None`` (a search) leaves a download's choice alone."""
        gate = self._gates.get(source_id)
        if gate is None:
            gate = self._gates[source_id] = SourceGate(
                ceiling, hard_limits, fixed=bool(fixed), ease_for_backlog=self.ease_for_backlog
            )
            return gate
        gate.ceiling = max(gate.ceiling, ceiling)
        if hard_limits is not None:
            gate.hard_limits = hard_limits
        if fixed is not None:
            gate.fixed = fixed
        gate.wake()
        return gate

    def get(self, source_id: str) -> SourceGate | None:
        return self._gates.get(source_id)
