"""Patterns for the delimited parts of a rule (``{{…}}``, ``@get:{…}``, ``<js>…</js>``) that
read a rule in time proportional to its length, however hostile.

A lazy pattern such as ``\\{\\{(.*?)\\}\\}`` tried at an opening with no closing after it scans
to the end of the text, and is tried again at the next opening: ``{{`` repeated over 40 KB took
a minute at import, in the app's process. Every match of such a pattern ends with its closing
text, so nothing after the last closing can match: ``ClosedPattern`` searches only up to it.
Where alternatives end differently (``@get:{…}`` with ``}``, ``{{…}}`` with ``}}``), the part
after the last ``}}`` is searched with the alternatives that may still match there (``tail``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

_SCRIPT_MARKS = re.compile(r"<js>|</js>|@js:", re.IGNORECASE)


class ClosedPattern:
    """``re.compile(pattern, flags)`` for patterns whose every match ends with ``closing``;
    ``tail``: the alternatives that may match after the last ``closing`` (ending otherwise)."""

    def __init__(
        self, pattern: str, closing: str, flags: int = 0, tail: ClosedPattern | None = None
    ) -> None:
        self.regex = re.compile(pattern, flags)
        self.closing = closing
        self.tail = tail

    def _end(self, text: str, pos: int = 0) -> int:
        """Where the last ``closing`` ends (``pos``: there is none)."""
        last = text.rfind(self.closing, pos)
        return last + len(self.closing) if last >= 0 else pos

    def finditer(self, text: str, pos: int = 0) -> Iterator[re.Match[str]]:
        end = self._end(text, pos)
        yield from self.regex.finditer(text, pos, end)
        if self.tail is not None:
            yield from self.tail.finditer(text, end)

    def findall(self, text: str) -> list[object]:
        return [_found(match) for match in self.finditer(text)]

    def search(self, text: str) -> re.Match[str] | None:
        return next(self.finditer(text), None)

    def sub(self, replacement: str | Callable[[re.Match[str]], str], text: str) -> str:
        end = self._end(text)
        rest = text[end:]
        return self.regex.sub(replacement, text[:end]) + (
            self.tail.sub(replacement, rest) if self.tail is not None else rest
        )


def _found(match: re.Match[str]) -> object:
    """What ``re.findall`` gives for one match."""
    groups = match.groups()
    if not groups:
        return match.group(0)
    return groups[0] if len(groups) == 1 else groups


def script_parts(rule: str) -> Iterator[tuple[int, int, str]]:
    """``(start, end, code)`` of each ``<js>code</js>`` and of an ``@js:code`` running to the
    end, in order, as ``re.finditer(r"<js>([\\w\\W]*?)</js>|@js:([\\w\\W]*)", rule, re.I)``
    finds them, in one pass over the marks (that pattern is quadratic in unclosed ``<js>``)."""
    marks = [
        (match.group(0).casefold(), match.start(), match.end())
        for match in _SCRIPT_MARKS.finditer(rule)
    ]
    # The first ``</js>`` after each mark, found from the end in one pass.
    closes: list[tuple[int, int] | None] = [None] * len(marks)
    following: tuple[int, int] | None = None
    for index in range(len(marks) - 1, -1, -1):
        closes[index] = following
        if marks[index][0] == "</js>":
            following = (marks[index][1], marks[index][2])
    position = 0
    for index, (mark, start, end) in enumerate(marks):
        if start < position:
            continue  # inside the part before
        if mark == "@js:":
            yield start, len(rule), rule[end:]
            return
        close = closes[index]
        if mark == "<js>" and close is not None:
            yield start, close[1], rule[end : close[0]]
            position = close[1]


#: ``@get:{name}``: what may follow the last ``}}`` in a pattern that also reads ``{{…}}``.
GET = ClosedPattern(r"@get:\{[^}]+?\}", "}", re.IGNORECASE)
