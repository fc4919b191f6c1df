"""Reading JSON as rule files write it: strict JSON first (fast), JSON5 when that fails.

Community rule files carry single quotes, trailing commas, comments and BOMs. json5 is pure
Python and ~100x slower than json, so it only sees the text that json rejects.
"""

from __future__ import annotations

import json
from typing import Any

import json5


def loads_lenient(text: str) -> Any:
    """Parse JSON or JSON5 text; ValueError (with json's message) when it is neither."""
    cleaned = text.lstrip("\ufeff").strip()
    try:
        return json.loads(cleaned)
    except ValueError as strict_error:
        try:
            return json5.loads(cleaned)
        except Exception:  # json5 raises ValueError and, on some inputs, other errors
            raise ValueError(str(strict_error)) from None
