"""JSON as Gson's lenient reader takes it, for the bits of rules Legado reads that way.

Legado parses ``@put:{…}`` maps and URL options (``url,{…}``) strictly first, then with Gson
in lenient mode, and silently ignores text that fails both. Lenient Gson takes what json5
refuses and real rules rely on: unquoted values (``{bid:$.id}``, ``{a:class.x@href}``),
``;`` between members, ``=`` or ``=>`` between name and value, ``#`` comments. An unquoted
value runs up to whitespace or one of ``{}[]:,;=#/\\`` (so ``{a://a/@href}`` is not a map,
as in Legado). Written from Gson's documented leniency, not from its code.
"""

from __future__ import annotations

from typing import Any

_LITERAL_END = frozenset("{}[]:,;=#/\\ \t\r\n\f")
_KEYWORDS = {"true": True, "false": False, "null": None}


class LenientJsonError(ValueError):
    """The text is not JSON even to Gson's lenient reader."""


def loads_gson_lenient(text: str) -> Any:
    """The value ``text`` holds, read as lenient Gson would; LenientJsonError if none."""
    reader = _Reader(text)
    try:
        value = reader.value()
    except RecursionError:  # hostile nesting ([[[[…): not a map or options anyone wrote
        raise LenientJsonError("nested too deeply") from None
    reader.skip_space()
    if reader.pos != len(reader.text):
        raise LenientJsonError(f"unexpected {reader.text[reader.pos]!r} after the value")
    return value


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text.lstrip("\ufeff")
        self.pos = 0

    def skip_space(self) -> None:
        text = self.text
        while self.pos < len(text):
            char = text[self.pos]
            if char in " \t\r\n\f":
                self.pos += 1
            elif char == "#" or text.startswith("//", self.pos):
                end = text.find("\n", self.pos)
                self.pos = len(text) if end == -1 else end + 1
            elif text.startswith("/*", self.pos):
                end = text.find("*/", self.pos + 2)
                if end == -1:
                    raise LenientJsonError("unclosed comment")
                self.pos = end + 2
            else:
                return

    def peek(self) -> str:
        self.skip_space()
        if self.pos >= len(self.text):
            raise LenientJsonError("the text ends too early")
        return self.text[self.pos]

    def value(self) -> Any:
        char = self.peek()
        if char == "{":
            return self.obj()
        if char == "[":
            return self.array()
        if char in "\"'":
            return self.string(char)
        literal = self.literal()
        if literal in _KEYWORDS:
            return _KEYWORDS[literal]
        try:
            return int(literal)
        except ValueError:
            pass
        try:
            return float(literal)
        except ValueError:
            return literal

    def literal(self) -> str:
        start = self.pos
        while self.pos < len(self.text) and self.text[self.pos] not in _LITERAL_END:
            self.pos += 1
        if self.pos == start:
            raise LenientJsonError(f"unexpected {self.text[self.pos]!r}")
        return self.text[start : self.pos]

    def string(self, quote: str) -> str:
        out: list[str] = []
        self.pos += 1
        text = self.text
        while self.pos < len(text):
            char = text[self.pos]
            self.pos += 1
            if char == quote:
                return "".join(out)
            if char == "\\" and self.pos < len(text):
                escaped = text[self.pos]
                self.pos += 1
                if escaped == "u" and self.pos + 4 <= len(text):
                    try:
                        out.append(chr(int(text[self.pos : self.pos + 4], 16)))
                    except ValueError:
                        raise LenientJsonError("bad \\u escape") from None
                    self.pos += 4
                else:
                    out.append(
                        {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f"}.get(
                            escaped, escaped
                        )
                    )
                continue
            out.append(char)
        raise LenientJsonError("unclosed string")

    def name(self) -> str:
        char = self.peek()
        return self.string(char) if char in "\"'" else self.literal()

    def obj(self) -> dict[str, Any]:
        self.pos += 1
        result: dict[str, Any] = {}
        if self.peek() == "}":
            self.pos += 1
            return result
        while True:
            key = self.name()
            separator = self.peek()
            if separator == ":":
                self.pos += 1
            elif separator == "=":
                self.pos += 2 if self.text.startswith("=>", self.pos) else 1
            else:
                raise LenientJsonError(f"expected ':' after {key!r}")
            result[key] = self.value()
            char = self.peek()
            self.pos += 1
            if char == "}":
                return result
            if char not in ",;":
                raise LenientJsonError(f"unexpected {char!r} in an object")
            if self.peek() == "}":  # a trailing separator
                self.pos += 1
                return result

    def array(self) -> list[Any]:
        self.pos += 1
        result: list[Any] = []
        if self.peek() == "]":
            self.pos += 1
            return result
        while True:
            result.append(self.value())
            char = self.peek()
            self.pos += 1
            if char == "]":
                return result
            if char not in ",;":
                raise LenientJsonError(f"unexpected {char!r} in a list")
