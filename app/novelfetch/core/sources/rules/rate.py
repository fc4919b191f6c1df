"""Throttling settings of rule files turned into a RateLimit."""

from __future__ import annotations

import re
from typing import Any

from novelfetch.core.sources.rules.model import RateLimit, RuleFileError

_INTERVAL = re.compile(r"\d+")
_WINDOW = re.compile(r"(\d+)\s*/\s*(\d+)")


def parse_concurrent_rate(value: Any) -> RateLimit:
    """Legado ``concurrentRate``: ``"1000"`` = 1000 ms between requests, ``"20/60000"`` = at
    most 20 requests per 60 000 ms; empty or ``"0"`` = no limit.

    Raises RuleFileError for anything else (the caller reports it on the source)."""
    if value is None or isinstance(value, bool):
        if value:
            raise RuleFileError(f"concurrentRate {value!r} is not a rate")
        return RateLimit()
    text = str(value).strip()
    if not text:
        return RateLimit()
    if _INTERVAL.fullmatch(text):
        milliseconds = int(text)
        return RateLimit(min_interval=milliseconds / 1000) if milliseconds else RateLimit()
    window = _WINDOW.fullmatch(text)
    if window:
        count, milliseconds = int(window.group(1)), int(window.group(2))
        if count > 0 and milliseconds > 0:
            return RateLimit(max_requests=count, per_seconds=milliseconds / 1000)
    raise RuleFileError(
        f'concurrentRate {text!r} is not a rate (write milliseconds like "1000", '
        f'or requests per milliseconds like "20/60000")'
    )


def sonovel_crawl_rate(crawl: Any) -> RateLimit:
    """so-novel ``crawl``: ``concurrency`` (older files: ``threads``) requests at once and
    ``minInterval`` ms between them. The random spread up to ``maxInterval`` is not kept:
    the minimum is the part that protects the site. Raises RuleFileError on wrong types."""
    if crawl is None:
        return RateLimit()
    if not isinstance(crawl, dict):
        raise RuleFileError("crawl must be an object")
    concurrency = _positive_int(crawl, "concurrency")
    if concurrency is None:
        concurrency = _positive_int(crawl, "threads")
    interval = _positive_int(crawl, "minInterval")
    return RateLimit(
        min_interval=interval / 1000 if interval else None,
        max_concurrency=concurrency,
    )


def _positive_int(section: dict[str, Any], name: str) -> int | None:
    value = section.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise RuleFileError(f"crawl.{name} must be a whole number")
    try:
        number = int(value)
    except ValueError:
        raise RuleFileError(f"crawl.{name} must be a whole number, not {value!r}") from None
    return number if number > 0 else None
