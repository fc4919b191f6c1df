"""so-novel rules compiled into the RuleSource model, as Legado rule strings.

so-novel (freeok/so-novel, ``model/Rule.java``) names CSS selectors (XPath when they start
with ``/`` or ``(``) and takes from each element what its parser expects. The translation:

- a CSS selector becomes ``@css:<selector>@<output>``, an XPath one ``@XPath:<path>`` with
  ``/@attr`` or ``//text()`` appended. Output: ``text``; ``content`` for ``meta`` elements
  (the ``og:novel:*`` tags); ``src`` for a cover ``img``; ``html`` for chapter text.
  *Approximate*: so-novel decides per element at run time, this decides by the selector's
  last step, and several matches join with newlines (Legado) instead of spaces (jsoup).
- ``search.url`` with ``%s`` and ``data`` (loose JSON, one ``%s`` value) become a Legado URL
  rule with ``{{key}}`` and a form body; ``cookies`` become a Cookie header.
- ``search.bookName``'s link is the book URL; ``search.nextPage`` (with ``pagination``)
  lists the other result pages (``SearchRules.next_url``).
- ``book.url`` (a regex, group 1 = the book ID) is ``book_url_pattern``; ``toc.url`` with
  ``%s`` becomes ``BookInfoRules.toc_url_template`` with ``{{bookId}}``.
- ``toc.item`` (links) is the chapter list, prefixed by ``toc.list`` when given; ``isDesc``
  reverses it (Legado's leading ``-``); ``toc.nextPage`` (links or ``<option>`` values) is
  ``next_toc_url``. ``toc.baseUri`` is not kept: links resolve against the page's address.
- ``chapter.filterTxt`` becomes ``replace_regex`` (``##regex``, applied to the text, where
  so-novel applies it to the HTML); ``filterTag`` (tag names separated by spaces) becomes
  ``remove_selectors``; ``nextPage`` becomes ``next_content_url``. ``paragraphTag`` is not
  kept: the engine's HTML-to-text step already breaks lines at ``<br>`` and ``<p>``.
- ``crawl`` becomes the RateLimit; ``disabled`` → not enabled; ``language`` is kept.
- Not kept: ``search.disabled`` (leave out of so-novel's aggregated search), ``timeout``,
  ``baseUri``, ``needProxy``, ``nextPageInJs``, ``nextChapterLink``, ``lastUpdateTime`` and
  ``status`` (the model has no place for them; ``raw`` still holds them).
- A selector with ``@js:``/``@java:`` (or the older ``##`` script separator) needs
  JavaScript: a problem on the core path, a dropped field otherwise.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urlsplit

from novelfetch.core import messages as said
from novelfetch.core.messages import Message, message_of
from novelfetch.core.pattern_budget import PatternError, compile_bounded
from novelfetch.core.sources.rules.model import (
    BookInfoRules,
    ContentRules,
    RateLimit,
    RuleFileError,
    RuleSource,
    SearchRules,
    TocRules,
    source_id,
)
from novelfetch.core.sources.rules.rate import sonovel_crawl_rate
from novelfetch.core.sources.rules.reasons import in_field, in_source_field, pattern_problem
from novelfetch.core.sources.rules.textjson import loads_lenient

SECTIONS = ("search", "book", "toc", "chapter")
_SCRIPT = re.compile(r"@js:|@java:|##", re.IGNORECASE)
_LAST_STEP = re.compile(r"[\s>+~]+")


def is_sonovel(obj: Mapping[str, Any]) -> bool:
    return "url" in obj and any(isinstance(obj.get(name), dict) for name in SECTIONS)


def label_of(obj: Mapping[str, Any]) -> str:
    for key in ("name", "url"):
        value = obj.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def parse_sonovel(obj: Mapping[str, Any], *, label: str) -> RuleSource:
    """One so-novel rule object; RuleFileError (naming ``label`` and the field) if malformed."""
    url = _text(obj, "url", label).strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RuleFileError(in_source_field(label, "url", said.NOT_WEB_ADDRESS(value=url)))
    sections = {name: _section(obj, name, label) for name in SECTIONS}
    compiler = _Compiler(label)
    search = compiler.search(sections["search"])
    book_info, pattern = compiler.book(sections["book"], sections["toc"])
    toc = compiler.toc(sections["toc"])
    content = compiler.chapter(sections["chapter"])
    try:
        rate = sonovel_crawl_rate(obj.get("crawl"))
    except RuleFileError as error:
        rate = RateLimit()
        compiler.problems.append(message_of(error))
    return RuleSource(
        id=source_id("sonovel", url),
        name=_text(obj, "name", label).strip() or url,
        url=url,
        kind="sonovel",
        group="",
        enabled=not _flag(obj, "disabled", label),
        headers={},
        book_url_pattern=pattern,
        rate=rate,
        search=search,
        book_info=book_info,
        toc=toc,
        content=content,
        raw=dict(obj),
        language=_text(obj, "language", label).strip(),
        problem_messages=tuple(compiler.problems),
        dropped_messages=tuple(compiler.dropped),
    )


class _Compiler:
    def __init__(self, label: str) -> None:
        self.label = label
        self.problems: list[Message] = []
        self.dropped: list[Message] = []

    def selector(
        self, section: Mapping[str, Any], section_name: str, key: str, output: str, *, core: bool
    ) -> str:
        """The Legado rule for one so-novel selector field ('' when absent or dropped)."""
        raw = _field(section, section_name, key, self.label).strip()
        if not raw:
            return ""
        script = _SCRIPT.search(raw)
        if script:
            message = in_field(
                f"{section_name}.{key}", said.NEEDS_JAVASCRIPT(marker=script.group(0))
            )
            (self.problems if core else self.dropped).append(message)
            return ""
        return selector_rule(raw, output)

    def search(self, section: Mapping[str, Any]) -> SearchRules | None:
        url = _field(section, "search", "url", self.label).strip()
        if not url:
            return None
        result = self.selector(section, "search", "result", "", core=True)
        name_selector = _field(section, "search", "bookName", self.label)
        name = self.selector(section, "search", "bookName", "text", core=True)
        book_url = selector_rule(name_selector.strip(), "href") if name else ""
        if not result or not name:
            if not any(str(p).startswith("search.") for p in self.problems):
                either = {"first": "search.result", "second": "search.bookName"}
                self.dropped.append(said.NO_SEARCH_EITHER(**either))
            return None
        paging = _flag(section, "pagination", self.label, where="search.")
        return SearchRules(
            url=self.search_url(section, url),
            book_list=result,
            name=name,
            author=self.selector(section, "search", "author", "text", core=False),
            kind=self.selector(section, "search", "category", "text", core=False),
            word_count=self.selector(section, "search", "wordCount", "text", core=False),
            last_chapter=self.selector(section, "search", "latestChapter", "text", core=False),
            intro="",
            cover_url="",
            book_url=book_url,
            check_key_word="",
            next_url=self.selector(section, "search", "nextPage", "href", core=False)
            if paging
            else "",
        )

    def search_url(self, section: Mapping[str, Any], url: str) -> str:
        method = _field(section, "search", "method", self.label).strip().upper() or "GET"
        fields = _loose_object(
            _field(section, "search", "data", self.label), "search.data", self.label
        )
        cookies = _cookies(_field(section, "search", "cookies", self.label), self.label)
        options: dict[str, Any] = {}
        body = "&".join(
            f"{name}={'{{key}}' if value == '%s' else quote(value, safe='')}"
            for name, value in fields.items()
        )
        if method == "POST":
            options["method"] = "POST"
            options["body"] = body
        elif body:
            url = f"{url}{'&' if '?' in url else '?'}{body}"
        if cookies:
            options["headers"] = {"Cookie": cookies}
        rule = url.replace("%s", "{{key}}")
        if options:
            rule += "," + json.dumps(options, ensure_ascii=False)
        return rule

    def book(self, section: Mapping[str, Any], toc: Mapping[str, Any]) -> tuple[BookInfoRules, str]:
        pattern = _field(section, "book", "url", self.label).split("@js:")[0].strip()
        if pattern:
            try:
                compile_bounded(pattern)
            except PatternError as error:
                self.dropped.append(pattern_problem("book.url", error))
                pattern = ""
        toc_url = _field(toc, "toc", "url", self.label).strip()
        template = toc_url.replace("%s", "{{bookId}}") if toc_url else ""
        if "{{bookId}}" in template and not pattern:
            self.problems.append(in_field("toc.url", said.NEEDS_BOOK_ID(pattern="book.url")))
        info = BookInfoRules(
            init="",
            name=self.selector(section, "book", "bookName", "text", core=False),
            author=self.selector(section, "book", "author", "text", core=False),
            kind=self.selector(section, "book", "category", "text", core=False),
            word_count=self.selector(section, "book", "wordCount", "text", core=False),
            last_chapter=self.selector(section, "book", "latestChapter", "text", core=False),
            intro=self.selector(section, "book", "intro", "text", core=False),
            cover_url=self.selector(section, "book", "coverUrl", "src", core=False),
            toc_url="",
            toc_url_template=template,
        )
        return info, pattern

    def toc(self, section: Mapping[str, Any]) -> TocRules:
        item = _field(section, "toc", "item", self.label).strip()
        container = _field(section, "toc", "list", self.label).strip()
        chapter_list = ""
        if not item:
            self.problems.append(in_field("toc.item", said.IS_EMPTY()))
        elif self.selector(section, "toc", "item", "", core=True):
            if container and self.selector(section, "toc", "list", "", core=True):
                chapter_list = selector_rule(_descendant(container, item), "")
            elif not container:
                chapter_list = selector_rule(item, "")
        if chapter_list and _flag(section, "isDesc", self.label, where="toc."):
            chapter_list = "-" + chapter_list
        next_page = ""
        if _flag(section, "pagination", self.label, where="toc."):
            links = self.selector(section, "toc", "nextPage", "href", core=True)
            if links:
                raw = _field(section, "toc", "nextPage", self.label).strip()
                next_page = first_of(raw, ("href", "value"))
        return TocRules(
            chapter_list=chapter_list,
            chapter_name="text",
            chapter_url="href",
            next_toc_url=next_page,
            is_volume="",
            is_vip="",
            is_pay="",
        )

    def chapter(self, section: Mapping[str, Any]) -> ContentRules:
        content = self.selector(section, "chapter", "content", "html", core=True)
        if not content and not any(str(p).startswith("chapter.content") for p in self.problems):
            self.problems.append(in_field("chapter.content", said.IS_EMPTY()))
        filter_text = _field(section, "chapter", "filterTxt", self.label).strip()
        if filter_text:
            try:
                compile_bounded(filter_text)
            except PatternError as error:
                self.dropped.append(pattern_problem("chapter.filterTxt", error))
                filter_text = ""
        paging = _flag(section, "pagination", self.label, where="chapter.")
        return ContentRules(
            content=content,
            title=self.selector(section, "chapter", "title", "text", core=False),
            next_content_url=self.selector(section, "chapter", "nextPage", "href", core=True)
            if paging
            else "",
            replace_regex=f"##{filter_text}" if filter_text else "",
            remove_selectors=_selector_list(_field(section, "chapter", "filterTag", self.label)),
        )


def selector_rule(selector: str, output: str) -> str:
    """A Legado rule for a so-novel selector and the wanted output ('' = the elements)."""
    if selector.startswith(("/", "(")):
        if not output or output == "html":
            return f"@XPath:{selector}"
        if output == "text":
            return f"@XPath:{selector}//text()"
        return f"@XPath:{selector}/@{_element_output(selector, output)}"
    if not output:
        return f"@css:{selector}"
    return f"@css:{selector}@{_element_output(selector, output)}"


def first_of(selector: str, outputs: tuple[str, ...]) -> str:
    """Legado's ``a||b`` (the first output that gives something). The mode prefix
    (``@css:``/``@XPath:``) is read once for the whole rule, so later parts carry none."""
    first = selector_rule(selector, outputs[0])
    prefix = first[: first.index(":") + 1]
    rest = [selector_rule(selector, output).removeprefix(prefix) for output in outputs[1:]]
    return "||".join([first, *rest])


def _element_output(selector: str, output: str) -> str:
    last = _LAST_STEP.split(selector.strip().rstrip(")").strip())[-1].lstrip("/").lower()
    return "content" if last.startswith("meta") else output


def _descendant(container: str, item: str) -> str:
    """``container item`` as one CSS selector, distributing top-level commas."""
    return ", ".join(f"{c} {i}" for c in _split_commas(container) for i in _split_commas(item))


def _split_commas(selector: str) -> list[str]:
    parts, depth, quote_char, current = [], 0, "", []
    for char in selector:
        if quote_char:
            quote_char = "" if char == quote_char else quote_char
        elif char in "\"'":
            quote_char = char
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append("".join(current).strip())
            current = []
            continue
        current.append(char)
    parts.append("".join(current).strip())
    return [part for part in parts if part]


def _loose_object(text: str, what: str, label: str) -> dict[str, str]:
    """so-novel's ``data``: JSON, or the loose ``{searchkey: %s, type: all}`` form."""
    text = text.strip()
    if not text or text == "{}":
        return {}
    try:
        value = loads_lenient(text)
    except ValueError:
        value = None
    if isinstance(value, dict):
        return {str(k): str(v) for k, v in value.items()}
    inner = text.removeprefix("{").removesuffix("}")
    fields: dict[str, str] = {}
    for pair in _split_commas(inner):
        name, colon, value_text = pair.partition(":")
        if not colon or not name.strip():
            raise RuleFileError(in_source_field(label, what, said.NOT_PAIRS()))
        fields[name.strip().strip("\"'")] = value_text.strip().strip("\"'")
    return fields


def _cookies(text: str, label: str) -> str:
    text = text.strip()
    if any(char in text for char in "\r\n\x00"):
        # A line break in a header would let the rule write its own request lines.
        raise RuleFileError(in_source_field(label, "search.cookies", said.LINE_BREAK()))
    if not text or text == "{}":
        return ""
    if text.startswith("{"):
        pairs = _loose_object(text, "search.cookies", label)
        return "; ".join(f"{name}={value}" for name, value in pairs.items())
    return "; ".join(
        f"{name.strip()}={value.strip().strip(chr(39) + chr(34))}"
        for name, _, value in (part.partition("=") for part in text.split(";"))
        if name.strip()
    )


def _section(obj: Mapping[str, Any], name: str, label: str) -> dict[str, Any]:
    value = obj.get(name)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise RuleFileError(in_source_field(label, name, said.MUST_BE_ONLY(what=said.AN_OBJECT())))
    return value


def _text(obj: Mapping[str, Any], key: str, label: str) -> str:
    value = obj.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise RuleFileError(in_source_field(label, key, said.MUST_BE_ONLY(what=said.A_TEXT())))
    return value


def _field(section: Mapping[str, Any], section_name: str, key: str, label: str) -> str:
    value = section.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        must_be_text = said.MUST_BE_ONLY(what=said.A_TEXT())
        raise RuleFileError(in_source_field(label, f"{section_name}.{key}", must_be_text))
    return value


def _flag(obj: Mapping[str, Any], key: str, label: str, *, where: str = "") -> bool:
    value = obj.get(key)
    if value is None or value == "":
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise RuleFileError(in_source_field(label, where + key, said.MUST_BE_TRUE_OR_FALSE()))


def _selector_list(text: str) -> tuple[str, ...]:
    """so-novel's ``filterTag``: a CSS selector list ("script, div.ad"), or tag names
    separated by spaces ("script style") as older rule files write it."""
    parts = text.split(",") if "," in text else text.split()
    return tuple(part.strip() for part in parts if part.strip())
