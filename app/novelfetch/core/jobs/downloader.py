"""The download job: details and catalog, then chapters concurrently into the store.

One ``Downloader`` is one job: one shared ``ClientSession``, one source, and that source's
politeness gate (shared with every other job on the source given the same ``Gates``), which
decides how many requests may be in flight. The CLI and the GUI both drive exactly this.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Self, TypeVar

import aiohttp

from novelfetch.core import messages as said
from novelfetch.core.errors import (
    BadInputError,
    CertificateError,
    EmptyChapterError,
    FetchError,
    NetworkError,
    NovelFetchError,
    PaidChapterError,
    SourceError,
    SourceUnreachableError,
)
from novelfetch.core.jobs.book_loading import cleaned_book, cleaned_chapter, details_and_catalog
from novelfetch.core.jobs.early_chapters import EarlyChapters
from novelfetch.core.jobs.pause import PauseGate
from novelfetch.core.jobs.progress import (
    EventKind,
    ProgressCallback,
    ProgressTracker,
)
from novelfetch.core.jobs.results import ChapterFailure, DownloadResult, LoadedBook, cookie_hash
from novelfetch.core.models import Book, Chapter
from novelfetch.core.net import slot
from novelfetch.core.net.gate_status import GateStatus, HardLimits
from novelfetch.core.net.gates import Gates
from novelfetch.core.net.http import HttpSettings, fetch_bytes, open_session
from novelfetch.core.net.redaction import (
    cookie_secrets,
    proxy_secrets,
    register_secrets,
    system_proxy_secrets,
)
from novelfetch.core.net.retry import RetryPolicy, call_with_retry
from novelfetch.core.sources import Source, SourceEntry, SourceRegistry, SourceSettings
from novelfetch.core.store.chapter_store import Store
from novelfetch.core.store.commit_group import CommitGroup
from novelfetch.core.store.wal_checkpoint import WalCheckpointer
from novelfetch.core.text.cleaning import NO_TEXT, clean_text, has_words

log = logging.getLogger(__name__)
T = TypeVar("T")

MAX_CONCURRENCY = 64
MAX_COVER_BYTES = 5 * 1024 * 1024
# How often ``Downloader.on_gate_status`` hears from the gate during a fetch (seconds).
GATE_STATUS_EVERY = 0.25
# A job that learned nothing (no pushback) and made fewer requests than this does not
# overwrite the limit the source settled at before.
REMEMBER_AFTER_REQUESTS = 50


@dataclass(frozen=True, slots=True)
class DownloadOptions:
    source: str = "baidu"
    concurrency: int = 8
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    api_base: str | None = None
    cookie: str = ""
    http: HttpSettings = field(default_factory=HttpSettings)
    # False: ``concurrency`` requests in flight, always (today's fixed limit); True: it is the
    # ceiling of an adaptive limit (see ``politeness``).
    adaptive: bool = True
    hard_limits: HardLimits | None = None  # a rule source's own limits, on top

    def __post_init__(self) -> None:
        if not 1 <= self.concurrency <= MAX_CONCURRENCY:
            raise BadInputError(
                f"concurrency must be between 1 and {MAX_CONCURRENCY}, not {self.concurrency}"
            )


class Downloader:
    """``async with Downloader(store, options) as job: await job.load(ref); await job.fetch(…)``."""

    def __init__(
        self,
        store: Store,
        options: DownloadOptions | None = None,
        *,
        registry: SourceRegistry | None = None,
        gates: Gates | None = None,
    ) -> None:
        self.store = store
        self.options = options or DownloadOptions()
        #: Where ``options.source`` is looked up (the built-ins when none is given).
        self.registry = registry or SourceRegistry.builtin_only()
        # A disabled or unusable source runs no job: the CLI, the window and the queue alike.
        self.entry: SourceEntry = self.registry.require(self.options.source)
        #: What this job sends its source: ``options.cookie`` (``--cookie``), else the saved one.
        self.cookie = self.entry.cookie(self.options.cookie)
        secrets = cookie_secrets(self.cookie) + proxy_secrets(self.options.http.proxy)
        if self.options.http.trust_env:
            secrets += system_proxy_secrets()
        register_secrets(secrets)
        self.pause_gate = PauseGate()
        options = self.options
        self._gate = (gates or Gates()).for_source(
            options.source,
            options.concurrency,
            options.hard_limits or self.entry.hard_limits(),
            fixed=not options.adaptive,
        )
        if self._gate.requests == 0:
            remembered = store.load_source_limit(options.source)
            if remembered:
                self._gate.start_from(remembered)
        self._requests_before, self._refusals_before = self._gate.requests, self._gate.refusals
        #: Called with the gate's status a few times a second while chapters are fetched.
        self.on_gate_status: Callable[[GateStatus], None] | None = None
        #: Runs blocking work off the loop (the store's checkpoints); the window sets its own.
        self.run_blocking: Callable[..., Awaitable[object]] = asyncio.to_thread
        self._session: aiohttp.ClientSession | None = None
        self._source: Source | None = None

    @property
    def source(self) -> Source:
        if self._source is None:
            raise RuntimeError("Downloader used outside 'async with'")
        return self._source

    async def __aenter__(self) -> Self:
        options = self.options
        policy = self.entry.network_policy(self.cookie)  # a rule source's (policy.py)
        self._session = open_session(options.http, options.concurrency + 1, policy=policy)
        settings = SourceSettings(options.api_base, self.cookie, options.http)
        try:
            adapter = self.entry.open(self._session, settings, memory=self.store)
            self._source = await adapter.__aenter__()
        except BaseException:
            await self._session.close()
            raise
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        try:
            if self._source:
                await self._source.__aexit__(*exc_info)
        finally:
            if self._session:
                await self._session.close()

    def politeness(self) -> GateStatus:
        """The source gate's status, with requests and refusals counted for this job."""
        status = self._gate.status()
        return dataclasses.replace(
            status,
            requests=status.requests - self._requests_before,
            refusals=status.refusals - self._refusals_before,
        )

    def _remember_limit(self) -> None:
        gate = self._gate
        if gate.fixed or not (
            gate.changed or gate.requests - self._requests_before >= REMEMBER_AFTER_REQUESTS
        ):
            return
        with contextlib.suppress(NovelFetchError):  # a hint for next time, never worth failing
            self.store.save_source_limit(self.options.source, gate.limit)

    async def _report_gate(self) -> None:
        while self.on_gate_status is not None:
            self.on_gate_status(self._gate.status())
            await asyncio.sleep(GATE_STATUS_EVERY)

    async def _request(self, what: said.Message, request: Callable[[], Awaitable[T]]) -> T:
        def on_retry(attempt: int, error: FetchError, delay: float) -> None:
            said.log_message(log, logging.INFO, said.retrying(what, error, attempt, delay))

        return await call_with_retry(request, self.options.retry, self._gate, on_retry)

    # --- the book -------------------------------------------------------------------------

    async def load(self, book_ref: str, *, fetch_early: bool = False) -> LoadedBook:
        """Details and catalog from the source, saved to the store.

        ``fetch_early``: for a job that will fetch the whole book, chapters the source has
        listed are fetched while the rest of its catalog loads (``early_chapters``).
        """
        source = self.source
        book_id = self.entry.parse_ref(book_ref)
        early = None
        if fetch_early:
            early = EarlyChapters(
                self.store,
                self._gate,
                self._chapter_text,
                workers=self.options.concurrency * 2,  # as in ``fetch``
                pause=self.pause_gate,
                retry_after_max=self.options.retry.retry_after_max,
                paid_key=cookie_hash(self.cookie),
            )
        try:
            book, chapters = await details_and_catalog(self._request, source, book_id, early)
            if early is not None:
                await early.finish()
        except (NetworkError, CertificateError, SourceUnreachableError) as error:
            raise SourceUnreachableError(said.cannot_reach(source.describe(), error)) from None
        except FetchError as error:
            raise SourceError(said.unusable_answer(source.describe(), error)) from None
        finally:
            if early is not None:
                await early.cancel()  # a failed catalog or a cancel: keeps what came in
        book = cleaned_book(book, book_id)
        chapters = [cleaned_chapter(c) for c in chapters]
        self.store.save_book(book, chapters)
        paid = self.store.paid_ids(book, cookie_hash(self.cookie))
        if any(c.paid for c in chapters):
            # The catalog says which chapters are paid: one it no longer marks may be free now.
            paid &= {c.chapter_id for c in chapters if c.paid}
        loaded = LoadedBook(book, chapters, self.store.stored_ids(book), paid)
        if early is not None:
            loaded.fetched_early = {k: v for k, v in early.fetched.items() if k in loaded.stored}
            loaded.fetched_early_since = early.started
        return loaded

    async def fetch_cover(self, book: Book) -> bytes | None:
        """The cover image (stored once fetched), or None. Never fails the job."""
        stored = self.store.load_cover(book)
        if stored:
            return stored
        url = book.cover_url
        if not url.lower().startswith(("http://", "https://")):
            return None
        try:
            image = await self._request(said.FETCH_COVER(), lambda: self._get_bytes(url))
        except (FetchError, ValueError) as error:
            log.info("no cover for %s: %s", book.title, error)
            return None
        self.store.save_cover(book, image)
        return image

    async def _get_bytes(self, url: str) -> bytes:
        # fetch_bytes: a rule source's cover obeys its network policy like its pages.
        assert self._session is not None
        http = dataclasses.replace(self.options.http, max_body_bytes=MAX_COVER_BYTES)
        return (await fetch_bytes(self._session, url, headers={}, settings=http)).body

    # --- the chapters ---------------------------------------------------------------------

    async def fetch(
        self,
        loaded: LoadedBook,
        chapters: Sequence[Chapter] | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> DownloadResult:
        """Fetch every chapter of ``chapters`` (default: all) not already stored.

        Chapters are cleaned as they arrive and committed in small groups; each counts as
        done (progress, ``loaded.stored``) once committed. Cancelling the task stops the
        workers and commits what was fetched. ``SourceUnreachableError`` when the source gives
        no answer at all for a while (``reachability.UNREACHABLE_AFTER``).
        """
        self.source.catalog_known(loaded.chapters)  # loaded may come from another job
        wanted = loaded.chapters if chapters is None else list(chapters)
        missing = loaded.missing(wanted)
        todo = [c for c in missing if c.chapter_id not in loaded.paid]
        early = loaded.take_fetched_early(wanted)  # while the catalog loaded: this run's too
        result = DownloadResult(
            loaded.book, len(early), already_stored=len(wanted) - len(missing) - len(early)
        )
        result.paid = [c for c in missing if c.chapter_id in loaded.paid]
        result.paid_remembered = len(result.paid)
        paid_key = cookie_hash(self.cookie)
        tracker = ProgressTracker(
            len(todo) + len(early), self.pause_gate, on_progress, result.already_stored
        )
        tracker.credit(len(early), sum(early), loaded.fetched_early_since)
        tracker.emit(EventKind.STARTED)
        queue: asyncio.Queue[Chapter] = asyncio.Queue()
        for chapter in todo:
            queue.put_nowait(chapter)

        # Checkpoints of the store's log happen in a thread, not in a commit on the loop.
        checkpoints = WalCheckpointer(self.store, self.run_blocking)

        def committed(items: list[tuple[Chapter, str]]) -> None:
            checkpoints.nudge()
            for chapter, text in items:
                loaded.stored.add(chapter.chapter_id)
                result.fetched += 1
                tracker.done(chapter, len(text.encode()))

        commits = CommitGroup(self.store, loaded.book, committed)
        requeued: set[str] = set()  # chapters given a second chance after the source failed

        async def worker() -> None:
            while not queue.empty():
                await self.pause_gate.wait()
                if queue.empty():
                    return
                chapter = queue.get_nowait()
                try:
                    text = await self._fetch_chapter(loaded.book, chapter)
                except PaidChapterError as error:
                    self.store.mark_paid(loaded.book, chapter, paid_key)
                    loaded.paid.add(chapter.chapter_id)
                    result.paid.append(chapter)
                    tracker.paid(chapter, str(error))
                    continue
                except SourceUnreachableError:
                    raise  # the whole job stops
                except NetworkError as error:
                    if self._gate.failing and chapter.chapter_id not in requeued:
                        # Nobody gets an answer: wait for the verdict on the source instead
                        # of failing this chapter; it goes back in the queue if it lives.
                        await self._wait_for_answer()
                        requeued.add(chapter.chapter_id)
                        queue.put_nowait(chapter)
                        continue
                    reason: str | said.Message = said.message_of(error)
                except NovelFetchError as error:
                    reason = said.message_of(error)
                except Exception as error:  # a bug in one chapter must not sink the book
                    log.exception("chapter %d failed unexpectedly", chapter.index)
                    reason = f"unexpected error: {error!r}"
                else:
                    # Counts as done only once its group is committed: a kill loses nothing
                    # that was reported.
                    commits.add(chapter, text)
                    continue
                result.failures.append(ChapterFailure(chapter, str(reason)))
                tracker.failed(chapter, reason)

        checkpoints.start()
        reporter = asyncio.ensure_future(self._report_gate())
        try:
            try:
                # A TaskGroup, unlike gather, stops every worker when one fails (disk full).
                # Twice as many workers as requests may be in flight: a rule source's page
                # gives its place at the gate back while a worker process reads it
                # (net/slot.py), and another worker's request takes it meanwhile.
                async with asyncio.TaskGroup() as group:
                    for _ in range(min(self.options.concurrency * 2, len(todo))):
                        group.create_task(worker())
            finally:
                reporter.cancel()
                try:
                    commits.commit()  # whatever stopped the job, every chapter fetched is kept
                finally:
                    self._remember_limit()
                    await checkpoints.stop()
        except BaseExceptionGroup as errors:
            raise loaded.explained(errors.exceptions[0], wanted) from None
        if self.on_gate_status is not None:
            self.on_gate_status(self._gate.status())
        result.failures.sort(key=lambda failure: failure.chapter.index)
        result.paid.sort(key=lambda chapter: chapter.index)
        tracker.emit(EventKind.FINISHED)
        return result

    async def _wait_for_answer(self) -> None:
        try:
            await self._gate.wait_for_answer()
        except SourceUnreachableError as error:
            raise SourceUnreachableError(said.cannot_reach(self.source.describe(), error)) from None

    async def _chapter_text(self, book: Book, chapter: Chapter) -> str:
        """One try at a chapter's cleaned text, inside the gate's ``run``."""
        if self.pause_gate.paused:  # let in by the gate after the pause began
            async with slot.stepped_aside():  # other jobs on the source keep its place
                await self.pause_gate.wait()
        # Inside the retried call: an answer without text is retried like a failure, and
        # never stored (a "maintenance" page stored would never be fetched again).
        text = clean_text(await self.source.chapter(book.book_id, chapter))
        if not has_words(text):
            raise EmptyChapterError(NO_TEXT)
        return text

    async def _fetch_chapter(self, book: Book, chapter: Chapter) -> str:
        source = self.source
        try:
            return await self._request(
                said.FETCH_CHAPTER(index=chapter.index, title=chapter.title),
                lambda: self._chapter_text(book, chapter),
            )
        except SourceUnreachableError as error:
            raise SourceUnreachableError(said.cannot_reach(source.describe(), error)) from None
        except EmptyChapterError:  # on every try: said the same way whatever the source
            raise EmptyChapterError(NO_TEXT) from None
