"""Starting a worker process, and saying how one ended, what it ran, or what bounds it."""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
import types
from collections.abc import Iterator

_start_lock = threading.Lock()
SHOWN_ACTIVITY = 100  # characters of the rule under way a message shows


@contextlib.contextmanager
def main_module_hidden() -> Iterator[None]:
    """Start a worker without it importing this program's main module.

    "spawn" runs the parent's ``__main__`` again in the child (as ``__mp_main__``), so that
    functions defined there can be sent; a worker's tasks live in the package, and the main
    module may be the window's (Qt), pytest's, or a user's script that starts a download at
    import. With a bare stand-in as ``__main__`` while the process starts, the child skips it.
    """
    with _start_lock:
        main = sys.modules["__main__"]
        sys.modules["__main__"] = types.ModuleType("__main__")
        try:
            yield
        finally:
            sys.modules["__main__"] = main


def how_it_ended(code: int | None) -> str:
    """A process's exit code in words: "was killed by SIGKILL", "exited with code 1" …"""
    if code is None:
        return "stopped answering"
    if code < 0:
        try:
            return f"was killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"was killed by signal {-code}"
    return f"exited with code {code}"


def megabytes(size: int | None) -> str:
    """A memory ceiling in words."""
    return "its limit" if size is None else f"{size / (1024 * 1024):.0f} MB"


def who_ran(activity: bytes, label: str) -> str:
    """'source X: rule Y' from what the worker last said it was doing (``activity``), or
    "evaluating a page's rules" when it had not said. Words from the worker: text only."""
    doing = " ".join(activity.decode("utf-8", "replace").split())
    if len(doing) > SHOWN_ACTIVITY:
        doing = doing[: SHOWN_ACTIVITY - 1] + "…"
    what = f"rule {doing!r}" if doing else "evaluating a page's rules"
    return f"{label}: {what}" if label else what
