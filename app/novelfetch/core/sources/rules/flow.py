"""A rule source as a ``Source``: search → book page → catalog pages → chapter pages.

Pages are fetched on the event loop; parsing them and evaluating the rules happens in a worker
thread (``asyncio.to_thread``), so a 30 KB page never stalls the window. Every request of one
adapter call passes the job's politeness gate together (the downloader wraps each call).
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable, Sequence
from typing import TypeVar

import aiohttp

from novelfetch.core.budgets import (
    MAX_CHAPTER_CHARS,
    MAX_CHAPTERS_PER_BOOK,
    MAX_CONTENT_PAGES,
    MAX_NEXT_LINKS_PER_PAGE,
    MAX_TOC_PAGES,
    TOC_PAGES_AT_ONCE,
)
from novelfetch.core.errors import BudgetExceededError, EmptyChapterError, PaidChapterError
from novelfetch.core.models import Book, Chapter, SearchResult
from novelfetch.core.net.cookies import SiteCookies
from novelfetch.core.sources.base import Source, SourceSettings
from novelfetch.core.sources.memory import BookMemory, MemoryDict
from novelfetch.core.sources.rules import js_network
from novelfetch.core.sources.rules.analyze import Analyzer, RuleContext
from novelfetch.core.sources.rules.eval_errors import RuleError
from novelfetch.core.sources.rules.eval_text import remove_elements
from novelfetch.core.sources.rules.flow_book import BookPage, Notes, parse_book_page, search_item
from novelfetch.core.sources.rules.model import RuleSource
from novelfetch.core.sources.rules.pages import Page, RawPage, fetch_raw, read_page
from novelfetch.core.sources.rules.parse_pool import parse_pool
from novelfetch.core.sources.rules.safe_regex import apply_replace_regex

T = TypeVar("T")

# Keys of what a search result told about a book, in the book's memory.
_HINT_KEYS = ("name", "author", "intro", "cover_url", "last_chapter", "kind")
_VARIABLE_PREFIX = "var:"
_TOC_URL_KEY = "toc_url"
_FALSE_WORDS = frozenset({"", "false", "0", "null", "none", "no"})


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
        # details() and catalog() run at once; both need the book page: fetch it once.
        self._book_pages: dict[str, asyncio.Future[BookPage]] = {}
        # Charsets this job's pages were read with, by host (detection is dear).
        self._charsets: dict[str, str] = {}
        # The address of the chapter after each chapter, where paging through a chapter stops.
        self._next_chapter_url: dict[str, str] = {}
        self._scripts = js_network.source_scripts(rule)
        # Optional rules that failed (their fields were left empty), for the job's messages.
        self.notes = Notes()

    @staticmethod
    def parse_book_id(text: str) -> str:
        return text.strip()

    async def __aexit__(self, *exc_info: object) -> None:
        self.cookies.close()  # a jar the site changed is kept for the next run

    def describe(self) -> str:
        return f"{self.rule.name} ({self.rule.url})"

    # --- fetching -------------------------------------------------------------------------

    async def _fetch(self, url_rule: str, base: str, context: RuleContext) -> RawPage:
        """The page, unread: decoding and the wall check belong to the parsing thread."""
        js_network.bind_scripts(
            self._scripts, context, self.session, self.settings, self.rule, self.cookies
        )
        spec = await js_network.request_for(url_rule, base, context, self.rule, self._extract)
        return await fetch_raw(self.session, spec, self.settings.http, self.cookies)

    async def _extract(self, work: Callable[[], T]) -> T:
        """Parse and evaluate off the event loop, in the few threads kept for it."""
        return await asyncio.get_running_loop().run_in_executor(parse_pool(), work)

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
        facts = self.memory.recall(self.rule.id, book_url) if book_url else {}
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

        def extract() -> list[tuple[SearchResult, dict[str, str]]]:
            page = read_page(raw, self._charsets)
            analyzer = Analyzer(page.text, page.url, context)
            landed = self._landed_on_book(analyzer)
            if landed is not None:
                return landed
            found = []
            nodes = analyzer.elements(rules.book_list)
            if not nodes and not self.rule.book_url_pattern:
                # Legado: an empty list on a source without bookUrlPattern may be the book.
                return self._landed_on_book(analyzer, sure=False) or []
            for node in nodes:
                context.variables = {}
                result = search_item(self.rule, analyzer, node, self.notes)
                if result is not None:
                    found.append((result, dict(context.variables)))
            return found

        found = await self._extract(extract)
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
            self.memory.remember(self.rule.id, result.book, facts)
        return [result for result, _ in found]

    def _landed_on_book(
        self, analyzer: Analyzer, *, sure: bool = True
    ) -> list[tuple[SearchResult, dict[str, str]]] | None:
        """A search that answered with a book's own page (an exact title hit), read as that
        one book as Legado does: when ``bookUrlPattern`` claims the address (``sure``), or
        when the list is empty and the book page's rules find a name."""
        if sure and not (self.rule.book_url_pattern and self.rule.claims_url(analyzer.url)):
            return None
        analyzer.context.variables = {}
        try:
            loaded = parse_book_page(
                self.rule, analyzer, analyzer.url, {}, self.notes, from_metadata=sure
            )
        except RuleError:
            if sure:
                raise
            return None  # only a guess that this was the book page: an empty result it is
        book = loaded.book
        if not book.title:
            return [] if sure else None
        result = SearchResult(
            source=self.rule.id,
            book=book.book_id,
            title=book.title,
            author=book.author,
            cover_url=book.cover_url,
            intro=book.intro,
        )
        return [(result, loaded.variables)]

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
        hints = self.memory.recall(self.rule.id, book_url)
        context = self._context(book_url)
        raw = await self._fetch(book_url, self.rule.url, context)

        def extract() -> BookPage:
            page = read_page(raw, self._charsets)
            analyzer = Analyzer(page.text, page.url, context)
            return parse_book_page(self.rule, analyzer, book_url, hints, self.notes)

        loaded = await self._extract(extract)
        facts = {_VARIABLE_PREFIX + k: v for k, v in loaded.variables.items()}
        facts[_TOC_URL_KEY] = loaded.toc_url
        if loaded.book.title:
            facts["name"] = loaded.book.title
        if loaded.book.author:
            facts["author"] = loaded.book.author
        self.memory.remember(self.rule.id, book_url, facts)
        return loaded

    async def details(self, book_id: str) -> Book:
        return (await self._book_page(book_id)).book

    # --- the catalog ----------------------------------------------------------------------

    async def catalog(self, book_id: str) -> list[Chapter]:
        toc_url = (await self._book_page(book_id)).toc_url
        context = self._context(book_id)
        seen: set[str] = set()
        pending = [toc_url]
        rows: list[tuple[str, str, bool, bool]] = []  # name, url, is_volume, paid
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
            pages = await asyncio.gather(*(fetch(url) for url in urls))
            pending = []
            for raw in pages:
                page_rows, next_urls = await self._extract(
                    lambda raw=raw: self._toc_page(read_page(raw, self._charsets), context)
                )
                rows.extend(page_rows)
                if len(rows) > MAX_CHAPTERS_PER_BOOK:
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
        return self._chapters(rows)

    def _toc_page(
        self, page: Page, context: RuleContext
    ) -> tuple[list[tuple[str, str, bool, bool]], list[str]]:
        rules = self.rule.toc
        analyzer = Analyzer(page.text, page.url, context)
        rows = []
        for node in analyzer.elements(rules.chapter_list):
            if len(rows) > MAX_CHAPTERS_PER_BOOK:
                break  # over the budget already: catalog() refuses the book
            name = analyzer.string(rules.chapter_name, node).strip()
            is_volume = (
                _truthy(analyzer.string(rules.is_volume, node)) if rules.is_volume else False
            )
            url = "" if is_volume else analyzer.string(rules.chapter_url, node, is_url=True).strip()
            paid = any(
                _truthy(analyzer.string(rule, node))
                for rule in (rules.is_vip, rules.is_pay)
                if rule
            )
            rows.append((name, url, is_volume, paid))
        next_urls = (
            [u for u in analyzer.strings(rules.next_toc_url, is_url=True) if _is_web(u)]
            if rules.next_toc_url
            else []
        )
        return rows, next_urls

    def _chapters(self, rows: list[tuple[str, str, bool, bool]]) -> list[Chapter]:
        chapters: list[Chapter] = []
        volume = ""
        seen: set[str] = set()
        for name, url, is_volume, paid in rows:
            if is_volume:
                volume = name
                continue
            if not url or url in seen:
                continue  # a "latest chapters" block repeats chapters of the full list
            seen.add(url)
            index = len(chapters) + 1
            chapters.append(Chapter(index, url, name or f"第{index}章", volume, paid))
        self.catalog_known(chapters)
        return chapters

    def catalog_known(self, chapters: Sequence[Chapter]) -> None:
        # Without it, a chapter's "next page" link on its last page leads into the next
        # chapters, and each chapter would take up to MAX_CONTENT_PAGES of the book's text.
        self._next_chapter_url = {
            chapter.chapter_id: following.chapter_id
            for chapter, following in itertools.pairwise(chapters)
        }

    # --- a chapter ------------------------------------------------------------------------

    async def chapter(self, book_id: str, chapter: Chapter) -> str:
        context = js_network.for_chapter(
            self._context(book_id), chapter
        )  # title, chapter.* for templates
        stop_at = self._next_chapter_url.get(chapter.chapter_id, "")
        seen: set[str] = set()
        parts: list[str] = []
        size = 0
        url = chapter.chapter_id
        while url and url not in seen and url != stop_at and len(seen) < MAX_CONTENT_PAGES:
            seen.add(url)
            raw = await self._fetch(url, book_id, context)
            text, next_urls = await self._extract(
                lambda raw=raw: self._content_page(read_page(raw, self._charsets), context)
            )
            size += len(text)
            if size > MAX_CHAPTER_CHARS:
                raise BudgetExceededError(
                    f"{self.rule.name}: the chapter's text runs over {MAX_CHAPTER_CHARS:,} "
                    f"characters across {len(seen)} pages (the limit per chapter)"
                )
            parts.append(text)
            # A "next page" that is no web address (data:, javascript:) ends the chapter.
            url = next_urls[0] if next_urls and _is_web(next_urls[0]) else ""
        text = "\n".join(part for part in parts if part.strip())
        if not text.strip():
            if chapter.paid:
                raise PaidChapterError("paid chapter: the site shows no text without a purchase")
            raise EmptyChapterError("the chapter page has no text where the rule looks")
        return text

    def _content_page(self, page: Page, context: RuleContext) -> tuple[str, list[str]]:
        rules = self.rule.content
        analyzer = Analyzer(page.text, page.url, context)
        if rules.remove_selectors:
            remove_elements(analyzer.document.html_root, rules.remove_selectors)
        text = analyzer.string(rules.content)
        if rules.replace_regex:
            replace_regex = analyzer.fill_templates(rules.replace_regex)
            if self.rule.kind == "sonovel":
                # so-novel filters the HTML, where a pattern like "[^<]*" stops at the next
                # tag; on text it would run to the end, so it is applied line by line.
                text = "\n".join(
                    apply_replace_regex(replace_regex, line) for line in text.split("\n")
                )
            else:
                text = apply_replace_regex(replace_regex, text)
        next_urls = (
            [u for u in analyzer.strings(rules.next_content_url, is_url=True) if u.strip()]
            if rules.next_content_url
            else []
        )
        return text, next_urls


def _is_web(url: str) -> bool:
    return url.strip().lower().startswith(("http://", "https://"))


def _truthy(value: str) -> bool:
    return value.strip().lower() not in _FALSE_WORDS
