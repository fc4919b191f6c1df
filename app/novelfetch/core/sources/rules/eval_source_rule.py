"""One rule string taken apart as Legado's AnalyzeRule.SourceRule does, before evaluation.

The mode comes from the prefix (``@CSS:``, ``@@``, ``@XPath:``, ``@Json:``, ``$.``, ``$[``,
``/``; on a JSON page everything unmarked is JSONPath). ``@put:{…}`` parts are cut out,
``@get:{k}`` and ``{{…}}`` templates and ``$1`` group references are found: when a
template starts the rule, or no ``##`` comes before it, the rule is a literal text with
the templates filled in (``https://x/{{$.id}}.html``).
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from functools import lru_cache

from novelfetch.core.sources.rules.closed_patterns import GET, ClosedPattern
from novelfetch.core.sources.rules.eval_errors import NeedsJavaScriptError
from novelfetch.core.sources.rules.gson_lenient import loads_gson_lenient

DEFAULT, XPATH, JSON, LITERAL = "default", "xpath", "json", "literal"

JS_PATTERN = re.compile(r"</?js>|@js:|@java:", re.IGNORECASE)
_JAVA_CALL = re.compile(r"(?<![\w.])java\.\w")  # Legado's bridge object, only usable from JS
_PUT = ClosedPattern(r"@put:(\{[^}]+?\})", "}", re.IGNORECASE)
_EVAL = ClosedPattern(r"@get:\{[^}]+?\}|\{\{[\w\W]*?\}\}", "}}", re.IGNORECASE, tail=GET)
_TEMPLATE = ClosedPattern(r"\{\{([\w\W]*?)\}\}", "}}")
_GROUP_REF = re.compile(r"\$\d{1,2}")
#: ``{{…}}`` bodies filled from the book's context instead of JavaScript.
CONTEXT_TEMPLATES = frozenset({"key", "page"})

try:  # rules-model's evaluator of simple templates ({{page-1}}, encodeURI(key) …), if present
    from novelfetch.core.sources.rules import templates as simple_templates
except ImportError:  # pragma: no cover - depends on which branches are merged
    simple_templates = None


def is_context_template(body: str) -> bool:
    """A ``{{…}}`` body computed from the book's context (``key``, ``page``, ``book.name``,
    ``baseUrl`` …) alone, without JavaScript."""
    if body.strip() in CONTEXT_TEMPLATES:
        return True
    return simple_templates is not None and simple_templates.is_simple(body)


def is_rule_template(body: str) -> bool:
    """Legado: a ``{{…}}`` body starting like a rule is a rule, anything else JavaScript."""
    return body.startswith(("@", "$.", "$[", "//"))


@lru_cache(maxsize=4096)
def needs_javascript(rule: str) -> str | None:
    """Why evaluating ``rule`` would need JavaScript, or None when it does not."""
    if not rule:
        return None
    script = JS_PATTERN.search(rule)
    if script:
        kind = script.group(0).lower()
        kind = "<js>…</js>" if kind.startswith("<") else kind
        return f"it runs JavaScript ({kind})"
    outside_templates = _TEMPLATE.sub(
        lambda found: "" if is_context_template(found.group(1)) else found.group(0), rule
    )
    if _JAVA_CALL.search(outside_templates):
        return "it calls java.… (JavaScript)"
    for template in _TEMPLATE.finditer(rule):
        body = template.group(1)
        if not is_rule_template(body) and not is_context_template(body):
            shown = body if len(body) <= 30 else body[:29] + "…"
            return f"its template {{{{{shown}}}}} is JavaScript"
    return None


def check_no_javascript(rule: str) -> None:
    reason = needs_javascript(rule)
    if reason:
        raise NeedsJavaScriptError(rule, f"not usable: {reason}")


@dataclass(frozen=True, slots=True)
class Piece:
    """Part of a templated rule: ``text``, ``get`` (variable), ``template`` or ``group``."""

    kind: str
    value: str


@dataclass(frozen=True, slots=True)
class SourceRule:
    mode: str
    text: str  # the rule without prefix and @put parts
    puts: tuple[tuple[str, str], ...]
    pieces: tuple[Piece, ...]  # empty when the rule has no templates or group references


def _mode_and_text(rule: str, page_is_json: bool) -> tuple[str, str]:
    head = rule[:7].lower()
    if head.startswith("@css:"):
        return DEFAULT, rule
    if rule.startswith("@@"):
        return DEFAULT, rule[2:]
    if head == "@xpath:":
        return XPATH, rule[7:]
    if head.startswith("@json:"):
        return JSON, rule[6:]
    if page_is_json or rule.startswith(("$.", "$[")):
        return JSON, rule
    if rule.startswith("/"):
        return XPATH, rule
    return DEFAULT, rule


def _parse_put_map(rule: str, text: str) -> list[tuple[str, str]]:
    """The ``@put:{…}`` map's keys and rules. Legado reads it as JSON, then as lenient Gson
    (unquoted values: ``{bid:$.id}``), and ignores a map that is neither; so does this."""
    del rule  # kept for the callers' signature; a bad map is ignored, never an error
    mapping: object = None
    try:
        mapping = json.loads(text)
    except (ValueError, RecursionError):
        try:
            mapping = loads_gson_lenient(text)
        except ValueError:
            return []
    if not isinstance(mapping, dict):
        return []
    return [
        (str(key), value if isinstance(value, str) else json.dumps(value))
        for key, value in mapping.items()
        if value is not None and not isinstance(value, dict | list)
    ]


def _group_pieces(text: str, pieces: list[Piece]) -> bool:
    """Add ``text`` to ``pieces``, splitting out ``$n`` (before any ``##``); True if any."""
    head = text.split("##")[0]
    if not _GROUP_REF.search(head):
        pieces.append(Piece("text", text))
        return False
    start = 0
    for ref in _GROUP_REF.finditer(head):
        if ref.start() > start:
            pieces.append(Piece("text", text[start : ref.start()]))
        pieces.append(Piece("group", ref.group(0)))
        start = ref.end()
    if start < len(text):
        pieces.append(Piece("text", text[start:]))
    return True


def without_puts(rule: str) -> str:
    """``rule`` with its ``@put:{…}`` parts cut out."""
    return _PUT.sub("", rule)


@lru_cache(maxsize=2048)
def parse_source_rule(rule: str, page_is_json: bool) -> SourceRule:
    mode, text = _mode_and_text(rule, page_is_json)
    puts: list[tuple[str, str]] = []
    for put in list(_PUT.finditer(text)):
        text = text.replace(put.group(0), "")
        puts.extend(_parse_put_map(rule, put.group(1)))
    pieces: list[Piece] = []
    has_groups = False
    start = 0
    first = _EVAL.search(text)
    if first and (first.start() == 0 or "##" not in text[: first.start()]):
        mode = LITERAL
    for found in _EVAL.finditer(text):
        if found.start() > start:
            has_groups |= _group_pieces(text[start : found.start()], pieces)
        token = found.group(0)
        if token[:5].lower() == "@get:":
            pieces.append(Piece("get", token[6:-1]))
        else:
            pieces.append(Piece("template", token[2:-2]))
        start = found.end()
    if first or start:
        if start < len(text):
            has_groups |= _group_pieces(text[start:], pieces)
    else:
        has_groups = _group_pieces(text, pieces)
    if has_groups and mode != LITERAL:
        mode = LITERAL
    if not first and not has_groups:
        pieces = []
    return SourceRule(mode, text, tuple(puts), tuple(pieces))


@dataclass(frozen=True, slots=True)
class Replacement:
    """``rule##regex##replacement###``, taken apart."""

    rule: str
    regex: str = ""
    replacement: str = ""
    first_only: bool = False


@functools.lru_cache(maxsize=1024)  # the same rule, once per list item
def split_replacement(text: str) -> Replacement:
    parts = text.split("##")
    return Replacement(
        rule=parts[0].strip(),
        regex=parts[1] if len(parts) > 1 else "",
        replacement=parts[2] if len(parts) > 2 else "",
        first_only=len(parts) > 3,
    )
