"""Keep the user's secrets (the source cookie, proxy passwords) out of every log record.

A secret is registered once (``register_secrets``); from then on every log record created in
this process, by any logger, has each secret replaced with ``[redacted]`` in its message and
exception text, before any handler sees it. Installing at record creation rather than as a
handler filter means log panels and handlers added later by the GUI are covered too.
``redact`` is the same replacement for text shown by other means (the CLI's messages).
"""

from __future__ import annotations

import logging
import re
import threading
import urllib.request
from collections.abc import Iterable
from urllib.parse import unquote, urlsplit

__all__ = [
    "REDACTED",
    "cookie_secrets",
    "proxy_secrets",
    "redact",
    "register_secrets",
    "system_proxy_secrets",
]

REDACTED = "[redacted]"
# Shorter values cannot be told from ordinary text; redacting "1" everywhere helps no one.
MIN_SECRET_LENGTH = 3

_secrets: tuple[str, ...] = ()
_pattern: re.Pattern[str] | None = None
_lock = threading.Lock()
_installed = False


def cookie_secrets(cookie: str) -> list[str]:
    """The whole cookie header and each cookie's value."""
    found = [cookie.strip()]
    for part in cookie.split(";"):
        _, _, value = part.partition("=")
        found.append(value.strip().strip('"'))
    return found


def proxy_secrets(proxy: str | None) -> list[str]:
    """The password of a proxy address, as typed and percent-decoded, with its user."""
    if not proxy:
        return []
    try:
        parts = urlsplit(proxy if "://" in proxy else "http://" + proxy)
        password = parts.password
    except ValueError:
        # Unparseable: treat everything before the last "@" as credentials.
        userinfo = proxy.rpartition("@")[0].partition("://")[2] or proxy.rpartition("@")[0]
        return [userinfo, userinfo.partition(":")[2]]
    if not password:
        return []
    return [password, unquote(password), f"{parts.username}:{password}"]


def system_proxy_secrets() -> list[str]:
    """Passwords in the proxies the system (environment, registry) configures."""
    found: list[str] = []
    for address in urllib.request.getproxies().values():
        found.extend(proxy_secrets(address))
    return found


def register_secrets(values: Iterable[str]) -> None:
    """Redact each of ``values`` (those long enough to be secrets) from now on."""
    global _secrets, _pattern
    fresh = {v for v in values if v and len(v) >= MIN_SECRET_LENGTH}
    if not fresh - set(_secrets):
        return
    with _lock:
        # Longest first, so a value that contains another is replaced whole.
        _secrets = tuple(sorted(set(_secrets) | fresh, key=len, reverse=True))
        # In any case: a host name is lower-cased on its way into a message (a script may
        # put the cookie in one, and the refusal of a confined source names the host).
        _pattern = re.compile("|".join(map(re.escape, _secrets)), re.IGNORECASE)
        _install()


def redact(text: str) -> str:
    pattern = _pattern
    return text if pattern is None else pattern.sub(REDACTED, text)


def _contains_secret(text: str) -> bool:
    pattern = _pattern
    return pattern is not None and pattern.search(text) is not None


def _scrub(record: logging.LogRecord) -> None:
    try:
        message = record.getMessage()
    except Exception:  # a bad format string: the handler reports it as usual
        message = None
    if message is not None and _contains_secret(message):
        record.msg, record.args = redact(message), None
    if record.exc_info and record.exc_info[1] is not None:
        text = logging.Formatter().formatException(record.exc_info)
        if _contains_secret(text):
            # Handlers use exc_text when it is set instead of formatting exc_info again.
            record.exc_text = redact(text)
    if record.stack_info and _contains_secret(record.stack_info):
        record.stack_info = redact(record.stack_info)


def _install() -> None:
    global _installed
    if _installed:
        return
    previous = logging.getLogRecordFactory()

    def make_record(*args: object, **kwargs: object) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        if _secrets:
            _scrub(record)
        return record

    logging.setLogRecordFactory(make_record)
    _installed = True
