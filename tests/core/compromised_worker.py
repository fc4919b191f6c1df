"""Tasks that act as a worker a page has taken over (a memory bug in lxml or QuickJS, say):
instead of answering, they write their own message to the application, one whose unpickling
would run code there, then wait to be killed. Module-level, so a worker imports them by name.
"""

from __future__ import annotations

import builtins
import functools
import os
import pickle
import shlex
import struct
import subprocess
import time
from typing import Any

from novelfetch.core.workers import child

WAIT = 30.0  # seconds a taken-over worker waits to be killed (far past the tests' budgets)


class Gadget:
    """Pickles as a call of ``function(*args)``: what unpickling it runs (``__reduce__``)."""

    def __init__(self, function: Any, *args: Any) -> None:
        self.function, self.args = function, args

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return self.function, self.args


def gadget(how: str, marker: str) -> object:
    """An object whose unpickling creates the file ``marker``, by ``how``."""
    command = f"touch {shlex.quote(marker)}"
    code = f"open({marker!r}, 'w').close()"
    return {
        "os.system": lambda: Gadget(os.system, command),
        "exec": lambda: Gadget(builtins.exec, code),
        "eval": lambda: Gadget(builtins.eval, f"__import__('os').system({command!r})"),
        "subprocess": lambda: Gadget(subprocess.call, ["touch", marker]),
        "partial": lambda: Gadget(functools.partial(os.system, command)),
        # inside an error the application accepts: its attributes are built too
        "in an error": lambda: _carrying(ValueError("no such rule"), Gadget(os.system, command)),
    }[how]()


def _carrying(error: Exception, payload: object) -> Exception:
    error.payload = payload  # type: ignore[attr-defined]
    return error


def send_raw(message: object) -> None:
    """Write ``message`` to the application as the worker's own message, and wait."""
    child._connection.send_bytes(pickle.dumps(message, protocol=pickle.DEFAULT_PROTOCOL))
    time.sleep(WAIT)


def answer_with(how: str, marker: str) -> None:
    send_raw(("ok", gadget(how, marker)))


def fail_with(how: str, marker: str) -> None:
    send_raw(("error", gadget(how, marker)))


def ask_with(how: str, marker: str) -> None:
    """A host call whose request holds the gadget (``ask_parent("fetch", …)``)."""
    send_raw(("host", "fetch", ("GET", gadget(how, marker))))


def announce(size: int) -> None:
    """A message header announcing ``size`` bytes, which never come."""
    os.write(child._connection.fileno(), struct.pack("!i", size))
    time.sleep(WAIT)


class SiteLibraryError(Exception):
    """An error of a library the application never sees (lxml's, QuickJS's)."""


def fail_with_library_error() -> tuple[int, None]:
    raise SiteLibraryError("unexpected token at line 3")


def content_page_taken_over_at(rule: object, marker: str, bad_url: str, page: Any) -> object:
    """``extract.content_page``, but a worker reading the page at ``bad_url`` is taken over:
    it answers with a gadget that would run ``touch marker`` in the application."""
    from novelfetch.core.sources.rules import extract

    if page.raw.url == bad_url:
        answer_with("os.system", marker)
    return extract.content_page(rule, page)  # type: ignore[arg-type]
