"""The keys a script reads in JSON, followed through its variables, loops and callbacks.

``let data = JSON.parse(result).data; for (var v of data) v.chapter_list.forEach(c => c.id)``
reads ``data[*].chapter_list[*].id`` of the page: a real site's answer has those keys, and
the dry run's synthetic JSON must have them too. This reads the script's text (nothing is
run): each name bound to a place in the document (an assignment, ``for … of``, a callback of
``forEach``/``map``/…, ``for … in`` for an index) and each read through a bound name.
A ``None`` step stands for "any item of a list".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

Chain = list[str | None]

_NAME = r"[A-Za-z_$][\w$]*"
_STEPS = (
    r"(?:\s*(?:\?\.|\.)\s*[A-Za-z_$][\w$]*"
    r"|\s*\[\s*(?:\d+|[A-Za-z_$][\w$]*|'[^'\n]*'|\"[^\"\n]*\")\s*\])*"
)
_STEP = re.compile(
    r"(?:\?\.|\.)\s*([A-Za-z_$][\w$]*)|\[\s*(?:(\d+)|([A-Za-z_$][\w$]*)|'([^'\n]*)'|\"([^\"\n]*)\")\s*\]"
)
_PARSE = re.compile(r"JSON\s*\.\s*parse\s*\(")
# the page, or the page through ``String`` or a function of the source's own (``decode(result)``)
_PAGE_TEXT = re.compile(r"\s*(?:[A-Za-z_$][\w$]*\s*\(\s*){0,2}(?:result|src)\b")
_GET_ELEMENT = re.compile(r"java\s*\.\s*getElement(s?)\(\s*(['\"])(\$[^'\"]+)\2\s*\)")
_READ = re.compile(rf"(?<![\w$.])({_NAME})({_STEPS})")
_ASSIGN_BEFORE = re.compile(rf"(?<![\w$.])({_NAME})\s*=(?![=>])\s*$")
_CALL_BEFORE = re.compile(rf"(?<![\w$.])({_NAME})\(\s*$")
_FUNCTION = re.compile(
    rf"function\s+({_NAME})\s*\(\s*({_NAME})"
    rf"|({_NAME})\s*=\s*(?:function\s*)?\(?\s*({_NAME})\s*(?:,[^)]*)?\)?\s*(?:=>|\{{)"
)
_FOR_BEFORE = re.compile(rf"for\s*\(\s*(?:var|let|const)?\s*({_NAME})\s+(of|in)\s+$")
_CALLBACK = re.compile(
    r"\s*\(\s*"
    rf"(?:function\s*\(\s*({_NAME})|\(\s*({_NAME})[^)]*\)\s*=>|({_NAME})\s*=>)"
)
#: What a chain's last step may be that is no key of the document (a method, a length).
ITERATIONS = frozenset(("forEach", "map", "filter", "find", "some", "every", "flatMap",
                        "findIndex"))  # fmt: skip
_NOT_KEYS = ITERATIONS | frozenset(
    ("length", "join", "push", "slice", "split", "replace", "match", "toString", "trim",
     "substring", "substr", "indexOf", "includes", "concat", "reverse", "sort", "keys",
     "values", "entries", "startsWith", "endsWith", "toFixed", "reduce", "pop", "shift")
)  # fmt: skip
#: Methods only a list has (a string has ``slice``, ``concat``…, not these): what they are
#: called on is a list, as where ``.data.sort((a, b) => …)`` reads a site's answer.
_LIST_ONLY = frozenset(("sort", "reverse", "reduce", "pop", "shift", "push", "unshift", "splice"))
#: Methods only a text has: what they are called on is a text, which a script may still
#: index (``text[i].charCodeAt(0)``) without its being a list (塔读文学).
_TEXT_ONLY = frozenset(("replace", "replaceAll", "split", "match", "matchAll", "trim", "charAt",
                        "charCodeAt", "codePointAt", "substring", "substr", "toUpperCase",
                        "toLowerCase", "padStart", "padEnd", "trimStart",
                        "trimEnd"))  # fmt: skip
_NOT_KEYS = _NOT_KEYS | _TEXT_ONLY
_COMPARATOR = re.compile(rf"\s*\(\s*(?:function\s*)?\(\s*({_NAME})\s*,\s*({_NAME})\s*\)")
_INDEX = "\0index"  # a name bound by ``for (i in list)``: list[i] is an item


def json_reads(
    script: str,
    result: Chain | None = None,
    page_only: bool = False,
    bound: dict[str, Chain] | None = None,
) -> list[Chain]:
    """The key chains ``script`` reads from the root of a JSON document it parses (every
    ``JSON.parse(…)`` is taken for the page or an answer; with ``page_only``, only that of
    ``result`` or ``src``), through ``result`` when it stands for a place in the page (a
    JSONPath step before the script gave it), and through the ``bound`` names (a value code
    the script evals assigned)."""
    names: dict[str, Chain | str] = {} if result is None else {"result": list(result)}
    names.update({name: list(chain) for name, chain in (bound or {}).items()})
    found: list[Chain] = []
    for _ in range(2):  # a name used before the line binding it (a function's body)
        found = []
        for start, end, chain in _places(script, names, page_only):
            found.append(chain)
            _bind(script, start, end, chain, names)
    texts = [chain[:-1] for chain in found if chain[-1:] and chain[-1] in _TEXT_ONLY]
    return [chain for chain in (_keys(_as_text(chain, texts)) for chain in found) if chain]


def _as_text(chain: Chain, texts: list[Chain]) -> Chain:
    """``chain`` ending at the text it reads further into: what a text's method made
    (``t = d.content.replace(…); t[i].charCodeAt(0)``), or an index into a text (``t[i]`` of
    a text ``t``), is no place in the document and makes no list of it."""
    made = next((k for k, step in enumerate(chain[:-1]) if step in _TEXT_ONLY), None)
    if made is not None:
        return chain[: made + 1]
    for text in texts:
        if len(chain) > len(text) and chain[: len(text)] == text and chain[len(text)] is None:
            return text
    return chain


def _places(
    script: str, names: dict[str, Chain | str], page_only: bool
) -> Iterable[tuple[int, int, Chain]]:
    """``(start, end, chain)`` of each read: through ``JSON.parse(…)`` or a bound name."""
    for call in _PARSE.finditer(script):
        close = _closing(script, call.end() - 1)
        if page_only and not _PAGE_TEXT.match(script, call.end()):
            continue
        if close >= 0:
            steps = re.compile(_STEPS).match(script, close + 1)
            end = steps.end() if steps else close + 1
            yield call.start(), end, _steps(script[close + 1 : end])
    for call in _GET_ELEMENT.finditer(script):  # java.getElement("$.a.b"): a place in the page
        from .corpus_pages import json_keys

        keys = json_keys(call.group(3)) + ([None] if call.group(1) else [])
        steps = re.compile(_STEPS).match(script, call.end())
        end = steps.end() if steps else call.end()
        yield call.start(), end, keys + _steps(script[call.end() : end])
    for read in _READ.finditer(script):
        bound = names.get(read.group(1))
        if isinstance(bound, list):
            yield read.start(), read.end(), bound + _steps(read.group(2))


def _bind(script: str, start: int, end: int, chain: Chain, names: dict[str, Chain | str]) -> None:
    """Bind the name this read is assigned to, looped over with, or called back with."""
    before = script[max(0, start - 80) : start]
    assign = _ASSIGN_BEFORE.search(before)
    if assign:  # ``x = d.list.sort(…)``: x is the list itself, sorted in place
        names[assign.group(1)] = chain[:-1] if chain[-1:] in (["sort"], ["reverse"]) else chain[:]
    loop = _FOR_BEFORE.search(before)
    if loop:
        names[loop.group(1)] = [*_keys(chain), None] if loop.group(2) == "of" else _INDEX
    call = _CALL_BEFORE.search(before)  # ``parse(data.list)``: its first parameter
    if call and call.group(1) in (parameters := _parameters(script)):
        names[parameters[call.group(1)]] = _keys(chain)
    comparator = _COMPARATOR.match(script, end) if chain and chain[-1] == "sort" else None
    if comparator:  # ``sort((a, b) => …)``: both are items
        for name in comparator.groups():
            names[name] = [*_keys(chain[:-1]), None]
    if chain and chain[-1] in ITERATIONS:
        callback = _CALLBACK.match(script, end)
        if callback:
            name = callback.group(1) or callback.group(2) or callback.group(3)
            names[name] = [*_keys(chain[:-1]), None]


def _parameters(script: str) -> dict[str, str]:
    """Each function's first parameter, by the function's name (``function f(n)``,
    ``f = (n) =>``, ``f = n =>``)."""
    return {m.group(1) or m.group(3): m.group(2) or m.group(4) for m in _FUNCTION.finditer(script)}


def _steps(text: str) -> Chain:
    """The keys of a chain's text; an index (``[0]``, ``[i]``) is None."""
    steps: Chain = []
    for step in _STEP.finditer(text):
        key, number, name, single, double = step.groups()
        if number is not None or name is not None:
            steps.append(None)
        else:
            steps.append(key if key is not None else single if single is not None else double)
    return steps


def _keys(chain: Chain) -> Chain:
    """The chain without the methods and lengths at its end; an iterated one ends in a list."""
    keys = list(chain)
    iterated = False
    while keys and keys[-1] in _NOT_KEYS:
        iterated = iterated or keys[-1] in ITERATIONS or keys[-1] in _LIST_ONLY
        keys.pop()
    return [*keys, None] if iterated and keys and keys[-1] is not None else keys


def _closing(text: str, opening: int) -> int:
    """The index of the parenthesis closing the one at ``opening`` (-1 if none)."""
    depth = 0
    quote = ""
    index = opening
    while index < len(text):
        char = text[index]
        if quote:
            if char == "\\":
                index += 1
            elif char == quote:
                quote = ""
        elif char in "'\"`":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return index
        index += 1
    return -1


def script_reads(texts: Iterable[str], page_only: bool = False) -> list[Chain]:
    """``json_reads`` of every script in ``texts`` (rules, ``jsLib``, code other fields hold),
    shortest first (a longer chain then makes a leaf into a container, not the reverse). In a
    rule, ``result`` of a script right after a JSONPath step stands for that place."""
    from novelfetch.core.sources.rules.js_rules import script_steps

    from .corpus_pages import is_json_rule, json_keys

    chains: list[Chain] = []
    for text in texts:
        steps = script_steps(text)
        if steps is None:  # plain code (jsLib, a field a script evals) or a plain rule
            chains += json_reads(text, page_only=page_only)
            continue
        before: Chain | None = None
        for kind, step in steps:
            if kind == "js":
                # ``String(result)`` reads the place whole: the step before shapes it (a list)
                chains += [c for c in json_reads(step, before, page_only) if c != before]
                before = None
            else:
                before = _step_place(step.strip().split("##")[0], is_json_rule, json_keys)
    unique = {tuple(chain): chain for chain in chains}
    return sorted(unique.values(), key=len)


def _step_place(path: str, is_json_rule: Any, json_keys: Any) -> Chain | None:
    """Where ``result`` is after a rule step: the place its JSONPath reads; of ``a||b``, the
    first (each alternative is a place of its own, not one path); None when the step is no
    JSONPath or joins several values (``a&&b``, ``a%%b``: a list of them)."""
    from novelfetch.core.sources.rules.eval_split import split_rule

    try:
        parts, joint = split_rule(path, ("&&", "||", "%%"), True)
    except Exception:  # an unbalanced rule: read as one path, as before
        parts, joint = (path,), ""
    if len(parts) > 1 and joint != "||":
        return None
    first = parts[0].strip()
    return json_keys(first) if is_json_rule(first) else None
