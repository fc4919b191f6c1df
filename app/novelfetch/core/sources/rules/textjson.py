"""Reading JSON as rule files write it: strict JSON first, then common JSON5 quirks, then JSON5.

Community rule files carry single quotes, unquoted keys, trailing commas, comments, raw tabs
inside strings and BOMs. The json5 package is pure Python and about a hundred times slower
than json, so the common quirks are first rewritten into JSON by one regular-expression pass
(strings are matched whole, so nothing inside a string is touched) and only text that still
fails goes to json5.
"""

from __future__ import annotations

import json
import re
from typing import Any

import json5

from novelfetch.core.budgets import MAX_JSON5_CHARS, MAX_RULE_DEPTH

# A string or comment left open runs to the end of the text (``\Z``): otherwise every quote
# of a broken file would start a scan to its end, and a 100 KB file of ``"\`` took minutes.
_JSON5_TOKEN = re.compile(
    r"""
      (?P<dq>"(?:[^"\\]|\\.|\\\Z)*(?:"|\Z))
    | (?P<sq>'(?:[^'\\]|\\.|\\\Z)*(?:'|\Z))
    | (?P<line_comment>//[^\n]*)
    | (?P<block_comment>/\*.*?(?:\*/|\Z))
    | (?P<trailing_comma>,(?=\s*[}\]]))
    | (?P<key>(?<![\w$.])[A-Za-z_$][\w$]*(?=\s*:))
    """,
    re.DOTALL | re.VERBOSE,
)
_DQ_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_SQ_ESCAPE = re.compile(r"""\\(.)|(")""", re.DOTALL)


def check_depth(text: str, limit: int = MAX_RULE_DEPTH) -> None:
    """ValueError when arrays and objects in ``text`` nest deeper than ``limit``: the parsers
    recurse, and ``[`` a hundred thousand times deep crashed them. One linear pass."""
    depth = 0
    for match in _STRUCTURE.finditer(text):
        token = match.group(0)
        if token in "[{":
            depth += 1
            if depth > limit:
                raise ValueError(f"arrays and objects nested over {limit} deep (the limit)")
        elif token in "]}":
            depth -= 1


def loads_lenient(text: str, *, full_json5: bool = True) -> Any:
    """Parse JSON or JSON5 text; ValueError (with json's message) when it is neither.

    ``full_json5=False`` skips the slow json5 pass (for whole files, which are split into
    items and parsed one by one instead)."""
    cleaned = text.lstrip("\ufeff").strip()
    try:
        return json.loads(cleaned, strict=False)
    except RecursionError:
        raise ValueError("arrays and objects nested too deep") from None
    except ValueError as strict_error:
        try:
            return json.loads(_JSON5_TOKEN.sub(_rewrite, cleaned), strict=False)
        except ValueError:
            if not full_json5:
                raise ValueError(str(strict_error)) from None
            if len(cleaned) > MAX_JSON5_CHARS:
                raise ValueError(
                    f"{strict_error}; too long for the JSON5 reader "
                    f"({len(cleaned):,} characters, limit {MAX_JSON5_CHARS:,})"
                ) from None
        try:
            return json5.loads(cleaned)
        except Exception:  # json5 raises ValueError, RecursionError and, on some inputs, others
            raise ValueError(str(strict_error)) from None


def _rewrite(match: re.Match[str]) -> str:
    kind = match.lastgroup
    token = match.group(0)
    if kind == "dq":
        return _DQ_ESCAPE.sub(_unescape_quote, token) if "\\'" in token else token
    if kind == "sq":
        if len(token) < 2 or not token.endswith("'"):
            return token  # left open: the text stays broken, as it is
        return '"' + _SQ_ESCAPE.sub(_requote, token[1:-1]) + '"'
    if kind == "key":
        return f'"{token}"'
    return ""  # comments and trailing commas


def _requote(match: re.Match[str]) -> str:
    if match.group(2):
        return '\\"'
    escaped = match.group(1)
    return "'" if escaped == "'" else "\\" + escaped


def _unescape_quote(match: re.Match[str]) -> str:
    return "'" if match.group(1) == "'" else match.group(0)


_COMMENT = re.compile(r"//[^\n]*|/\*.*?(?:\*/|\Z)", re.DOTALL)
_STRUCTURE = re.compile(
    r"""
      "(?:[^"\\]|\\.|\\\Z)*(?:"|\Z)
    | '(?:[^'\\]|\\.|\\\Z)*(?:'|\Z)
    | //[^\n]*
    | /\*.*?(?:\*/|\Z)
    | [\[\]{},]
    """,
    re.DOTALL | re.VERBOSE,
)


def split_top_level_array(text: str) -> list[str] | None:
    """The texts of the items of a top-level JSON(5) array, without parsing them; None when
    the text is not an array. Lets a file with one broken item still yield the others."""
    cleaned = text.lstrip("\ufeff")
    depth = 0
    items: list[str] = []
    start = 0
    for match in _STRUCTURE.finditer(cleaned):
        token = match.group(0)
        if token in "[{":
            if depth == 0:
                if token != "[" or not _only_comments(cleaned[: match.start()]):
                    return None
                start = match.end()
            depth += 1
        elif token in "]}":
            depth -= 1
            if depth == 0:
                items.append(cleaned[start : match.start()])
                return [item for item in items if not _only_comments(item)]
        elif token == "," and depth == 1:
            items.append(cleaned[start : match.start()])
            start = match.end()
    return None


def _only_comments(text: str) -> bool:
    return not _COMMENT.sub("", text).strip()
