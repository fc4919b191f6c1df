"""Types of the command line's numeric options: each refuses a value that cannot work with a
message naming it (argparse then exits 2), instead of a run that fails in a stranger way; and
the checks of options that only make sense together."""

from __future__ import annotations

import argparse
import math

from novelfetch.core.errors import BadInputError
from novelfetch.core.jobs.downloader import MAX_CONCURRENCY

__all__ = [
    "jobs",
    "non_negative_int",
    "port",
    "positive_int",
    "positive_number",
    "seconds",
    "seconds_or_zero",
    "txt_encoding",
]


def _whole(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None


def _number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"not a usable number: {text!r}")
    return value


def positive_int(text: str) -> int:
    value = _whole(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def non_negative_int(text: str) -> int:
    value = _whole(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {value}")
    return value


def jobs(text: str) -> int:
    value = positive_int(text)
    if value > MAX_CONCURRENCY:
        raise argparse.ArgumentTypeError(f"must be at most {MAX_CONCURRENCY}, not {value}")
    return value


def positive_number(text: str) -> float:
    value = _number(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be more than 0, not {text}")
    return value


def seconds(text: str) -> float:
    """A time limit: more than 0 seconds."""
    value = _number(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be more than 0 seconds, not {text}")
    return value


def seconds_or_zero(text: str) -> float:
    """A delay: 0 seconds or more."""
    value = _number(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 seconds or more, not {text}")
    return value


def port(text: str) -> int:
    value = _whole(text)
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"must be a port number from 0 to 65535, not {value}")
    return value


def txt_encoding(fmt: str, encoding: str | None) -> str:
    """The encoding a book of ``fmt`` is written in: ``--encoding`` is for TXT books only."""
    if encoding is not None and fmt != "txt":
        raise BadInputError(
            f"--encoding is for TXT books (-f txt); an {fmt.upper()} is always UTF-8"
        )
    return encoding or "utf-8"
