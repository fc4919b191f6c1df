"""Reading a whole rule file: one object or an array, Legado and so-novel mixed.

Each object becomes one ParsedEntry, so one malformed source never sinks the others; only
text that is not JSON, or JSON without any rule object, fails the whole file.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .legado import is_legado, parse_legado
from .legado import label_of as legado_label
from .model import ParsedEntry, RuleFileError
from .sonovel import is_sonovel, parse_sonovel
from .sonovel import label_of as sonovel_label
from .textjson import loads_lenient

# What a bug in one entry's parsing may raise; reported on that entry only.
_ENTRY_FAILURES = (RuleFileError, ValueError, TypeError, AttributeError, KeyError, IndexError)


def parse_rule_document(text: str, *, origin: str = "") -> list[ParsedEntry]:
    """Every source in a rule file's text (JSON object or array; JSON5 quirks and a BOM are
    fine). Raises RuleFileError("not a rule file: …") when the text holds no rule object."""
    where = f"{origin}: " if origin else ""
    try:
        document = loads_lenient(text)
    except ValueError as error:
        raise RuleFileError(f"not a rule file: {where}the text is not JSON ({error})") from None
    objects = document if isinstance(document, list) else [document]
    if not any(isinstance(obj, dict) and _kind(obj) for obj in objects):
        what = "it is empty" if objects == [] else "no Legado or so-novel source in it"
        raise RuleFileError(f"not a rule file: {where}{what}")
    return [parse_object(obj, position=index + 1) for index, obj in enumerate(objects)]


def parse_object(obj: Any, *, position: int = 1) -> ParsedEntry:
    """One JSON value of a rule file (also how a stored ``raw`` object is read back)."""
    fallback = f"source {position}"
    if not isinstance(obj, dict):
        return ParsedEntry(None, fallback, f"{fallback}: not a JSON object")
    kind = _kind(obj)
    if kind == "legado":
        label = legado_label(obj) or fallback
        parse = parse_legado
    elif kind == "sonovel":
        label = sonovel_label(obj) or fallback
        parse = parse_sonovel
    else:
        return ParsedEntry(None, fallback, f"{fallback}: not a Legado or so-novel source")
    try:
        return ParsedEntry(parse(obj, label=label), label)
    except _ENTRY_FAILURES as error:
        message = (
            str(error) if isinstance(error, RuleFileError) else f"{label}: unreadable ({error})"
        )
        return ParsedEntry(None, label, message)


def _kind(obj: Mapping[str, Any]) -> str:
    if is_legado(obj):
        return "legado"
    if is_sonovel(obj):
        return "sonovel"
    return ""
