"""What a source's scripts look for, read from their text, so the dry run can give it to them.

A real site's pages hold what its source's scripts were written against: the text their
regular expressions match (``result.match(/共(\\d+)页/)[1]``), the elements they select
(``Jsoup.parse(html).select("[name=_token]")``), the keys they read after ``JSON.parse``. A
synthetic page shaped only by the rules has none of it, and a script that reads it fails
where it would not on the site. This module finds those expectations (statically; nothing is
run) and makes text that meets them: for each regular expression the shortest plain string it
matches, built from the expression's parse tree.
"""

from __future__ import annotations

import re
import re._parser as sre_parse  # the standard library's own regex parser
from collections.abc import Iterable
from typing import Any

from novelfetch.core.sources.rules.model import RuleSource

# A regex literal as a script writes one, right before .exec/.test or as .match's argument.
_LITERAL = r"/((?:\\.|\[(?:\\.|[^\]\\\n])*\]|[^/\\\n\[])+)/[dgimsuy]*"
_MATCH_CALL = re.compile(r"(\b\w+(?:\.\w+)*|\))\s*\.\s*(?:match|matchAll|search)\(\s*" + _LITERAL)
_EXEC_CALL = re.compile(_LITERAL + r"\s*\.\s*(?:exec|test)\(\s*(\w+)")
_NEW_REGEXP = re.compile(r"new\s+RegExp\(\s*(['\"])((?:\\.|(?!\1).)+)\1")
_SELECT = re.compile(r"\.(?:select|selectFirst)\(\s*(['\"])((?:\\.|(?!\1).)+)\1")
_RULE_CALL = re.compile(
    r"java\.(?:getString|getStringList|getElements?)\(\s*(['\"])((?:\\.|(?!\1).)+)\1"
)
_JSON_VARIABLE = re.compile(r"\b(\w+)\s*=\s*JSON\.parse\(")
_JSON_CHAIN = re.compile(r"JSON\.parse\((?:[^()]|\([^()]*\))*\)((?:\s*\.\s*\w+|\[\d+\])+)")
_PARSED_PAGE = re.compile(
    r"JSON\.parse\(\s*(?:String\(\s*)?(?:result|src)\b"  # the page, parsed as JSON, or
    r"|java\.getString(?:List)?\(\s*['\"]\$[.\[]"  # read with a JSONPath (a JSON page only)
)

_SAMPLE_CHARS = "1a_ -"  # what a class stands for: a digit first (ids, page counts)


def rule_texts(source: RuleSource) -> list[str]:
    """The rules of the source's sections (ruleSearch …), as written."""
    return [
        rule
        for value in source.raw.values()
        if isinstance(value, dict)
        for rule in value.values()
        if isinstance(rule, str) and rule.strip()
    ]


def script_texts(source: RuleSource) -> list[str]:
    """Every text of the source a script may run or eval: rules, ``jsLib``, other fields."""
    texts: list[str] = []
    for value in source.raw.values():
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, dict):
            texts.extend(v for v in value.values() if isinstance(v, str))
    return texts


def regexes(texts: Iterable[str]) -> list[tuple[str, str]]:
    """``(what it is applied to, pattern)`` for the regular expressions in the scripts."""
    found: list[tuple[str, str]] = []
    for text in texts:
        found.extend((m.group(1).split(".")[-1], m.group(2)) for m in _MATCH_CALL.finditer(text))
        found.extend((m.group(2), m.group(1)) for m in _EXEC_CALL.finditer(text))
        found.extend(("", _unquote(m.group(2))) for m in _NEW_REGEXP.finditer(text))
    return list(dict.fromkeys(found))


def selectors(texts: Iterable[str]) -> list[str]:
    """CSS selectors and rules the scripts read pages with (``.select``, ``java.getString``)."""
    found: list[str] = []
    for text in texts:
        found.extend("@css:" + _unquote(m.group(2)) for m in _SELECT.finditer(text))
        found.extend(_unquote(m.group(2)) for m in _RULE_CALL.finditer(text))
    return list(dict.fromkeys(found))


def parses_page_as_json(rules: Iterable[str]) -> bool:
    """Whether a script reads the page itself as JSON (``JSON.parse(result)``, or
    ``java.getString("$.data")``, which Legado reads only on a JSON page)."""
    return any(_PARSED_PAGE.search(rule) for rule in rules)


def json_chains(texts: Iterable[str]) -> list[list[str | None]]:
    """Key paths scripts read in what ``JSON.parse`` gave (``JSON.parse(x).data.list``, or a
    variable holding it): a None step stands for an index."""
    chains: list[list[str | None]] = []
    for text in texts:
        found = [m.group(1) for m in _JSON_CHAIN.finditer(text)]
        for name in set(_JSON_VARIABLE.findall(text)):
            found += re.findall(rf"\b{re.escape(name)}((?:\s*\.\s*\w+|\[\d+\])+)", text)
        for chain in found:
            steps = re.findall(r"\.\s*(\w+)|\[(\d+)\]", chain)
            keys: list[str | None] = [key or None for key, _ in steps]
            while keys and keys[-1] in _METHODS:
                keys.pop()
            if keys:
                chains.append(keys)
    return chains


_METHODS = frozenset(
    ("length", "forEach", "map", "filter", "find", "some", "every", "join", "push", "slice",
     "split", "replace", "match", "toString", "trim", "substring", "indexOf", "includes",
     "concat", "reverse", "sort", "keys", "values", "entries")
)  # fmt: skip


def sample(pattern: str) -> str | None:
    """A short plain string the (JavaScript) regular expression matches, or None."""
    python = re.sub(r"\(\?<(?=[A-Za-z_])", "(?P<", pattern)
    try:
        tree = sre_parse.parse(python)
        text = _generate(list(tree))
        return text if re.search(python, text) else None
    except Exception:  # a pattern Python cannot read, or one this generator cannot meet
        return None


def samples(patterns: Iterable[str]) -> list[str]:
    return [text for text in (sample(p) for p in patterns) if text]


def _generate(items: list[tuple[Any, Any]]) -> str:
    out: list[str] = []
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            out.append(chr(av))
        elif name == "NOT_LITERAL":
            out.append(next(c for c in _SAMPLE_CHARS if ord(c) != av))
        elif name == "ANY":
            out.append("a")
        elif name == "IN":
            out.append(_in_class(av))
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, high, body = av
            out.append(_generate(list(body)) * min(max(low, 1), high))
        elif name == "SUBPATTERN":
            out.append(_generate(list(av[-1])))
        elif name == "ATOMIC_GROUP":
            out.append(_generate(list(av)))
        elif name == "BRANCH":
            out.append(_generate(list(av[1][0])))
        elif name in ("AT", "ASSERT_NOT"):
            continue
        elif name == "ASSERT":
            continue  # a lookahead's text follows anyway in most scripts' patterns
        elif name == "GROUPREF":
            continue
        else:
            raise ValueError(name)
    return "".join(out)


def _in_class(items: list[tuple[Any, Any]]) -> str:
    negated = bool(items) and str(items[0][0]) == "NEGATE"
    compiled = re.compile(_class_source(items))
    for char in _SAMPLE_CHARS + "0Aa.,:/\"'<>中":
        if bool(compiled.fullmatch(char)) != negated:
            return char
    raise ValueError("empty class")


def _class_source(items: list[tuple[Any, Any]]) -> str:
    parts: list[str] = []
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            parts.append(re.escape(chr(av)))
        elif name == "RANGE":
            parts.append(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif name == "CATEGORY":
            parts.append(_CATEGORIES.get(str(av), ""))
    return "[" + "".join(parts) + "]" if parts else "[^\\s\\S]"


_CATEGORIES = {
    "CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_SPACE": r"\s",
    "CATEGORY_NOT_SPACE": r"\S", "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W",
}  # fmt: skip


def _unquote(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)
