"""Throttling settings of rule files turned into a RateLimit."""

from __future__ import annotations

import re
from typing import Any

from novelfetch.core import messages as said
from novelfetch.core.budgets import MAX_REQUEST_INTERVAL, MAX_RULE_CONCURRENCY
from novelfetch.core.sources.rules.model import RateLimit, RuleFileError
from novelfetch.core.sources.rules.reasons import in_field

# At most 12 digits: longer counts are refused (Python will not even read thousands of digits).
_INTERVAL = re.compile(r"\d{1,12}")
_WINDOW = re.compile(r"(\d{1,12})\s*/\s*(\d{1,12})")


def capped(limit: RateLimit) -> RateLimit:
    """``limit`` within the budgets: no wait between requests over ``MAX_REQUEST_INTERVAL``
    (a window of N requests is stretched no further than N such waits), no more than
    ``MAX_RULE_CONCURRENCY`` at once. A rule asking for more would only look like a hang."""
    interval = limit.min_interval
    if interval is not None:
        interval = min(interval, MAX_REQUEST_INTERVAL)
    per_seconds = limit.per_seconds
    if per_seconds is not None and limit.max_requests:
        per_seconds = min(per_seconds, limit.max_requests * MAX_REQUEST_INTERVAL)
    concurrency = limit.max_concurrency
    if concurrency is not None:
        concurrency = min(concurrency, MAX_RULE_CONCURRENCY)
    return RateLimit(interval, limit.max_requests, per_seconds, concurrency)


def parse_concurrent_rate(value: Any) -> RateLimit:
    """Legado ``concurrentRate``: ``"1000"`` = 1000 ms between requests, ``"20/60000"`` = at
    most 20 requests per 60 000 ms; empty or ``"0"`` = no limit.

    Raises RuleFileError for anything else (the caller reports it on the source)."""
    if value is None or isinstance(value, bool):
        if value:
            raise RuleFileError(said.NOT_A_RATE(value=value))
        return RateLimit()
    text = str(value).strip()
    if not text:
        return RateLimit()
    if _INTERVAL.fullmatch(text):
        milliseconds = int(text)
        return capped(RateLimit(min_interval=milliseconds / 1000)) if milliseconds else RateLimit()
    window = _WINDOW.fullmatch(text)
    if window:
        count, milliseconds = int(window.group(1)), int(window.group(2))
        if count > 0 and milliseconds > 0:
            return capped(RateLimit(max_requests=count, per_seconds=milliseconds / 1000))
    raise RuleFileError(said.NOT_A_RATE_HINT(value=text))


def sonovel_crawl_rate(crawl: Any) -> RateLimit:
    """so-novel ``crawl``: ``concurrency`` (older files: ``threads``) requests at once and
    ``minInterval`` ms between them. The random spread up to ``maxInterval`` is not kept:
    the minimum is the part that protects the site. Raises RuleFileError on wrong types."""
    if crawl is None:
        return RateLimit()
    if not isinstance(crawl, dict):
        raise RuleFileError(in_field("crawl", said.MUST_BE_ONLY(what=said.AN_OBJECT())))
    concurrency = _positive_int(crawl, "concurrency")
    if concurrency is None:
        concurrency = _positive_int(crawl, "threads")
    interval = _positive_int(crawl, "minInterval")
    return capped(
        RateLimit(min_interval=interval / 1000 if interval else None, max_concurrency=concurrency)
    )


def _positive_int(section: dict[str, Any], name: str) -> int | None:
    value = section.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise RuleFileError(
            in_field(f"crawl.{name}", said.MUST_BE_ONLY(what=said.A_WHOLE_NUMBER()))
        )
    try:
        number = int(value) if len(str(value).strip()) <= 12 else 10**12
    except ValueError:
        not_number = said.MUST_BE(what=said.A_WHOLE_NUMBER(), found=repr(value))
        raise RuleFileError(in_field(f"crawl.{name}", not_number)) from None
    return number if number > 0 else None
