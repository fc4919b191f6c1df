"""A rule source as a ``Source``: search → book page → catalog pages → chapter pages.

Pages are fetched on the event loop; reading them and evaluating the rules happens in a worker
process (``core.workers.pool``, the tasks in ``extract.py``), so a 30 KB page never stalls the
window, every core works, and a runaway or crashing rule costs its page, not the application.
A source whose rules run JavaScript (``RuleSource.scripted``) too: its scripts' state travels
with each page and their changes come back, and their ``java.ajax`` & co. come back to this
process as host calls, made through the job's session on the event loop (``js_network``).
Every request of one adapter call passes the job's politeness gate together (the downloader
wraps each call).
"""

from __future__ import annotations

import asyncio
import dataclasses
import itertools
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar
from urllib.parse import urlsplit

import aiohttp

from novelfetch.core.budgets import (
    MAX_CHAPTER_CHARS,
    MAX_CHAPTERS_PER_BOOK,
    MAX_CONTENT_PAGES,
    MAX_NEXT_LINKS_PER_PAGE,
    MAX_TOC_PAGES,
    TOC_PAGES_AT_ONCE,
)
from novelfetch.core.concurrency import all_or_none
from novelfetch.core.errors import BudgetExceededError, EmptyChapterError, PaidChapterError
from novelfetch.core.models import Book, Chapter, SearchResult
from novelfetch.core.net import slot
from novelfetch.core.net.cookies import SiteCookies
from novelfetch.core.sources.base import Source, SourceSettings
from novelfetch.core.sources.memory import BookMemory, MemoryDict
from novelfetch.core.sources.rules import extract, js_network
from novelfetch.core.sources.rules.analyze import RuleContext
from novelfetch.core.sources.rules.extract import Extracted, PageInput, TocRow, is_web
from novelfetch.core.sources.rules.flow_book import BookPage, Notes
from novelfetch.core.sources.rules.js.state_changes import apply_changes
from novelfetch.core.sources.rules.model import RuleSource
from novelfetch.core.sources.rules.pages import RawPage, fetch_raw
from novelfetch.core.sources.rules.urls import RequestSpec
from novelfetch.core.workers.pool import Evaluator, Preloaded, shared_pool

T = TypeVar("T")

# Keys of what a search result told about a book, in the book's memory.
_HINT_KEYS = ("name", "author", "intro", "cover_url", "last_chapter", "kind")
_VARIABLE_PREFIX = "var:"
_TOC_URL_KEY = "toc_url"


class RuleSourceAdapter(Source):
    """One rule source bound to a job's session."""

    name = "rules"
    label = "rule source"

    def __init__(
        self,
        session: aiohttp.ClientSession,
        settings: SourceSettings,
        rule: RuleSource,
        memory: BookMemory | None = None,
        cookies: SiteCookies | None = None,
    ) -> None:
        super().__init__(session, settings)
        self.rule = rule
        #: The user's cookie and the site's jar: sent only to the source's own site.
        self.cookies = cookies or SiteCookies.for_source(rule.url, settings.cookie)
        self.memory: BookMemory = memory if memory is not None else MemoryDict()
        self._facts: dict[str, dict[str, str]] = {}  # what ``memory`` holds, by book
        # details() and catalog() run at once; both need the book page: fetch it once.
        self._book_pages: dict[str, asyncio.Future[BookPage]] = {}
        # Charsets this job's pages were read with, by host (detection is dear).
        self._charsets: dict[str, str] = {}
        # The address of the chapter after each chapter, where paging through a chapter stops.
        self._next_chapter_url: dict[str, str] = {}
        self._chapter_count = 0  # the catalog's, for scripts (Legado's book.totalChapterNum)
        self._scripts = js_network.source_scripts(rule)
        # Optional rules that failed (their fields were left empty), for the job's messages.
        self.notes = Notes()
        self._preloaded: Preloaded | None = None  # the rule, pickled once for the workers
        # Every use of a rule source parses pages: the workers start while the first is fetched.
        shared_pool().start()

    @staticmethod
    def parse_book_id(text: str) -> str:
        return text.strip()

    async def __aexit__(self, *exc_info: object) -> None:
        self.cookies.close()  # a jar the site changed is kept for the next run

    def describe(self) -> str:
        return f"{self.rule.name} ({self.rule.url})"

    # --- fetching -------------------------------------------------------------------------

    async def _fetch(self, url_rule: str, base: str, context: RuleContext) -> RawPage:
        """The page, unread: decoding and the wall check belong to the worker."""
        js_network.bind_scripts(
            self._scripts, context, self.session, self.settings, self.rule, self.cookies
        )
        spec = await js_network.request_for(url_rule, base, context, self.rule, self._request)
        await slot.back_on_the_network()  # a later page of the same call: a place again
        return await fetch_raw(self.session, spec, self.settings.http, self.cookies)

    async def _extract(
        self,
        task: Callable[..., Extracted[T]],
        raw: RawPage,
        context: RuleContext,
        *extra: Any,
        answered: bool = True,
    ) -> T:
        """Read ``raw`` and evaluate its rules in a worker process; ``context`` takes the
        variables the rules put (and the source's scripts what they changed). ``answered``:
        ``raw`` is the source's answer (not a URL rule's script run before the request)."""
        place = slot.current()
        if answered:
            # While the page is read, its place at the gate may serve another request; a
            # script's request takes it again while it asks (js_network.host_calls).
            slot.off_the_network()
        host = urlsplit(raw.url).netloc
        seen = self._charsets.get(host, "")
        variables, names = dict(context.variables), dict(context.names)
        page_input = PageInput(raw, seen, variables, context.key, context.page, names)
        calls = None
        if self.rule.scripted:  # the scripts' state goes along; their requests come back here
            page_input = dataclasses.replace(page_input, scripts=extract.for_task(context.scripts))
            calls = js_network.host_calls(context.scripts, place)
        evaluator: Evaluator = shared_pool()
        if self._preloaded is None:
            self._preloaded = Preloaded.of(self.rule)
        extracted: Extracted[T] = await evaluator.run(
            task,
            page_input,
            *extra,
            preloaded=self._preloaded,
            label=f"source {self.rule.name!r}",
            host=calls,
        )
        if extracted.script_changes:
            apply_changes(context.scripts.state, extracted.script_changes)
        self._charsets[host] = extracted.charset
        context.variables = extracted.variables
        for line in extracted.notes:
            self.notes.add(line)
        return extracted.value

    async def _request(self, url_rule: str, base: str, context: RuleContext) -> RequestSpec:
        """The request for a URL rule whose scripts run, built in a worker process."""
        request: RequestSpec = await self._extract(
            extract.url_request, RawPage(base, b"", ""), context, url_rule, answered=False
        )
        return request

    def _names(self, facts: dict[str, str] | None = None, **extra: str) -> dict[str, str]:
        """What templates read (``{{book.name}}``, ``{{source.key}}`` …), from what is known."""
        facts = facts or {}
        names = {
            "source.key": self.rule.url,
            "source.bookSourceUrl": self.rule.url,
            "source.bookSourceName": self.rule.name,
            "book.origin": self.rule.url,
            "book.name": facts.get("name", ""),
            "book.author": facts.get("author", ""),
            "book.kind": facts.get("kind", ""),
            "book.latestChapterTitle": facts.get("last_chapter", ""),
        }
        names.update(extra)
        return names

    def _context(self, book_url: str, **values: object) -> RuleContext:
        facts = self._recall(book_url) if book_url else {}
        variables = {
            key.removeprefix(_VARIABLE_PREFIX): value
            for key, value in facts.items()
            if key.startswith(_VARIABLE_PREFIX)
        }
        names = self._names(facts, **{"book.bookUrl": book_url})
        scripts = js_network.for_book(self._scripts, book_url, facts)
        return RuleContext(variables=variables, names=names, scripts=scripts, **values)  # type: ignore[arg-type]

    # --- search ---------------------------------------------------------------------------

    async def search(self, words: str) -> list[SearchResult]:
        rules = self.rule.search
        if rules is None or not rules.url:
            return []
        context = RuleContext(key=words, page=1, names=self._names())
        raw = await self._fetch(rules.url, self.rule.url, context)
        found = await self._extract(extract.search_page, raw, context)
        for result, variables in found:
            hints = {
                "name": result.title,
                "author": result.author,
                "intro": result.intro,
                "cover_url": result.cover_url,
                "last_chapter": result.latest_chapter,
                "kind": result.kind,
            }
            facts = {k: v for k, v in hints.items() if v}
            facts.update({_VARIABLE_PREFIX + k: v for k, v in variables.items()})
            self._remember(result.book, facts)
        return [result for result, _ in found]

    # --- the book page --------------------------------------------------------------------

    async def _book_page(self, book_url: str) -> BookPage:
        if book_url not in self._book_pages:
            self._book_pages[book_url] = asyncio.ensure_future(self._load_book_page(book_url))
        future = self._book_pages[book_url]
        try:
            return await asyncio.shield(future)
        except BaseException:
            if future.done():  # a failed attempt is not cached: a retry fetches afresh
                self._book_pages.pop(book_url, None)
            raise

    async def _load_book_page(self, book_url: str) -> BookPage:
        hints = self._recall(book_url)
        context = self._context(book_url)
        raw = await self._fetch(book_url, self.rule.url, context)
        loaded: BookPage = await self._extract(extract.book_page, raw, context, book_url, hints)
        facts = {_VARIABLE_PREFIX + k: v for k, v in loaded.variables.items()}
        facts[_TOC_URL_KEY] = loaded.toc_url
        if loaded.book.title:
            facts["name"] = loaded.book.title
        if loaded.book.author:
            facts["author"] = loaded.book.author
        self._remember(book_url, facts)
        return loaded

    def _recall(self, book_url: str) -> dict[str, str]:
        # Read once per book and job: every chapter's context starts from these (a query and
        # a JSON parse each, 4 % of case 8's loop).
        if book_url not in self._facts:
            self._facts[book_url] = self.memory.recall(self.rule.id, book_url)
        return dict(self._facts[book_url])

    def _remember(self, book_url: str, facts: dict[str, str]) -> None:
        self.memory.remember(self.rule.id, book_url, facts)
        self._facts.pop(book_url, None)

    async def details(self, book_id: str) -> Book:
        return (await self._book_page(book_id)).book

    # --- the catalog ----------------------------------------------------------------------

    async def catalog(self, book_id: str) -> list[Chapter]:
        return await self._read_catalog(book_id, None)

    async def catalog_in_parts(
        self, book_id: str, on_part: Callable[[Sequence[Chapter]], None]
    ) -> list[Chapter]:
        # Not for a source with scripts: a catalog page's script may change what the
        # chapters' scripts read (java.put, the source's variable) until the last page.
        return await self._read_catalog(book_id, None if self.rule.scripted else on_part)

    async def _read_catalog(
        self, book_id: str, on_part: Callable[[Sequence[Chapter]], None] | None
    ) -> list[Chapter]:
        if on_part is not None:
            # Chapters fetched meanwhile wait at the gate too: the next page goes first, as
            # the rest of the book waits for it.
            slot.go_ahead()
        toc_url = (await self._book_page(book_id)).toc_url
        context = self._context(book_id)
        seen: set[str] = set()
        pending = [toc_url]
        listing = _ChapterList()
        settled = 0  # chapters told to ``on_part``
        # A few pages at a time: a page linking 5,000 "next" pages once made 5,001 requests.
        slots = asyncio.Semaphore(TOC_PAGES_AT_ONCE)

        async def fetch(url: str) -> RawPage:
            async with slots:
                return await self._fetch(url, toc_url, context)

        while pending and len(seen) < MAX_TOC_PAGES:
            urls = [url for url in dict.fromkeys(pending) if url not in seen]
            urls = urls[: MAX_TOC_PAGES - len(seen)]
            if not urls:
                break
            seen.update(urls)
            pages = await all_or_none(fetch(url) for url in urls)
            pending = []
            for raw in pages:  # in turn: a page's rules may put variables the next one reads
                page_rows, next_urls = await self._extract(extract.toc_page, raw, context)
                listing.add(page_rows)
                if listing.rows > MAX_CHAPTERS_PER_BOOK:
                    raise BudgetExceededError(
                        f"the catalog lists over {MAX_CHAPTERS_PER_BOOK:,} chapters "
                        "(the limit per book)"
                    )
                if len(next_urls) > MAX_NEXT_LINKS_PER_PAGE:
                    raise BudgetExceededError(
                        f"a catalog page links {len(next_urls):,} next pages "
                        f"(the limit is {MAX_NEXT_LINKS_PER_PAGE:,} per page)"
                    )
                pending.extend(next_urls)
                if on_part is not None and pending and len(listing.chapters) - 1 > settled:
                    # The last chapter listed so far is not settled: the chapter after it,
                    # where paging through it stops, is on a page still to come.
                    # Added to, never replaced: after a retry that began again at the first
                    # page, chapters offered before still stop where they end.
                    self._next_chapter_url.update(_following(listing.chapters))
                    on_part(listing.chapters[settled:-1])
                    settled = len(listing.chapters) - 1
        self.catalog_known(listing.chapters)
        return listing.chapters

    def catalog_known(self, chapters: Sequence[Chapter]) -> None:
        # Without it, a chapter's "next page" link on its last page leads into the next
        # chapters, and each chapter would take up to MAX_CONTENT_PAGES of the book's text.
        self._chapter_count = len(chapters)
        self._next_chapter_url = dict(_following(chapters))

    # --- a chapter ------------------------------------------------------------------------

    async def chapter(self, book_id: str, chapter: Chapter) -> str:
        # title, chapter.* for templates and scripts
        context = js_network.for_chapter(self._context(book_id), chapter, self._chapter_count)
        stop_at = self._next_chapter_url.get(chapter.chapter_id, "")
        seen: set[str] = set()
        parts: list[str] = []
        size = 0
        url = chapter.chapter_id
        while url and url not in seen and url != stop_at and len(seen) < MAX_CONTENT_PAGES:
            seen.add(url)
            raw = await self._fetch(url, book_id, context)
            text, next_urls = await self._extract(extract.content_page, raw, context)
            size += len(text)
            if size > MAX_CHAPTER_CHARS:
                raise BudgetExceededError(
                    f"{self.rule.name}: the chapter's text runs over {MAX_CHAPTER_CHARS:,} "
                    f"characters across {len(seen)} pages (the limit per chapter)"
                )
            parts.append(text)
            # A "next page" that is no web address (data:, javascript:) ends the chapter.
            url = next_urls[0] if next_urls and is_web(next_urls[0]) else ""
        text = "\n".join(part for part in parts if part.strip())
        if not text.strip():
            if chapter.paid:
                raise PaidChapterError("paid chapter: the site shows no text without a purchase")
            raise EmptyChapterError("the chapter page has no text where the rule looks")
        return text


class _ChapterList:
    """The catalog's chapters as its pages come in: in volumes, numbered, repeats dropped."""

    def __init__(self) -> None:
        self.chapters: list[Chapter] = []
        self.rows = 0
        self._volume = ""
        self._seen: set[str] = set()

    def add(self, rows: list[TocRow]) -> None:
        self.rows += len(rows)
        for name, url, is_volume, paid in rows:
            if is_volume:
                self._volume = name
                continue
            if not url or url in self._seen:
                continue  # a "latest chapters" block repeats chapters of the full list
            self._seen.add(url)
            index = len(self.chapters) + 1
            self.chapters.append(Chapter(index, url, name or f"第{index}章", self._volume, paid))


def _following(chapters: Sequence[Chapter]) -> Iterator[tuple[str, str]]:
    """Each chapter's address, with the address of the chapter after it."""
    return ((a.chapter_id, b.chapter_id) for a, b in itertools.pairwise(chapters))
