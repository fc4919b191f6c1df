"""Legado (阅读 3.x) book sources compiled into the RuleSource model.

Field names follow Legado's ``BookSource`` and its ``rule/*.kt`` classes. The rule text is
kept as written (the engine reads Legado's language); this module checks types, reads the
lenient bits (``rule*`` sections and ``header`` as JSON text, ``concurrentRate``) and decides
what can run without JavaScript.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

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
from novelfetch.core.sources.rules.rate import parse_concurrent_rate
from novelfetch.core.sources.rules.reasons import (
    in_field,
    in_source,
    in_source_field,
    pattern_problem,
    type_name,
)
from novelfetch.core.sources.rules.rule_syntax import (
    library_syntax_problem,
    script_syntax_problem,
    syntax_problem,
)
from novelfetch.core.sources.rules.textjson import loads_lenient
from novelfetch.core.sources.rules.urls import (
    normalize_charset,
    options_unreadable,
    parse_url_options,
    split_url_rule,
)
from novelfetch.core.sources.rules.usability import (
    evaluated_field_problem,
    javascript_in,
    library_problem,
    rule_problem,
    scripted_fields,
    url_problem,
)

# Keys only Legado 2.x files have (a flat format this module does not read).
LEGADO2_KEYS = frozenset(
    {"ruleBookName", "ruleSearchUrl", "ruleSearchList", "ruleChapterList", "ruleBookContent"}
)
LEGADO_KEYS = frozenset(
    {"bookSourceUrl", "bookSourceName", "ruleSearch", "ruleToc", "ruleContent", "ruleBookInfo"}
)
_SOURCE_TYPES = {1: said.SOURCE_AUDIO, 2: said.SOURCE_IMAGE, 3: said.SOURCE_FILES}

# (model field, Legado key, part of the core path?)
_SEARCH = (
    ("book_list", "bookList", True),
    ("name", "name", True),
    ("author", "author", False),
    ("kind", "kind", False),
    ("word_count", "wordCount", False),
    ("last_chapter", "lastChapter", False),
    ("intro", "intro", False),
    ("cover_url", "coverUrl", False),
    ("book_url", "bookUrl", True),
    ("check_key_word", "checkKeyWord", False),
)
_BOOK_INFO = (
    ("init", "init", True),
    ("name", "name", False),
    ("author", "author", False),
    ("kind", "kind", False),
    ("word_count", "wordCount", False),
    ("last_chapter", "lastChapter", False),
    ("intro", "intro", False),
    ("cover_url", "coverUrl", False),
    ("toc_url", "tocUrl", True),
)
_TOC = (
    ("chapter_list", "chapterList", True),
    ("chapter_name", "chapterName", True),
    ("chapter_url", "chapterUrl", True),
    ("next_toc_url", "nextTocUrl", True),
    ("is_volume", "isVolume", False),
    ("is_vip", "isVip", False),
    ("is_pay", "isPay", False),
)
_CONTENT = (
    ("content", "content", True),
    ("title", "title", False),
    ("next_content_url", "nextContentUrl", True),
    ("replace_regex", "replaceRegex", False),
)


# Rules that give a list of items, not text.
_LIST_FIELDS = frozenset({"bookList", "chapterList", "init"})
# Rules whose result Legado fetches as a URL (so it may carry URL options).
_URL_FIELDS = frozenset({"bookUrl", "tocUrl", "chapterUrl", "nextTocUrl", "nextContentUrl"})


def is_legado(obj: Mapping[str, Any]) -> bool:
    return not LEGADO_KEYS.isdisjoint(obj) or not LEGADO2_KEYS.isdisjoint(obj)


def label_of(obj: Mapping[str, Any]) -> str:
    for key in ("bookSourceName", "bookSourceUrl"):
        value = obj.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def parse_legado(obj: Mapping[str, Any], *, label: str) -> RuleSource:
    """One Legado source object; RuleFileError (naming ``label`` and the field) if malformed."""
    if not LEGADO2_KEYS.isdisjoint(obj):
        raise RuleFileError(in_source(label, said.LEGADO_2(key="ruleBookName")))
    fields = _Fields(obj, label)
    full_url = fields.text("bookSourceUrl").strip()
    if not full_url:
        raise RuleFileError(in_source_field(label, "bookSourceUrl", said.IS_MISSING()))
    base_url = full_url.partition("#")[0].strip()
    if not _web_address(base_url):
        not_web = said.NOT_WEB_ADDRESS(value=base_url)
        raise RuleFileError(in_source_field(label, "bookSourceUrl", not_web))

    problems: list[Message] = []
    dropped: list[Message] = []
    source_type = obj.get("bookSourceType", 0)
    if source_type not in (0, "0", None, ""):
        kind = _SOURCE_TYPES.get(_as_int(source_type))
        named = kind() if kind else said.SOURCE_OTHER(value=source_type)
        problems.append(said.NOT_TEXT_SOURCE(field="bookSourceType", type=source_type, kind=named))

    try:
        rate = parse_concurrent_rate(obj.get("concurrentRate"))
    except RuleFileError as error:
        rate = RateLimit()
        problems.append(message_of(error))

    sections = {name: fields.section(name) for name in _SECTION_NAMES}
    search = _search_rules(fields.text("searchUrl"), sections["ruleSearch"], problems, dropped)
    book_info = BookInfoRules(
        **_compile(sections["ruleBookInfo"], "ruleBookInfo", _BOOK_INFO, problems, dropped)
    )
    toc = TocRules(**_compile(sections["ruleToc"], "ruleToc", _TOC, problems, dropped))
    content = ContentRules(
        **_compile(sections["ruleContent"], "ruleContent", _CONTENT, problems, dropped)
    )
    for path, rule in (
        ("ruleToc.chapterList", toc.chapter_list),
        ("ruleContent.content", content.content),
    ):
        if not rule.strip():
            problems.append(in_field(path, said.IS_EMPTY()))

    named = (("ruleSearch", _SEARCH), ("ruleBookInfo", _BOOK_INFO), ("ruleToc", _TOC),
             ("ruleContent", _CONTENT))  # fmt: skip
    scripted = scripted_fields(
        [("searchUrl", search.url if search else "")]
        + [
            (f"{name}.{key}", sections[name].get(key, ""))
            for name, fields_ in named
            for _, key, _ in fields_
        ]
    )
    library = fields.text("jsLib") if scripted else ""
    problem = library_problem(library) or library_syntax_problem(library)
    if problem:  # it runs before every script of the source
        problems.append(problem)
    core_rules = [search.url if search else "", library] + [
        sections[name].get(key, "") for name, fields_ in named for _, key, core in fields_ if core
    ]
    problem = evaluated_field_problem(core_rules, obj) if scripted else None
    if problem:
        problems.append(problem)
    return RuleSource(
        id=source_id("legado", full_url),
        name=fields.text("bookSourceName").strip() or base_url,
        url=base_url,
        kind="legado",
        group=fields.text("bookSourceGroup").strip(),
        enabled=fields.flag("enabled", default=True),
        cookie_jar=fields.flag("enabledCookieJar", default=False),
        headers=_headers(obj.get("header"), dropped, label),
        book_url_pattern=_book_url_pattern(fields.text("bookUrlPattern"), dropped),
        rate=rate,
        search=search,
        book_info=book_info,
        toc=toc,
        content=content,
        raw=dict(obj),
        charset=_charset_hint(fields.text("searchUrl")),
        problem_messages=tuple(problems),
        dropped_messages=tuple(dropped),
        scripted=scripted,
        script_library=library,
    )


_SECTION_NAMES = ("ruleSearch", "ruleBookInfo", "ruleToc", "ruleContent")


class _Fields:
    """Typed reads of one source object; errors name the source and the field."""

    def __init__(self, obj: Mapping[str, Any], label: str) -> None:
        self.obj = obj
        self.label = label

    def text(self, key: str) -> str:
        value = self.obj.get(key)
        if value is None:
            return ""
        if not isinstance(value, str):
            raise RuleFileError(self._must_be(key, said.A_TEXT(), type_name(value)))
        return value

    def flag(self, key: str, *, default: bool) -> bool:
        value = self.obj.get(key)
        if value is None or value == "":
            return default
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            return value.strip().lower() == "true"
        if isinstance(value, int) and value in (0, 1):
            return bool(value)
        raise RuleFileError(in_source_field(self.label, key, said.MUST_BE_FLAG(value=value)))

    def section(self, key: str) -> dict[str, str]:
        value = self.obj.get(key)
        if value is None or value == "":
            return {}
        if isinstance(value, str):  # some exporters store a section as JSON text
            try:
                value = loads_lenient(value)
            except ValueError:
                not_json = in_source_field(self.label, key, said.TEXT_NOT_JSON())
                raise RuleFileError(not_json) from None
        if not isinstance(value, dict):
            raise RuleFileError(self._must_be(key, said.AN_OBJECT(), type_name(value)))
        section: dict[str, str] = {}
        for name, rule in value.items():
            if rule is None:
                continue
            if not isinstance(rule, str):
                raise RuleFileError(self._must_be(f"{key}.{name}", said.A_RULE(), type_name(rule)))
            section[str(name)] = rule
        return section

    def _must_be(self, key: str, what: Message, found: Message | str) -> Message:
        return in_source_field(self.label, key, said.MUST_BE(what=what, found=found))


def _compile(
    section: Mapping[str, str],
    prefix: str,
    fields: tuple[tuple[str, str, bool], ...],
    problems: list[Message],
    dropped: list[Message],
) -> dict[str, str]:
    """The section's rules by model field; JavaScript in a core field is a problem, in an
    optional one it drops the field."""
    compiled: dict[str, str] = {}
    for attribute, key, core in fields:
        rule = section.get(key, "")
        where = f"{prefix}.{key}"
        problem = rule_problem(rule, where, gives_url=key in _URL_FIELDS)
        problem = problem or syntax_problem(rule, where, is_list=key in _LIST_FIELDS)
        if problem and core:
            problems.append(problem)
        elif problem:
            dropped.append(problem)
            rule = ""
        compiled[attribute] = rule
    return compiled


def _search_rules(
    search_url: str, section: Mapping[str, str], problems: list[Message], dropped: list[Message]
) -> SearchRules | None:
    if not search_url.strip():
        return None
    missing = [key for key in ("bookList", "name") if not section.get(key, "").strip()]
    if missing:
        dropped.append(said.NO_SEARCH(field=f"ruleSearch.{missing[0]}"))
        return None
    problem = url_problem(search_url, "searchUrl") or script_syntax_problem(search_url, "searchUrl")
    if problem:
        problems.append(problem)
    if options_unreadable(split_url_rule(search_url)[1]):
        dropped.append(said.OPTIONS_IGNORED(field="searchUrl"))
    return SearchRules(
        url=search_url.strip(), **_compile(section, "ruleSearch", _SEARCH, problems, dropped)
    )


def _headers(value: Any, dropped: list[Message], label: str) -> dict[str, str]:
    if value is None or value == "":
        return {}
    if isinstance(value, str):
        if javascript_in(value):
            dropped.append(in_field("header", said.HEADER_SCRIPT()))
            return {}
        try:
            value = loads_lenient(value)
        except ValueError:
            dropped.append(in_field("header", said.HEADER_NOT_JSON()))
            return {}
    if not isinstance(value, dict):
        dropped.append(in_field("header", said.HEADER_NOT_OBJECT()))
        return {}
    headers = {str(k).strip(): str(v) for k, v in value.items() if str(k).strip()}
    for name, text in headers.items():
        if _LINE_BREAK.search(name + text):
            # A line break in a header would let the rule write its own request lines.
            line_break = in_field("header", said.NAMED_LINE_BREAK(name=name[:60]))
            raise RuleFileError(in_source(label, line_break))
    return headers


_LINE_BREAK = re.compile("[\r\n\x00]")


def _book_url_pattern(pattern: str, dropped: list[Message]) -> str:
    pattern = pattern.strip()
    if not pattern:
        return ""
    try:
        compile_bounded(pattern)
    except PatternError as error:
        dropped.append(pattern_problem("bookUrlPattern", error))
        return ""
    return pattern


def _charset_hint(search_url: str) -> str:
    _, options_text = split_url_rule(search_url)
    try:
        options = parse_url_options(options_text)
        charset = normalize_charset(str(options.get("charset") or ""))
    except RuleFileError:
        return ""
    return "" if charset == "escape" else charset


def _web_address(address: str) -> bool:
    try:
        parts = urlsplit(address)
    except ValueError:  # a bracket or a stray character in the host
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _as_int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1
