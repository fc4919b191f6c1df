"""What a rule source does with one fetched page: read it, evaluate its rules, return plain data.

Each function here is one task of ``core.workers.pool``: it runs in a worker process, gets the
rule source (sent to the worker once, ``Preloaded``) and a ``PageInput`` (the page's bytes and
the book's rule variables), and returns an ``Extracted`` (plain values, the charset the page was
read with, the variables as the rules left them). Nothing here touches the network, the store
or the event loop; the same functions run in-process in tests and benchmarks, and in a parsing
thread for a source whose rules run scripts (``PageInput.scripts``: their ``java.ajax`` goes
back through the job's session, which only this process has; ``flow.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar
from urllib.parse import urlsplit

from novelfetch.core.budgets import MAX_CHAPTERS_PER_BOOK
from novelfetch.core.models import SearchResult
from novelfetch.core.sources.rules.analyze import Analyzer, RuleContext
from novelfetch.core.sources.rules.eval_errors import RuleError
from novelfetch.core.sources.rules.eval_text import remove_elements
from novelfetch.core.sources.rules.flow_book import BookPage, Notes, parse_book_page, search_item
from novelfetch.core.sources.rules.js_rules import ScriptContext
from novelfetch.core.sources.rules.model import RuleSource
from novelfetch.core.sources.rules.page_text import (
    RawPage,
    read_page,
)
from novelfetch.core.sources.rules.safe_regex import apply_replace_regex

T = TypeVar("T")

_FALSE_WORDS = frozenset({"", "false", "0", "null", "none", "no"})

#: One catalog row: the chapter's name, address, whether it is a volume heading, whether paid.
TocRow = tuple[str, str, bool, bool]


@dataclass(frozen=True, slots=True)
class PageInput:
    """A fetched page and the state its rules read: what crosses to a worker per page."""

    raw: RawPage
    charset_seen: str = ""  # what this site's earlier pages were read with ('' = detect)
    variables: dict[str, str] = field(default_factory=dict)  # @put / @get
    key: str = ""  # the search words
    page: int = 1
    names: dict[str, str] = field(default_factory=dict)  # what templates read: book.name …
    # The source's scripts (state, java.ajax through the job's session): only in-process, for a
    # source whose rules run JavaScript; None crosses to a worker (it runs no scripts).
    scripts: ScriptContext | None = None

    def context(self) -> RuleContext:
        scripts = self.scripts if self.scripts is not None else ScriptContext()
        variables, names = dict(self.variables), dict(self.names)
        return RuleContext(variables, self.key, self.page, scripts=scripts, names=names)


@dataclass(frozen=True, slots=True)
class Extracted(Generic[T]):
    """A task's answer: its value, the charset the page was read with, the variables after."""

    value: T
    charset: str
    variables: dict[str, str]
    notes: tuple[str, ...] = ()  # optional rules that failed alone (``flow_book.Notes``)


def _read(rule: RuleSource, page_input: PageInput) -> tuple[Analyzer, RuleContext, str]:
    raw = page_input.raw
    page = read_page(raw, {urlsplit(raw.url).netloc: page_input.charset_seen})
    context = page_input.context()
    return Analyzer(page.text, raw.url, context), context, page.charset


def search_page(
    rule: RuleSource, page_input: PageInput
) -> Extracted[list[tuple[SearchResult, dict[str, str]]]]:
    """Every book a search result page lists, each with the variables its rules put."""
    rules = rule.search
    assert rules is not None
    analyzer, context, charset = _read(rule, page_input)
    notes = Notes()

    def answer(found: list[tuple[SearchResult, dict[str, str]]]) -> Extracted[Any]:
        return Extracted(found, charset, dict(context.variables), tuple(notes.lines))

    landed = landed_on_book(rule, analyzer, notes)
    if landed is not None:
        return answer(landed)
    found = []
    nodes = analyzer.elements(rules.book_list)
    if not nodes and not rule.book_url_pattern:
        # Legado: an empty list on a source without bookUrlPattern may be the book.
        return answer(landed_on_book(rule, analyzer, notes, sure=False) or [])
    for node in nodes:
        context.variables = {}
        result = search_item(rule, analyzer, node, notes)
        if result is not None:
            found.append((result, dict(context.variables)))
    return answer(found)


def landed_on_book(
    rule: RuleSource, analyzer: Analyzer, notes: Notes, *, sure: bool = True
) -> list[tuple[SearchResult, dict[str, str]]] | None:
    """A search that answered with a book's own page (an exact title hit), read as that one
    book as Legado does: when ``bookUrlPattern`` claims the address (``sure``), or when the
    list is empty and the book page's rules find a name."""
    if sure and not (rule.book_url_pattern and rule.claims_url(analyzer.url)):
        return None
    analyzer.context.variables = {}
    try:
        loaded = parse_book_page(rule, analyzer, analyzer.url, {}, notes, from_metadata=sure)
    except RuleError:
        if sure:
            raise
        return None  # only a guess that this was the book page: an empty result it is
    book = loaded.book
    if not book.title:
        return [] if sure else None
    result = SearchResult(
        source=rule.id,
        book=book.book_id,
        title=book.title,
        author=book.author,
        cover_url=book.cover_url,
        intro=book.intro,
    )
    return [(result, loaded.variables)]


def book_page(
    rule: RuleSource, page_input: PageInput, book_url: str, hints: dict[str, str]
) -> Extracted[BookPage]:
    """The book's details and its catalog's address; ``hints`` (what a search said) fill in
    where the page's rules find nothing."""
    analyzer, context, charset = _read(rule, page_input)
    notes = Notes()
    loaded = parse_book_page(rule, analyzer, book_url, hints, notes)
    return Extracted(loaded, charset, dict(context.variables), tuple(notes.lines))


def toc_page(rule: RuleSource, page_input: PageInput) -> Extracted[tuple[list[TocRow], list[str]]]:
    """One catalog page's rows, and the addresses of the catalog pages it links to."""
    rules = rule.toc
    analyzer, context, charset = _read(rule, page_input)
    rows = []
    for node in analyzer.elements(rules.chapter_list):
        if len(rows) > MAX_CHAPTERS_PER_BOOK:
            break  # over the budget already: the flow's catalog() refuses the book
        name = analyzer.string(rules.chapter_name, node).strip()
        is_volume = _truthy(analyzer.string(rules.is_volume, node)) if rules.is_volume else False
        url = "" if is_volume else analyzer.string(rules.chapter_url, node, is_url=True).strip()
        paid = any(
            _truthy(analyzer.string(rule_text, node))
            for rule_text in (rules.is_vip, rules.is_pay)
            if rule_text
        )
        rows.append((name, url, is_volume, paid))
    next_urls = (
        [u for u in analyzer.strings(rules.next_toc_url, is_url=True) if is_web(u)]
        if rules.next_toc_url
        else []
    )
    return Extracted((rows, next_urls), charset, dict(context.variables))


def content_page(rule: RuleSource, page_input: PageInput) -> Extracted[tuple[str, list[str]]]:
    """One page of a chapter's text, and the addresses of the pages that continue it."""
    rules = rule.content
    analyzer, context, charset = _read(rule, page_input)
    if rules.remove_selectors:
        remove_elements(analyzer.document.html_root, rules.remove_selectors)
    text = analyzer.string(rules.content)
    if rules.replace_regex:
        replace_regex = analyzer.fill_templates(rules.replace_regex)
        if rule.kind == "sonovel":
            # so-novel filters the HTML, where a pattern like "[^<]*" stops at the next tag;
            # on text it would run to the end, so it is applied line by line.
            text = "\n".join(apply_replace_regex(replace_regex, line) for line in text.split("\n"))
        else:
            text = apply_replace_regex(replace_regex, text)
    next_urls = (
        [u for u in analyzer.strings(rules.next_content_url, is_url=True) if u.strip()]
        if rules.next_content_url
        else []
    )
    return Extracted((text, next_urls), charset, dict(context.variables))


def is_web(url: str) -> bool:
    """Whether ``url`` is a web address (a "next page" of ``data:`` or ``javascript:`` is not)."""
    return url.strip().lower().startswith(("http://", "https://"))


def _truthy(value: str) -> bool:
    return value.strip().lower() not in _FALSE_WORDS
