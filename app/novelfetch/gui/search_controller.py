"""The async work behind the Search and Sources pages, re-emitted as Qt signals.

Like ``JobController`` it knows no widgets. A newer search cancels an older one still running,
and every signal carries the number of the search it belongs to, so a late answer of an old
search can never land among the new results.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from ..core.errors import NovelFetchError
from ..core.politeness import Gates
from ..core.sources import SourceEntry, SourceRegistry, SourceSettings
from ..core.sources.check import CheckStep, check_source
from ..core.sources.memory import BookMemory
from ..core.sources.search import SEARCH_CEILING, search_sources
from .tasks import ErrorReporter, TaskKeeper

log = logging.getLogger(__name__)

SettingsFor = Callable[[SourceEntry], SourceSettings]


class SearchController(QObject):
    search_started = Signal(int, object)  # search number, [SourceEntry]
    results_arrived = Signal(int, object, object)  # search number, SourceEntry, [SearchResult]
    source_failed = Signal(int, object, str)  # search number, SourceEntry, why
    search_finished = Signal(int)
    check_step = Signal(str, object)  # source id, CheckStep
    check_finished = Signal(str, bool)  # source id, every step worked
    message = Signal(str)  # a problem to show (already plain text)

    def __init__(
        self,
        registry: SourceRegistry,
        settings_for: SettingsFor,
        memory: Callable[[], BookMemory],
        on_error: ErrorReporter,
        parent: QObject | None = None,
        gates: Gates | None = None,
    ) -> None:
        super().__init__(parent)
        self.registry = registry
        #: The window's politeness gates: a search and a download on one source share one.
        self.gates = gates or Gates()
        self._settings_for = settings_for
        self._memory = memory
        self.tasks = TaskKeeper(on_error)
        self.search_number = 0
        self._search_task: asyncio.Task[None] | None = None
        self.searching = False

    # --- search ---------------------------------------------------------------------------

    def search(self, words: str, source_ids: list[str] | None = None) -> int:
        """Start a search (the newest wins); returns its number, 0 if nothing was started."""
        words = words.strip()
        try:
            if not words:
                raise NovelFetchError("Type a title or an author to search for.")
            entries = self.registry.searchable(source_ids or [])
            if not entries:
                raise NovelFetchError(
                    "No enabled source can search: import one on the Sources page."
                )
        except NovelFetchError as error:
            self.message.emit(str(error))
            return 0
        self.cancel_search()
        self.search_number += 1
        number = self.search_number
        self.searching = True
        self.search_started.emit(number, entries)
        self._search_task = self.tasks.spawn(
            self._search(number, words, entries), name=f"search {words}"
        )
        return number

    def cancel_search(self) -> None:
        if self._search_task is not None:
            self._search_task.cancel()
            self._search_task = None

    async def _search(self, number: int, words: str, entries: list[SourceEntry]) -> None:
        try:
            outcomes = search_sources(
                entries,
                words,
                settings_for=self._settings_for,
                memory=self._memory(),
                gate_for=lambda entry: self.gates.for_source(
                    entry.id, SEARCH_CEILING, entry.hard_limits()
                ),
            )
            async for outcome in outcomes:
                if number != self.search_number:
                    return
                if outcome.ok:
                    self.results_arrived.emit(number, outcome.source, outcome.results)
                else:
                    self.source_failed.emit(number, outcome.source, outcome.error)
        finally:
            if number == self.search_number:
                self.searching = False
                self.search_finished.emit(number)

    # --- trying a source ------------------------------------------------------------------

    def check(self, source_id: str) -> None:
        try:
            entry = self.registry.get(source_id)
        except NovelFetchError as error:
            self.message.emit(str(error))
            return
        self.tasks.spawn(self._check(entry), name=f"check {source_id}")

    async def _check(self, entry: SourceEntry) -> None:
        def step(done: CheckStep) -> None:
            self.check_step.emit(entry.id, done)

        try:
            worked = await check_source(entry, "", step, settings=self._settings_for(entry))
        except NovelFetchError as error:
            self.message.emit(str(error))
            worked = False
        self.check_finished.emit(entry.id, worked)
