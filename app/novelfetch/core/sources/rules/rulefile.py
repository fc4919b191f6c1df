"""Reading a whole rule file: one object or an array, Legado and so-novel mixed.

Each object becomes one ParsedEntry, so one malformed source never sinks the others; only
text that is not JSON, or JSON without any rule object, fails the whole file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from novelfetch.core import messages as said
from novelfetch.core.budgets import MAX_RULE_DOCUMENT_BYTES
from novelfetch.core.messages import Message, message_of, plain
from novelfetch.core.sources.rules.legado import is_legado, parse_legado
from novelfetch.core.sources.rules.legado import label_of as legado_label
from novelfetch.core.sources.rules.model import ParsedEntry, RuleFileError
from novelfetch.core.sources.rules.reasons import in_source
from novelfetch.core.sources.rules.sonovel import is_sonovel, parse_sonovel
from novelfetch.core.sources.rules.sonovel import label_of as sonovel_label
from novelfetch.core.sources.rules.textjson import check_depth, loads_lenient, split_top_level_array

# What a bug in one entry's parsing may raise; reported on that entry only.
_ENTRY_FAILURES = (RuleFileError, ValueError, TypeError, AttributeError, KeyError, IndexError)


def parse_rule_document(text: str, *, origin: str = "") -> list[ParsedEntry]:
    """Every source in a rule file's text (JSON object or array; JSON5 quirks and a BOM are
    fine). Raises RuleFileError("not a rule file: …") when the text holds no rule object.

    An array whose text does not parse as a whole is split into its items, and each is read
    on its own: a broken item becomes one entry error, and only that item pays for the slow
    JSON5 parser."""

    def not_rule_file(problem: Message) -> RuleFileError:
        if origin:
            return RuleFileError(said.NOT_RULE_FILE_AT(origin=origin, problem=problem))
        return RuleFileError(said.NOT_RULE_FILE(problem=problem))

    if len(text) > MAX_RULE_DOCUMENT_BYTES:
        raise not_rule_file(
            said.TOO_MANY_CHARACTERS(count=len(text), limit=MAX_RULE_DOCUMENT_BYTES)
        )
    try:
        check_depth(text)
    except ValueError as error:
        raise not_rule_file(plain(str(error))) from None
    try:
        document = loads_lenient(text, full_json5=False)
    except ValueError as error:
        document = _items_one_by_one(text)
        if document is None:
            raise not_rule_file(said.TEXT_IS_NOT_JSON(error=str(error))) from None
    objects = document if isinstance(document, list) else [document]
    if not any(
        isinstance(obj, _Unreadable) or (isinstance(obj, dict) and _kind(obj)) for obj in objects
    ):
        raise not_rule_file(said.FILE_EMPTY() if objects == [] else said.NO_SOURCE_IN_FILE())
    return [parse_object(obj, position=index + 1) for index, obj in enumerate(objects)]


class _Unreadable:
    """An item of a rule array whose own text is not JSON."""

    def __init__(self, text: str, error: str) -> None:
        self.error = error
        found = _NAME_IN_TEXT.search(text)
        self.label = found.group(1).strip() if found else ""


_NAME_IN_TEXT = re.compile(r"""["']?(?:bookSourceName|name)["']?\s*:\s*["']([^"'\n]{1,80})""")


def _items_one_by_one(text: str) -> Any:
    """The array's items parsed one by one (unreadable ones as _Unreadable); the whole text
    parsed as JSON5 when it is not an array; None when nothing in it is JSON."""
    chunks = split_top_level_array(text)
    if chunks is None:
        try:
            return loads_lenient(text)
        except ValueError:
            return None
    items: list[Any] = []
    for chunk in chunks:
        try:
            items.append(loads_lenient(chunk))
        except ValueError as error:
            items.append(_Unreadable(chunk, str(error)))
    if items and all(isinstance(item, _Unreadable) for item in items):
        return None
    return items


def parse_object(obj: Any, *, position: int = 1) -> ParsedEntry:
    """One JSON value of a rule file (also how a stored ``raw`` object is read back)."""
    fallback = f"source {position}"
    if isinstance(obj, _Unreadable):
        label = obj.label or fallback
        return ParsedEntry(None, label, in_source(label, said.NOT_JSON(error=obj.error)))
    if not isinstance(obj, dict):
        return ParsedEntry(None, fallback, in_source(fallback, said.NOT_OBJECT()))
    kind = _kind(obj)
    if kind == "legado":
        label = legado_label(obj) or fallback
        parse = parse_legado
    elif kind == "sonovel":
        label = sonovel_label(obj) or fallback
        parse = parse_sonovel
    else:
        return ParsedEntry(None, fallback, in_source(fallback, said.NOT_RULE()))
    try:
        return ParsedEntry(parse(obj, label=label), label)
    except _ENTRY_FAILURES as error:
        if isinstance(error, RuleFileError):
            return ParsedEntry(None, label, message_of(error))
        return ParsedEntry(None, label, in_source(label, said.UNREADABLE_SOURCE(error=str(error))))


def _kind(obj: Mapping[str, Any]) -> str:
    if is_legado(obj):
        return "legado"
    if is_sonovel(obj):
        return "sonovel"
    return ""
