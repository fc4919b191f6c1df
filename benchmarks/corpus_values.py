"""Values of the shape a script uses them: a time a script makes a ``Date`` of is a number.

纵横中文: ``new Date(o.updateTime).toISOString()`` over a site's answer: the site sends a
timestamp there; the synthetic JSON's sample text makes an invalid date, whose
``toISOString`` throws (as it would in Legado on such a value). Keys a script reads as
``new Date(x.key)`` (milliseconds) or ``new Date(x.key * 1000)`` (seconds) hold a time.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

_DATE_OF_KEY = re.compile(
    r"new\s+Date\(\s*[A-Za-z_$][\w$]*(?:\s*(?:\?\.|\.)\s*[A-Za-z_$][\w$]*)*"
    r"\s*(?:\?\.|\.)\s*([A-Za-z_$][\w$]*)\s*(\*\s*1000\s*)?\)"
)
_MILLISECONDS = 1_700_000_000_000  # 2023-11-14, a time a site's answer could hold


def time_keys(texts: Iterable[str]) -> dict[str, int]:
    """Each key a script makes a ``Date`` of, with a time in the unit it reads it in."""
    keys: dict[str, int] = {}
    for text in texts:
        for found in _DATE_OF_KEY.finditer(text):
            keys[found.group(1)] = _MILLISECONDS // 1000 if found.group(2) else _MILLISECONDS
    return keys


def with_times(document: str, keys: dict[str, int]) -> str:
    """The JSON ``document`` with a time at each of ``keys`` that holds a text."""
    if not keys:
        return document
    try:
        value = json.loads(document)
    except ValueError:
        return document
    return json.dumps(_timed(value, keys), ensure_ascii=False)


def _timed(value: Any, keys: dict[str, int]) -> Any:
    if isinstance(value, list):
        return [_timed(item, keys) for item in value]
    if isinstance(value, dict):
        return {
            key: keys[key] if key in keys and isinstance(item, str) else _timed(item, keys)
            for key, item in value.items()
        }
    return value
