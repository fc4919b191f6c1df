"""The async work behind the Search and Sources pages, re-emitted as Qt signals.

Like ``JobController`` it knows no widgets. A newer search cancels an older one still running,
and every signal carries the number of the search it belongs to, so a late answer of an old
search can never land among the new results.

Covers of the results are fetched here too, a few at a time over the search's own session
(``CoverFetcher``), decoded and scaled off the event loop, and dropped with their search.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtGui import QImage

from novelfetch.core.errors import NovelFetchError
from novelfetch.core.messages import CHECK_SEARCH_STEP, message_of
from novelfetch.core.models import SearchResult
from novelfetch.core.net.gates import Gates
from novelfetch.core.net.policy import NetworkPolicy
from novelfetch.core.sources import SourceEntry, SourceRegistry, SourceSettings
from novelfetch.core.sources.check import CheckStep, check_source
from novelfetch.core.sources.covers import CoverFetcher
from novelfetch.core.sources.memory import BookMemory
from novelfetch.core.sources.search import DEFAULT_SEARCH_TIMEOUT, SEARCH_CEILING, search_sources
from novelfetch.gui.app.core_messages import error_text, translated
from novelfetch.gui.app.tasks import ErrorReporter, TaskKeeper

log = logging.getLogger(__name__)

SettingsFor = Callable[[SourceEntry], SourceSettings]
#: The size search-result covers are scaled to (a thumbnail beside the title).
COVER_THUMBNAIL = QSize(36, 48)


#: Decoded at twice the shown size, so the thumbnail stays sharp on a 200 % screen.
COVER_DECODED = COVER_THUMBNAIL * 2


def decode_thumbnail(data: bytes, size: QSize = COVER_DECODED) -> QImage | None:
    """The image scaled to fit ``size``, or None when ``data`` is no image Qt can read.

    QImage (unlike QPixmap) may be used outside the GUI thread, so this runs in a worker.
    """
    image = QImage.fromData(data)
    if image.isNull():
        return None
    if image.width() <= size.width() and image.height() <= size.height():
        return image  # small already: enlarging would only blur it
    return image.scaled(
        size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
    )


class SearchController(QObject):
    search_started = Signal(int, object)  # search number, [SourceEntry]
    results_arrived = Signal(int, object, object)  # search number, SourceEntry, [SearchResult]
    source_failed = Signal(int, object, str)  # search number, SourceEntry, why
    search_finished = Signal(int)
    cover_arrived = Signal(int, object, object)  # search number, SearchResult, QImage
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
        self.gates = gates or Gates(ease_for_backlog=True)
        self._settings_for = settings_for
        self._memory = memory
        self.tasks = TaskKeeper(on_error)
        self.search_number = 0
        self._search_task: asyncio.Task[None] | None = None
        self.searching = False
        #: How long one source may take to answer a search.
        self.timeout = DEFAULT_SEARCH_TIMEOUT
        self._covers: CoverFetcher | None = None
        self._cover_tasks: set[asyncio.Task[None]] = set()
        self._closing: set[asyncio.Task[None]] = set()  # sessions of older searches

    # --- search ---------------------------------------------------------------------------

    def search(self, words: str, source_ids: list[str] | None = None) -> int:
        """Start a search (the newest wins); returns its number, 0 if nothing was started."""
        words = words.strip()
        try:
            if not words:
                raise NovelFetchError(self.tr("Type a title or an author to search for."))
            entries = self.registry.searchable(source_ids or [])
            if not entries:
                raise NovelFetchError(
                    self.tr("No enabled source can search: import one on the Sources page.")
                )
        except NovelFetchError as error:
            self.message.emit(error_text(error))
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
        self._drop_covers()

    async def shutdown(self) -> None:
        """Cancel searches, cover fetches and checks, and wait until they have finished."""
        if self._search_task is not None:
            self._search_task.cancel()
            self._search_task = None
        covers, self._covers = self._covers, None
        tasks = list(self._cover_tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if covers is not None:
            await covers.close()
        await asyncio.gather(*self._closing, return_exceptions=True)
        await self.tasks.cancel_all()

    async def _search(self, number: int, words: str, entries: list[SourceEntry]) -> None:
        try:
            try:
                memory = self._memory()  # the store: where rule sources keep @put values
            except NovelFetchError as error:
                self.message.emit(error_text(error))
                return
            outcomes = search_sources(
                entries,
                words,
                settings_for=self._settings_for,
                memory=memory,
                timeout=self.timeout,
                gate_for=lambda entry: self.gates.for_source(
                    entry.id, SEARCH_CEILING, entry.hard_limits()
                ),
            )
            async for outcome in outcomes:
                if number != self.search_number:
                    return
                if outcome.ok:
                    self.results_arrived.emit(number, outcome.source, outcome.results)
                    self._fetch_covers(number, outcome.source, outcome.results)
                else:
                    said = outcome.error_message
                    why = translated(said if said is not None else outcome.error)
                    self.source_failed.emit(number, outcome.source, why)
        finally:
            if number == self.search_number:
                self.searching = False
                self.search_finished.emit(number)

    # --- covers ---------------------------------------------------------------------------

    def _fetch_covers(self, number: int, entry: SourceEntry, found: list[SearchResult]) -> None:
        for result in found:
            if result.cover is not None:  # at hand: only decoded
                task = self.tasks.spawn(
                    self._decode_cover(number, result, result.cover), name="cover at hand"
                )
                self._cover_tasks.add(task)
                task.add_done_callback(self._cover_tasks.discard)
        wanted = [result for result in found if result.cover is None and result.cover_url]
        if not wanted:
            return
        if self._covers is None:
            self._covers = CoverFetcher(self._settings_for(entry).http)
        # The source's own limits, as its search had them.
        fetcher, policy = self._covers, entry.network_policy(self._settings_for(entry).cookie)
        for result in wanted:
            task = self.tasks.spawn(
                self._fetch_cover(number, fetcher, result, policy),
                name=f"cover {result.cover_url}",
            )
            self._cover_tasks.add(task)
            task.add_done_callback(self._cover_tasks.discard)

    async def _fetch_cover(
        self,
        number: int,
        fetcher: CoverFetcher,
        result: SearchResult,
        policy: NetworkPolicy | None,
    ) -> None:
        try:
            data = await fetcher.fetch(result.cover_url, policy)
        except NovelFetchError as error:  # the placeholder stays: a cover is a nicety
            log.debug("no cover for %s: %s", result.title, error)
            return
        await self._decode_cover(number, result, data)

    async def _decode_cover(self, number: int, result: SearchResult, data: bytes) -> None:
        image = await asyncio.to_thread(decode_thumbnail, data)
        if image is not None and number == self.search_number:
            self.cover_arrived.emit(number, result, image)

    def _drop_covers(self) -> None:
        """Cancel the covers still coming for the current search and close their session."""
        for task in list(self._cover_tasks):
            task.cancel()
        if self._covers is not None:
            task = self.tasks.spawn(self._covers.close(), name="close cover session")
            self._closing.add(task)
            task.add_done_callback(self._closing.discard)
            self._covers = None

    # --- trying a source ------------------------------------------------------------------

    def check(self, source_id: str, words: str = "") -> None:
        """Try a source: search ``words`` (empty: its own check word), then the first
        result's details, catalog and first chapter."""
        try:
            entry = self.registry.get(source_id)
        except NovelFetchError as error:
            self.message.emit(error_text(error))
            return
        self.tasks.spawn(self._check(entry, words), name=f"check {source_id}")

    async def _check(self, entry: SourceEntry, words: str) -> None:
        def step(done: CheckStep) -> None:
            self.check_step.emit(entry.id, done)

        try:
            worked = await check_source(entry, words, step, settings=self._settings_for(entry))
        except NovelFetchError as error:
            # Refused before the first step (no words to search for): that is the step
            # that failed, shown where the steps are.
            step(CheckStep(CHECK_SEARCH_STEP(), False, message_of(error)))
            worked = False
        self.check_finished.emit(entry.id, worked)
