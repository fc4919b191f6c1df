"""JSONPath rules as Legado runs them (Jayway JsonPath), on jsonpath-ng's extended parser.

Jayway reads a path without ``$`` as starting at the root (so on a JSON page bare keys
work), gives a definite path's value as is and an indefinite path's (wildcards, ``..``,
filters, slices, unions) as a list, and fails on a missing key (Legado then yields
nothing). Values read as JSON text; ``{$.x}`` inside a rule is replaced by that value.
Legado's getString, getStringList and getList catch every Jayway exception, a path that does
not parse included, and give nothing: ``string``, ``strings`` and ``items`` do the same
(``read``, Legado's getObject for java.getElement, still raises).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any

from jsonpath_ng.exceptions import JsonPathLexerError, JsonPathParserError
from jsonpath_ng.ext import parse as parse_jsonpath

from novelfetch.core import messages as said
from novelfetch.core.sources.rules.eval_errors import RuleError
from novelfetch.core.sources.rules.eval_split import combine, group_end, split_rule

_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
_INDEFINITE = re.compile(r"\.\.|\*|\?|\[[^\]]*[,:][^\]]*\]")
MISSING = _MISSING = object()  # what read() gives for no value


_MODE_PREFIX = re.compile(r"^\s*@json:", re.IGNORECASE)
# A key right after a bracket (``list[*]url``): Jayway reads the next token whatever comes
# before it, so that is ``list[*].url``; jsonpath-ng needs the dot. Quoted text is kept.
_KEY_AFTER_BRACKET = re.compile(r"""('[^']*'|"[^"]*")|\](?=[^\W\d])""")


@lru_cache(maxsize=1024)
def compile_path(path: str) -> tuple[Any, bool]:
    """The parsed path, and whether it is definite (one value, not a list of matches).
    A part of ``a||b`` may repeat the rule's ``@json:`` prefix; it is read as meant."""
    path = _MODE_PREFIX.sub("", path).strip()
    if not path.startswith(("$", "@")):
        path = "$." + path
    path = _KEY_AFTER_BRACKET.sub(lambda m: m.group(1) or "].", path)
    try:
        parsed = parse_jsonpath(path)
    except (JsonPathLexerError, JsonPathParserError, Exception) as error:
        raise RuleError(path, said.NOT_JSONPATH(error=str(error))) from None
    return parsed, not _INDEFINITE.search(_QUOTED.sub("''", path))


def read(value: Any, path: str) -> Any:
    """Jayway's ``read``: the value, a list of values, or ``_MISSING``."""
    parsed, definite = compile_path(path)
    try:
        matches = [match.value for match in parsed.find(value)]
    except Exception:  # Legado (Jayway) reads any failure as "nothing there"
        return _MISSING
    if definite:
        return matches[0] if matches else _MISSING
    return matches


def _read_or_missing(value: Any, path: str) -> Any:
    """``read``, with a path that does not parse read as nothing there (Legado's getString
    reads a rule such as ``.mlist h1@text`` on a JSON value so: no value, no error)."""
    try:
        return read(value, path)
    except RuleError:
        return _MISSING


def to_text(value: Any) -> str | None:
    """A JSON value as Legado prints it; None for null."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _inner_rules(value: Any, rule: str) -> str:
    """Replace every ``{$.…}`` in ``rule`` by its value; '' when none gave a value."""
    out: list[str] = []
    kept_from = 0
    replaced = False
    position = rule.find("{$.")
    while position != -1:
        end = group_end(rule, position, code=True)
        if end != -1:
            found = string(value, rule[position + 1 : end - 1])
            if found:
                out.append(rule[kept_from:position] + found)
                kept_from = end
                replaced = True
                position = rule.find("{$.", end)
                continue
        position = rule.find("{$.", position + 3)
    if not replaced:
        return ""
    out.append(rule[kept_from:])
    return "".join(out)


def _templated_read(value: Any, rule: str, missing: str) -> str:
    """A rule holding ``{$.…}`` whose keys this value lacks (``/book/{$.id}/toc``): Legado
    then reads the whole rule as a path, which fails, and gives nothing; so does this."""
    found = _read_or_missing(value, rule)
    if found is _MISSING:
        return missing
    if isinstance(found, list):
        return "\n".join(text for text in map(to_text, found) if text is not None)
    return to_text(found) or missing


def string(value: Any, rule: str) -> str:
    """Legado's getString: several values joined by newlines."""
    parts, kind = split_rule(rule, ("&&", "||"), True)
    if len(parts) > 1:
        texts: list[str] = []
        for part in parts:
            text = string(value, part)
            if text:
                texts.append(text)
                if kind == "||":
                    break
        return "\n".join(texts)
    if "{$." in rule:
        inner = _inner_rules(value, rule)
        if inner:
            return inner
        return _templated_read(value, rule, "")
    found = _read_or_missing(value, rule)
    if found is _MISSING:
        return ""
    if isinstance(found, list):
        return "\n".join(text for text in map(to_text, found) if text is not None)
    return to_text(found) or ""


def strings(value: Any, rule: str) -> list[str]:
    """Legado's getStringList."""
    parts, kind = split_rule(rule, ("&&", "||", "%%"), True)
    if len(parts) > 1:
        results: list[list[str]] = []
        for part in parts:
            found = strings(value, part)
            if found:
                results.append(found)
                if kind == "||":
                    break
        return combine(results, kind)
    if "{$." in rule:
        inner = _inner_rules(value, rule)
        if inner:
            return [inner]
        text = _templated_read(value, rule, "")
        return [text] if text else []
    found = _read_or_missing(value, rule)
    if found is _MISSING:
        return []
    items = found if isinstance(found, list) else [found]
    return [text for text in map(to_text, items) if text is not None]


def items(value: Any, rule: str) -> list[Any]:
    """Legado's getList: the list a list rule points at (an object is not a list)."""
    parts, kind = split_rule(rule, ("&&", "||", "%%"), True)
    if len(parts) > 1:
        results: list[list[Any]] = []
        for part in parts:
            found = items(value, part)
            if found:
                results.append(found)
                if kind == "||":
                    break
        return combine(results, kind)
    found = _read_or_missing(value, rule)
    return found if isinstance(found, list) else []
