"""Java-flavoured regular expressions from rule files, run with a time limit.

Rule files are written for Legado, which runs on Android's java.util.regex. The ``regex``
module accepts the Java syntax that ``re`` rejects (``\\h``, variable-length look-behind,
inline flags in mid-pattern) and, unlike ``re``, can stop a catastrophic backtrack. Every
pattern from a rule file must go through here: a slow or malformed pattern becomes a
``RuleError`` instead of a hung download.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from functools import lru_cache

import regex

from novelfetch.core.pattern_budget import PatternError, compile_bounded
from novelfetch.core.sources.rules.eval_errors import RuleError

#: Seconds one search or replacement may take. Generous for real pages (microseconds),
#: short enough that a hostile pattern cannot stall a download.
REGEX_TIMEOUT = 0.5


class _GroupName(str):
    """A ``${name}`` reference, told apart from literal text by its type."""


_Part = str | int


def compile_rule_regex(pattern: str) -> regex.Pattern[str]:
    """Compile a pattern from a rule file; one Java would reject, or one over the pattern
    budgets (``core/budgets.py``), is a ``RuleError``."""
    try:
        return compile_bounded(pattern)
    except PatternError as error:
        raise RuleError(pattern, str(error)) from None


@lru_cache(maxsize=512)
def _java_replacement(replacement: str, group_count: int) -> tuple[_Part, ...]:
    """Split a Java replacement string into literal text and group numbers or names.

    Java reads ``$12`` as group 12 only when the pattern has 12 groups, else as group 1 then
    "2"; ``${name}`` names a group; a backslash takes the next character literally. A ``$``
    that starts no reference stays literal (Java would throw; Legado then replaces literally).
    """
    parts: list[_Part] = []
    literal: list[str] = []
    i = 0
    while i < len(replacement):
        char = replacement[i]
        if char == "\\" and i + 1 < len(replacement):
            literal.append(replacement[i + 1])
            i += 2
            continue
        if char == "$" and i + 1 < len(replacement):
            following = replacement[i + 1]
            if following.isdigit() and following.isascii():
                number = int(following)
                i += 2
                while i < len(replacement) and replacement[i].isdigit():
                    longer = number * 10 + int(replacement[i])
                    if longer > group_count:
                        break
                    number = longer
                    i += 1
                parts.extend(["".join(literal), number])
                literal = []
                continue
            if following == "{":
                end = replacement.find("}", i + 2)
                if end > i + 2:
                    parts.extend(["".join(literal), _GroupName(replacement[i + 2 : end])])
                    literal = []
                    i = end + 1
                    continue
        literal.append(char)
        i += 1
    parts.append("".join(literal))
    return tuple(part for part in parts if part != "")


def _replacer(compiled: regex.Pattern[str], replacement: str) -> Callable[[regex.Match[str]], str]:
    parts = _java_replacement(replacement, compiled.groups)
    if all(type(part) is str for part in parts):
        constant = "".join(str(part) for part in parts)
        return lambda _match: constant

    def expand(match: regex.Match[str]) -> str:
        out: list[str] = []
        for part in parts:
            if type(part) is str:
                out.append(part)
                continue
            # Java throws for a group the pattern lacks; an empty result is kinder.
            with contextlib.suppress(IndexError, regex.error):
                out.append(match.group(part) or "")
        return "".join(out)

    return expand


def _timed_out(pattern: str) -> RuleError:
    return RuleError(pattern, f"regular expression took longer than {REGEX_TIMEOUT} s; stopped")


def sub(pattern: str, replacement: str, text: str, *, count: int = 0) -> str:
    """Replace matches of ``pattern`` in ``text``; ``replacement`` uses Java's ``$1`` syntax."""
    compiled = compile_rule_regex(pattern)
    try:
        return compiled.sub(
            _replacer(compiled, replacement), text, count=count, timeout=REGEX_TIMEOUT
        )
    except TimeoutError:
        raise _timed_out(pattern) from None


def search(pattern: str, text: str) -> regex.Match[str] | None:
    """The first match of ``pattern`` in ``text``, or None."""
    compiled = compile_rule_regex(pattern)
    try:
        return compiled.search(text, timeout=REGEX_TIMEOUT)
    except TimeoutError:
        raise _timed_out(pattern) from None


def find_all(pattern: str, text: str) -> list[regex.Match[str]]:
    """Every match of ``pattern`` in ``text``, left to right."""
    compiled = compile_rule_regex(pattern)
    try:
        return list(compiled.finditer(text, timeout=REGEX_TIMEOUT))
    except TimeoutError:
        raise _timed_out(pattern) from None


def replace_first_match(pattern: str, replacement: str, text: str) -> str:
    """Legado's ``##regex##replacement###``: the first match alone, with the replacement applied.

    Everything outside the first match is dropped; no match gives ''.
    """
    match = search(pattern, text)
    if match is None:
        return ""
    return sub(pattern, replacement, match.group(0), count=1)


def apply_replace_regex(rule: str, text: str) -> str:
    """Legado's ``replaceRegex`` (``##regex##replacement``, repeatable) on a chapter's text."""
    parts = rule.split("##")
    if parts and parts[0] == "":
        parts = parts[1:]
    for position in range(0, len(parts), 2):
        pattern = parts[position]
        replacement = parts[position + 1] if position + 1 < len(parts) else ""
        if pattern:
            text = sub(pattern, replacement, text)
    return text
