"""Splitting rules on ``&&`` / ``||`` / ``%%`` and on ``@`` steps, never inside brackets.

As in Legado's RuleAnalyzer: a separator inside ``[...]`` or ``(...)`` (an attribute
selector, an XPath predicate, a JSONPath filter) belongs to that group; quotes only matter
inside such a group. The first combinator found decides the rule's kind: in ``a&&b||c`` the
parts are ``a`` and ``b||c``.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TypeVar

from novelfetch.core import messages as said
from novelfetch.core.sources.rules.eval_errors import RuleError

T = TypeVar("T")

COMBINATORS = ("&&", "||", "%%")
_CLOSING = {"[": "]", "(": ")", "{": "}"}
_GROUP_OPENERS = "[("


def group_end(text: str, start: int, *, code: bool) -> int:
    """Index just past the bracket group opening at ``start``; -1 if it never closes.

    In rule mode only the group's own bracket kind nests and a backslash outside quotes
    escapes; in code mode (JSONPath) square brackets always nest, the other kind only at
    square depth 0, and a backslash escapes anywhere.
    """
    opener = text[start]
    closer = _CLOSING[opener]
    depth = other = 0
    in_single = in_double = False
    i = start
    while i < len(text):
        char = text[i]
        i += 1
        if char == "\\" and (code or not (in_single or in_double)):
            i += 1
            continue
        if char == "'" and not in_double:
            in_single = not in_single
        elif char == '"' and not in_single:
            in_double = not in_double
        if in_single or in_double:
            continue
        if code:
            if char == "[":
                depth += 1
            elif char == "]":
                depth -= 1
            elif depth == 0 and char == opener:
                other += 1
            elif depth == 0 and char == closer:
                other -= 1
            if depth <= 0 and other <= 0:
                return i
        else:
            if char == opener:
                depth += 1
            elif char == closer:
                depth -= 1
            if depth <= 0:
                return i
    return -1


@lru_cache(maxsize=2048)
def split_rule(
    rule: str, separators: tuple[str, ...] = COMBINATORS, code: bool = False
) -> tuple[tuple[str, ...], str]:
    """``rule`` cut at the first separator kind found outside brackets, and that kind (or '')."""
    parts: list[str] = []
    kind = ""
    start = i = 0
    while i < len(rule):
        char = rule[i]
        if char in _GROUP_OPENERS:
            end = group_end(rule, i, code=code)
            if end == -1:  # Legado refuses an unbalanced rule too
                raise RuleError(rule, said.UNCLOSED(char=char))
            i = end
            continue
        if kind:
            if rule.startswith(kind, i):
                parts.append(rule[start:i])
                i += len(kind)
                start = i
                continue
        else:
            found = next((sep for sep in separators if rule.startswith(sep, i)), "")
            if found:
                kind = found
                parts.append(rule[start:i])
                i += len(kind)
                start = i
                continue
        i += 1
    parts.append(rule[start:])
    return tuple(parts), kind


@lru_cache(maxsize=1024)  # the same rule, once per list item
def split_steps(rule: str) -> tuple[str, ...]:
    """The ``@``-joined steps of a default-syntax rule, blank steps dropped."""
    parts, _ = split_rule(rule.lstrip("@ \t\r\n"), ("@",))
    return tuple(part.strip() for part in parts if part.strip())


def combine(results: Sequence[Sequence[T]], kind: str) -> list[T]:
    """Merge the per-part results: ``%%`` interleaves, others concatenate (``||`` has one)."""
    if not results:
        return []
    if kind == "%%":
        merged: list[T] = []
        for index in range(len(results[0])):
            merged.extend(result[index] for result in results if index < len(result))
        return merged
    return [item for result in results for item in result]
