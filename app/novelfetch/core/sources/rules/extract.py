"""What a rule source does with one fetched page: read it, evaluate its rules, return plain data.

Each function here is one task of ``core.workers.pool``: it runs in a worker process, gets the
rule source (sent to the worker once, ``Preloaded``) and a ``PageInput`` (the page's bytes and
the book's rule variables), and returns an ``Extracted`` (plain values, the charset the page was
read with, the variables as the rules left them). Nothing here touches the store or the event
loop; the same functions run in-process in tests and benchmarks. A source whose rules run
scripts sends its scripts' state with the page (``PageInput.scripts``) and gets back what they
changed (``Extracted.script_changes``); their requests (``java.ajax`` & co.) go back to the
application as host calls (``child.ask_parent``), where the job's session, network policy and
cookies are.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar
from urllib.parse import urlsplit

from novelfetch.core.budgets import MAX_CHAPTERS_PER_BOOK
from novelfetch.core.models import SearchResult
from novelfetch.core.sources.rules.analyze import Analyzer, RuleContext
from novelfetch.core.sources.rules.eval_errors import RuleError
from novelfetch.core.sources.rules.eval_text import remove_elements
from novelfetch.core.sources.rules.flow_book import BookPage, Notes, parse_book_page, search_item
from novelfetch.core.sources.rules.js.host import HttpAnswer, ScriptState
from novelfetch.core.sources.rules.js.state_changes import (
    StateChanges,
    changes_between,
    private_copy,
)
from novelfetch.core.sources.rules.js_rules import (
    ScriptContext,
    as_text,
    expand_url_scripts,
    run_rule_script,
    source_facts,
    url_script_runner,
)
from novelfetch.core.sources.rules.model import RuleSource
from novelfetch.core.sources.rules.page_text import (
    RawPage,
    read_page,
)
from novelfetch.core.sources.rules.safe_regex import apply_replace_regex
from novelfetch.core.sources.rules.url_js_option import split_js_option
from novelfetch.core.sources.rules.urls import RequestSpec, build_request
from novelfetch.core.workers.child import ask_parent

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
    # For a source whose rules run JavaScript, its scripts' state and the book and chapter they
    # read (``for_task``); the rest (source fields, jsLib, the network) is made where it runs.
    scripts: ScriptContext | None = None

    def context(self, rule: RuleSource) -> RuleContext:
        scripts = ScriptContext()
        if self.scripts is not None:
            scripts = dataclasses.replace(
                self.scripts,
                fetch=fetch_through_host,
                source=source_facts(rule),
                library=rule.script_library,
            )
        variables, names = dict(self.variables), dict(self.names)
        return RuleContext(variables, self.key, self.page, scripts=scripts, names=names)


def for_task(scripts: ScriptContext) -> ScriptContext:
    """What of a source's scripts travels with a page: a private copy of their state, the book
    and chapter they read, and their cookie jar as host calls (``HostCookies``); not the
    network seam nor the source's fields (``PageInput.context``)."""
    # Not the log (only the page's new lines come back) nor the java.put values (the page's
    # rule variables, which travel as ``PageInput.variables``).
    state = dataclasses.replace(private_copy(scripts.state), log=[], variables={})
    return ScriptContext(
        state=state,
        cookies=HostCookies() if scripts.cookies is not None else None,
        book=scripts.book,
        chapter=scripts.chapter,
        limits=scripts.limits,
    )


class HostCookies:
    """The source's cookie jar (``host.CookieJar``) for scripts in a worker: each call is
    made by the application on the jar its requests send (``js_network.host_calls``)."""

    def read(self, url: str) -> str:
        cookie: str = ask_parent("cookie.read", url)
        return cookie

    def write(self, url: str, cookie: str, *, merge: bool = False) -> bool:
        kept: bool = ask_parent("cookie.write", url, cookie, merge)
        return kept

    def forget(self, url: str) -> None:
        ask_parent("cookie.forget", url)


def fetch_through_host(
    method: str,
    url_rule: str,
    headers: dict[str, str],
    body: str | None,
    jsoup: bool = False,
    binary: bool = False,
) -> HttpAnswer:
    """A script's request, made by the application (``js_network.host_calls``)."""
    answer: HttpAnswer = ask_parent("fetch", method, url_rule, headers, body, jsoup, binary)
    return answer


@dataclass(frozen=True, slots=True)
class Extracted(Generic[T]):
    """A task's answer: its value, the charset the page was read with, the variables after."""

    value: T
    charset: str
    variables: dict[str, str]
    notes: tuple[str, ...] = ()  # optional rules that failed alone (``flow_book.Notes``)
    script_changes: StateChanges | None = None  # what scripts changed in the source's state


@dataclass(slots=True)
class _Reading:
    """A page being read: its analyzer, and what its answer needs."""

    analyzer: Analyzer
    context: RuleContext
    charset: str
    scripts_before: ScriptState | None  # a copy of the scripts' state as it came

    def answer(self, value: T, notes: Notes | None = None) -> Extracted[T]:
        changes = None
        if self.scripts_before is not None:
            changes = changes_between(self.scripts_before, self.context.scripts.state) or None
        lines = tuple(notes.lines) if notes is not None else ()
        return Extracted(value, self.charset, dict(self.context.variables), lines, changes)


def _read(rule: RuleSource, page_input: PageInput) -> _Reading:
    raw = page_input.raw
    page = read_page(raw, {urlsplit(raw.url).netloc: page_input.charset_seen})
    context = page_input.context(rule)
    before = private_copy(context.scripts.state) if page_input.scripts is not None else None
    return _Reading(Analyzer(page.text, raw.url, context), context, page.charset, before)


def search_page(
    rule: RuleSource, page_input: PageInput
) -> Extracted[list[tuple[SearchResult, dict[str, str]]]]:
    """Every book a search result page lists, each with the variables its rules put."""
    rules = rule.search
    assert rules is not None
    reading = _read(rule, page_input)
    analyzer, context = reading.analyzer, reading.context
    notes = Notes()

    def answer(found: list[tuple[SearchResult, dict[str, str]]]) -> Extracted[Any]:
        return reading.answer(found, notes)

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
    reading = _read(rule, page_input)
    notes = Notes()
    loaded = parse_book_page(rule, reading.analyzer, book_url, hints, notes)
    return reading.answer(loaded, notes)


def toc_page(rule: RuleSource, page_input: PageInput) -> Extracted[tuple[list[TocRow], list[str]]]:
    """One catalog page's rows, and the addresses of the catalog pages it links to."""
    rules = rule.toc
    reading = _read(rule, page_input)
    analyzer = reading.analyzer
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
    return reading.answer((rows, next_urls))


def content_page(rule: RuleSource, page_input: PageInput) -> Extracted[tuple[str, list[str]]]:
    """One page of a chapter's text, and the addresses of the pages that continue it."""
    rules = rule.content
    reading = _read(rule, page_input)
    analyzer = reading.analyzer
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
    return reading.answer((text, next_urls))


def url_request(rule: RuleSource, page_input: PageInput, url_rule: str) -> Extracted[RequestSpec]:
    """The request for a URL rule whose scripts run (they may fetch: host calls), built with
    the rules' context at ``page_input.raw.url``, the rule's base (its body is not read)."""
    base = page_input.raw.url
    context = page_input.context(rule)
    before = private_copy(context.scripts.state) if page_input.scripts is not None else None
    reading = _Reading(Analyzer("", base, context), context, page_input.charset_seen, before)
    return reading.answer(scripted_request(url_rule, base, context, rule))


def scripted_request(
    url_rule: str, base: str, context: RuleContext, rule: RuleSource
) -> RequestSpec:
    """Build a request from a URL rule, running its scripts (Legado's AnalyzeUrl)."""
    analyzer = Analyzer("", base, context)
    text, option_script = split_js_option(expand_url_scripts(url_rule, analyzer))
    spec = build_request(
        text,
        base,
        key=context.key,
        page=context.page,
        headers=rule.headers,
        javascript=url_script_runner(analyzer),
    )
    if not option_script:
        return spec
    # the js option: its value is the address (``result``: the one built), as in AnalyzeUrl
    url = as_text(run_rule_script(analyzer, option_script, spec.url, None)).strip()
    return dataclasses.replace(spec, url=url or spec.url)


def rule_string(html: str, url: str, rule_text: str) -> str:
    """One rule's text on a page of ``html`` at ``url`` (the self-test's check that scripts
    run in a worker process)."""
    return Analyzer(html, url, RuleContext()).string(rule_text)


def is_web(url: str) -> bool:
    """Whether ``url`` is a web address (a "next page" of ``data:`` or ``javascript:`` is not)."""
    return url.strip().lower().startswith(("http://", "https://"))


def _truthy(value: str) -> bool:
    return value.strip().lower() not in _FALSE_WORDS
