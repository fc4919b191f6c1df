"""Reading a search result and a book page with a source's rules, field by field as Legado.

Core fields (bookList, name, bookUrl, tocUrl …) fail the step with the rule's error. The
optional ones (kind, wordCount, lastChapter, intro, coverUrl) fail alone: Legado wraps each
in its own try and leaves the field empty; here the field is left empty too, with a note
naming the rule and its problem (``Notes``), so a source with one broken cover rule still
finds books.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace

from novelfetch.core.models import Book, SearchResult
from novelfetch.core.sources.rules import jsonpath
from novelfetch.core.sources.rules.analyze import Analyzer, Node, RuleContext
from novelfetch.core.sources.rules.document import JsonNode, absolute_url
from novelfetch.core.sources.rules.eval_errors import NeedsJavaScriptError, RuleError
from novelfetch.core.sources.rules.model import RuleSource
from novelfetch.core.sources.rules.page_metadata import page_metadata
from novelfetch.core.sources.rules.urls import build_request

log = logging.getLogger(__name__)

_MAX_NOTES = 50


@dataclass(slots=True)
class Notes:
    """What went wrong without failing the step: one line per broken optional rule."""

    lines: list[str] = field(default_factory=list)

    def add(self, line: str) -> None:
        if line not in self.lines and len(self.lines) < _MAX_NOTES:
            self.lines.append(line)
            log.info("%s", line)


@dataclass(slots=True)
class BookPage:
    book: Book
    toc_url: str
    variables: dict[str, str] = field(default_factory=dict)


def optional_string(
    analyzer: Analyzer,
    rule: str,
    node: Node | None,
    what: str,
    notes: Notes,
    *,
    is_url: bool = False,
) -> str:
    """An optional field's text; '' with a note when its rule fails (as Legado drops it)."""
    if not rule:
        return ""
    try:
        return analyzer.string(rule, node, is_url=is_url).strip()
    except NeedsJavaScriptError:
        raise  # never here in practice: import drops optional fields that need JavaScript
    except RuleError as error:
        notes.add(f"{what} left empty: {error}")
        return ""


def search_item(
    source: RuleSource, analyzer: Analyzer, node: Node, notes: Notes
) -> SearchResult | None:
    """One entry of a result list; None when it has no name or no book address."""
    rules = source.search
    assert rules is not None
    title = analyzer.string(rules.name, node).strip()
    if not title:
        return None
    # Legado: an entry without a book address is the page the list came from.
    book_url = analyzer.string(rules.book_url, node, is_url=True).strip() or analyzer.url
    return SearchResult(
        source=source.id,
        book=book_url,
        title=title,
        author=analyzer.string(rules.author, node).strip(),
        latest_chapter=optional_string(
            analyzer, rules.last_chapter, node, "ruleSearch.lastChapter", notes
        ),
        cover_url=optional_string(
            analyzer, rules.cover_url, node, "ruleSearch.coverUrl", notes, is_url=True
        ),
        intro=optional_string(analyzer, rules.intro, node, "ruleSearch.intro", notes),
        kind=optional_string(analyzer, rules.kind, node, "ruleSearch.kind", notes),
    )


def parse_book_page(
    source: RuleSource,
    analyzer: Analyzer,
    book_id: str,
    hints: dict[str, str],
    notes: Notes,
    *,
    from_metadata: bool = True,
) -> BookPage:
    """The book a page shows, by ``ruleBookInfo``; what the page's rules leave out comes from
    the search result (``hints``), then (``from_metadata``) from the page's standard markup."""
    rules = source.book_info
    context: RuleContext = analyzer.context
    node = None
    if rules.init:
        nodes = analyzer.elements(rules.init)
        node = nodes[0] if nodes else _json_object(analyzer, rules.init)

    def core(rule: str, hint: str) -> str:
        found = analyzer.string(rule, node).strip() if rule else ""
        return found or hints.get(hint, "")

    def optional(rule: str, hint: str, what: str, *, is_url: bool = False) -> str:
        found = optional_string(analyzer, rule, node, what, notes, is_url=is_url)
        return found or hints.get(hint, "")

    def learned(key: str, value: str, *, keep: bool = False) -> str:
        # Legado sets each field on ``book`` as it reads the page (BookInfo.kt), so a later
        # rule's script reads it (海棠搜书's tocUrl reads book.intro); a name or author the
        # search result gave is kept there, as Legado keeps it unless the source may rename.
        book = context.scripts.book
        if value and not (keep and book.get(key)):
            context.scripts = replace(context.scripts, book={**book, key: value})
        return value

    title = learned("name", core(rules.name, "name"), keep=True)
    author = learned("author", core(rules.author, "author"), keep=True)
    intro = learned("intro", optional(rules.intro, "intro", "ruleBookInfo.intro"))
    cover_url = learned(
        "coverUrl",
        optional(rules.cover_url, "cover_url", "ruleBookInfo.coverUrl", is_url=True),
    )
    complete = title and author and intro and cover_url
    if from_metadata and not complete and not analyzer.document.is_json:
        found = page_metadata(analyzer.document.html_root, source.name)
        title = title or found.name
        author = author or found.author
        intro = intro or found.intro
        cover_url = cover_url or absolute_url(analyzer.url, found.cover_url)
    book = Book(
        source=source.id,
        book_id=book_id,
        title=title,
        author=author,
        intro=intro,
        cover_url=cover_url,
    )
    toc_url = analyzer.string(rules.toc_url, node, is_url=True).strip() if rules.toc_url else ""
    if not toc_url and rules.toc_url_template:
        # so-novel builds the catalog's address from the book's ID in its URL.
        book_key = source.book_id(analyzer.url) or ""
        toc_url = build_request(
            rules.toc_url_template, source.url, variables={"bookId": book_key}
        ).url
    return BookPage(book, toc_url or analyzer.url, dict(context.variables))


def _json_object(analyzer: Analyzer, rule: str) -> JsonNode | None:
    """Legado reads ``init`` with getElement: on a JSON page an object is the item too
    (``"init": "data"`` over ``{"data": {…}}``), where a list rule would find nothing."""
    if not analyzer.document.is_json or "<js>" in rule.lower() or "@js:" in rule.lower():
        return None
    try:
        value = jsonpath.read(analyzer.document.json_value, rule.strip())
    except Exception:  # not a path this engine reads: no item, as before
        return None
    return JsonNode(value) if isinstance(value, dict) else None
