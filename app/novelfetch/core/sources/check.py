"""Try a source the way a download uses it: search, then the first result's details, catalog
and first chapter, saying which step failed. ``sources test`` and the Sources page share it.

What is searched for: the words given; else the source's own check word (Legado's
``checkKeyWord``, or one of ours for a built-in). A source with neither (every so-novel rule,
many Legado ones) is tried with a book from its own home page: the first link there that is
one of its book addresses (its ``bookUrlPattern`` / ``book.url``); its title is searched for,
and the book is tried even if the search does not find it. Given a book address instead of
words, the check skips the search and tries that book.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import urljoin

import aiohttp
import lxml.etree
import lxml.html

from novelfetch.core import messages as said
from novelfetch.core.errors import BadInputError, NovelFetchError, SourceError
from novelfetch.core.messages import Message
from novelfetch.core.net.http import HttpSettings, open_session
from novelfetch.core.net.retry import RequestGate, RetryPolicy, call_with_retry
from novelfetch.core.sources.base import SourceSettings, SupportsSearch
from novelfetch.core.sources.memory import MemoryDict
from novelfetch.core.sources.registry import SourceEntry
from novelfetch.core.sources.rules.pages import fetch_page
from novelfetch.core.sources.rules.urls import RequestSpec
from novelfetch.core.text.cleaning import clean_text

T = TypeVar("T")
# What to search for on a built-in source that names no check word of its own.
BUILTIN_CHECK_WORDS = {"baidu": "斗罗大陆", "sample": "青云"}
_POLICY = RetryPolicy(retries=1, backoff_max=2.0, retry_after_max=5.0)


@dataclass(frozen=True, slots=True)
class CheckStep:
    """One step's outcome: ``ok``, what it found or why it failed, and how long it took."""

    name: Message  # ``str()`` of it is English; the window translates it
    ok: bool
    detail: Message
    seconds: float = 0.0


class _Stop(Exception):
    pass


def check_words(entry: SourceEntry, words: str = "") -> str:
    """The words a check searches for: the user's, else the source's own check word; "" when
    there are none (the check then takes a book from the source's home page)."""
    own = entry.rule.search.check_key_word if entry.rule and entry.rule.search else ""
    return words.strip() or own or BUILTIN_CHECK_WORDS.get(entry.id, "")


def _is_address(text: str) -> bool:
    return text.strip().lower().startswith(("http://", "https://"))


async def _book_on_home_page(
    entry: SourceEntry, session: aiohttp.ClientSession, http: HttpSettings
) -> tuple[str, str]:
    """``(address, title)`` of the first book linked from the source's home page."""
    rule = entry.rule
    if rule is None or not entry.url:
        raise SourceError(said.CHECK_NO_HOME_PAGE())
    if not rule.book_url_pattern:
        raise SourceError(said.CHECK_NO_BOOK_PATTERN())
    spec = RequestSpec("GET", entry.url, None, dict(rule.headers), "")
    page = await fetch_page(session, spec, http)
    found = book_link(page.text, page.url, rule.claims_url)
    if found is None:
        raise SourceError(said.CHECK_NO_BOOK_LINK(page=page.url))
    return found


def book_link(html: str, base: str, is_book: Callable[[str], bool]) -> tuple[str, str] | None:
    """``(address, link text)`` of the first link in ``html`` that ``is_book`` accepts."""
    if not html.strip():
        return None
    try:
        document = lxml.html.document_fromstring(html, base_url=base)
    except (lxml.etree.ParserError, ValueError):
        return None
    for anchor in document.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:")):
            continue
        address = urljoin(base, href)
        if _is_address(address) and is_book(address):
            return address, " ".join(anchor.text_content().split())
    return None


async def check_source(
    entry: SourceEntry,
    words: str,
    on_step: Callable[[CheckStep], None],
    *,
    settings: SourceSettings | None = None,
    timeout: float = 30.0,
) -> bool:
    """Walk ``entry`` through every step of a download; True when all of them worked.

    ``words``: what to search for, or a book address of the source (no search then), or ""
    (the source's own check word, else a book from its home page).
    """
    if not entry.usable:
        raise BadInputError(f"source {entry.id} cannot be used: {'; '.join(entry.problems)}")
    address = words.strip() if _is_address(words) else ""
    words = "" if address else check_words(entry, words)
    settings = settings or SourceSettings(http=HttpSettings(read_timeout=timeout))
    gate = RequestGate(2)

    async def step(
        name: Message, call: Callable[[], Awaitable[T]], say: Callable[[T], Message]
    ) -> T:
        started = time.monotonic()
        try:
            async with asyncio.timeout(timeout):
                value = await call_with_retry(call, _POLICY, gate)
        except TimeoutError:
            on_step(CheckStep(name, False, said.CHECK_NO_ANSWER(seconds=timeout), timeout))
            raise _Stop from None
        except NovelFetchError as error:
            on_step(CheckStep(name, False, said.message_of(error), time.monotonic() - started))
            raise _Stop from None
        on_step(CheckStep(name, True, say(value), time.monotonic() - started))
        return value

    def fail(name: Message, detail: Message) -> bool:
        on_step(CheckStep(name, False, detail))
        return False

    policy = entry.network_policy(settings.cookie)
    async with open_session(settings.http, 4, policy=policy) as session:
        async with entry.open(session, settings, MemoryDict()) as adapter:
            try:
                worked = True
                if not address and not words:
                    address, words = await step(
                        said.CHECK_HOME_PAGE(),
                        lambda: _book_on_home_page(entry, session, settings.http),
                        lambda found: said.CHECK_HOME_BOOK(title=found[1] or "?", address=found[0]),
                    )
                if words and not isinstance(adapter, SupportsSearch):
                    if not address:
                        return fail(said.CHECK_SEARCH_STEP(), said.CHECK_CANNOT_SEARCH())
                elif words:
                    assert isinstance(adapter, SupportsSearch)
                    searcher = adapter
                    results = await step(
                        said.CHECK_SEARCH(words=words),
                        lambda: searcher.search(words),
                        lambda found: said.CHECK_FOUND(count=len(found)),
                    )
                    if results:
                        address = address or results[0].book
                    elif not address:
                        return fail(said.CHECK_SEARCH_STEP(), said.CHECK_NOTHING_FOUND())
                    else:
                        worked = fail(said.CHECK_SEARCH_STEP(), said.CHECK_HOME_BOOK_MISSING())
                book_id = entry.parse_ref(address)
                await step(
                    said.CHECK_DETAILS(),
                    lambda: adapter.details(book_id),
                    lambda book: said.CHECK_BOOK(title=book.title, author=book.author or "?"),
                )
                chapters = await step(
                    said.CHECK_CATALOG(),
                    lambda: adapter.catalog(book_id),
                    lambda found: said.CHECK_CHAPTERS(count=len(found)),
                )
                if not chapters:
                    return fail(said.CHECK_CATALOG(), said.CHECK_EMPTY_CATALOG())
                await step(
                    said.CHECK_CHAPTER(title=chapters[0].title),
                    lambda: adapter.chapter(book_id, chapters[0]),
                    lambda text: said.CHECK_CHARACTERS(count=len(clean_text(text))),
                )
            except _Stop:
                return False
            except BadInputError as error:  # a book address that is not this source's
                return fail(said.CHECK_BOOK_ADDRESS(), said.message_of(error))
            finally:
                # Optional rules that failed alone (a rule source leaves the field empty).
                for line in getattr(getattr(adapter, "notes", None), "lines", ()):
                    on_step(CheckStep(said.CHECK_NOTE(), True, said.plain(line)))
    return worked
