"""How big a regular expression from a rule file may be, checked before it is compiled.

Compiling is where a hostile pattern costs memory: ``regex`` unrolls a counted repeat of a
literal, so ``a{6000000}`` takes 1.6 GB before a single character is matched, and the match
timeout cannot help. The check is a linear scan that never builds the pattern: its length,
each repeat count, and the product of nested repeat counts (``(?:a{1000}){1000}`` is a
million copies) must stay within the budgets.
"""

from __future__ import annotations

import re
from functools import lru_cache

import regex

from novelfetch.core.budgets import MAX_PATTERN_CHARS, MAX_PATTERN_REPEAT, MAX_PATTERN_WEIGHT

_COUNTED = re.compile(r"\{\s*(\d*)\s*(?:,\s*(\d*)\s*)?\}")


class PatternError(ValueError):
    """A pattern that cannot be used: over a budget, or not a regular expression. The
    message names the problem and, for a budget, the limit."""


class PatternTooLarge(PatternError):
    """A pattern over one of the budgets."""


@lru_cache(maxsize=512)
def compile_bounded(pattern: str, flags: int = 0) -> regex.Pattern[str]:
    """``regex.compile`` for a pattern from a rule file or a replacement rule, once its size
    is checked; every failure is a ``PatternError``."""
    check_pattern_size(pattern)
    try:
        return regex.compile(pattern, flags)
    except MemoryError:
        raise PatternTooLarge("pattern too large to compile (out of memory)") from None
    except (regex.error, ValueError, OverflowError, RecursionError) as error:
        raise PatternError(f"not a valid regular expression ({error})") from None


def check_pattern_size(pattern: str) -> None:
    """Raise ``PatternTooLarge`` when compiling ``pattern`` could take too much memory."""
    if len(pattern) > MAX_PATTERN_CHARS:
        raise PatternTooLarge(
            f"pattern too large: {len(pattern):,} characters (limit {MAX_PATTERN_CHARS:,})"
        )
    # One frame per open group: the weight of what the group holds so far, and the weight of
    # the last atom (what a following quantifier multiplies).
    stack: list[list[int]] = [[0, 0]]
    i, size = 0, len(pattern)
    while i < size:
        char = pattern[i]
        frame = stack[-1]
        if char == "\\":
            i += 2
            frame[0] += 1
            frame[1] = 1
            continue
        if char == "[":
            i = _class_end(pattern, i)
            frame[0] += 1
            frame[1] = 1
            continue
        if char == "(":
            stack.append([0, 0])
            i += 1
            continue
        if char == ")":
            if len(stack) > 1:
                inner = stack.pop()[0]
                stack[-1][0] += inner
                stack[-1][1] = inner
            i += 1
            continue
        if char == "{":
            counted = _COUNTED.match(pattern, i)
            if counted is not None:
                low, high = counted.group(1), counted.group(2)
                # A count longer than 12 digits is over any budget (and int() of thousands
                # of digits is itself refused by Python).
                digits = [n for n in (low, high) if n]
                if any(len(n) > 12 for n in digits):
                    count = 10**12
                else:
                    count = max((int(n) for n in digits), default=0)
                if count > MAX_PATTERN_REPEAT:
                    raise PatternTooLarge(
                        f"pattern too large: repeat count {count:,} (limit {MAX_PATTERN_REPEAT:,})"
                    )
                # The atom is already counted once: add the other count - 1 copies.
                frame[0] += frame[1] * max(count - 1, 0)
                frame[1] *= max(count, 1)
                if frame[0] > MAX_PATTERN_WEIGHT:
                    raise PatternTooLarge(_weight_message())
                i = counted.end()
                continue
        frame[0] += 1
        frame[1] = 1
        i += 1
    while len(stack) > 1:  # unbalanced: compiling will refuse it; weigh it all the same
        inner = stack.pop()[0]
        stack[-1][0] += inner
    if stack[0][0] > MAX_PATTERN_WEIGHT:
        raise PatternTooLarge(_weight_message())


def _weight_message() -> str:
    return (
        f"pattern too large: its nested repeats unroll to over {MAX_PATTERN_WEIGHT:,} items "
        f"(limit {MAX_PATTERN_WEIGHT:,})"
    )


def _class_end(pattern: str, start: int) -> int:
    """The index after the character class opening at ``start`` (``[]…]`` and escapes)."""
    i = start + 1
    if i < len(pattern) and pattern[i] == "^":
        i += 1
    if i < len(pattern) and pattern[i] == "]":
        i += 1
    while i < len(pattern):
        if pattern[i] == "\\":
            i += 2
            continue
        if pattern[i] == "]":
            return i + 1
        i += 1
    return len(pattern)
