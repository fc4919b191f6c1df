"""Tasks for the worker-pool tests: module-level, so a worker process can import them by name."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from novelfetch.core.sources.rules.eval_errors import RuleError
from novelfetch.core.workers.child import note_activity


def echo(value: object) -> tuple[int, object]:
    return os.getpid(), value


def with_preloaded(preloaded: object, value: object) -> tuple[int, int, object]:
    """Which process ran it, and which copy of the preloaded object it got."""
    return os.getpid(), id(preloaded), value


def spin(activity: str) -> None:
    """Pure CPU for ever, as a runaway rule is."""
    note_activity(activity)
    while True:
        pass


def sleep(seconds: float) -> None:
    note_activity("waiting on nothing")
    time.sleep(seconds)


def kill_self() -> None:
    """A worker dying mid-task, as a crash in native code or the OOM killer would end it."""
    os.kill(os.getpid(), signal.SIGKILL)


def kill_self_once(marker: str) -> int:
    """Dies the first time (leaving ``marker``), answers the next: a crash worth a retry."""
    path = Path(marker)
    if not path.exists():
        path.write_text("died once")
        os.kill(os.getpid(), signal.SIGKILL)
    return os.getpid()


def allocate(megabytes: int) -> int:
    note_activity("allocating")
    return len(bytearray(megabytes * 1024 * 1024))


def fail_with_rule_error() -> None:
    raise RuleError("//div[@id='x']", "is not what the page has")


def content_page_killed_once(rule: object, marker: str, page: object) -> object:
    """``extract.content_page``, but the first call's worker dies mid-page."""
    from novelfetch.core.sources.rules import extract

    kill_self_once(marker)
    return extract.content_page(rule, page)  # type: ignore[arg-type]


def niceness() -> int:
    return os.nice(0)


def preloaded_value(preloaded: object) -> tuple[int, object]:
    return os.getpid(), preloaded


def ask(name: str, *args: object) -> tuple[int, object]:
    """The answer of the host call ``name``, and which process asked."""
    from novelfetch.core.workers.child import ask_parent

    return os.getpid(), ask_parent(name, *args)


def ask_then_sleep(seconds: float) -> None:
    """A host call answered, then stuck without using CPU (a worker that never answers)."""
    from novelfetch.core.workers.child import ask_parent

    ask_parent("wait")
    sleep(seconds)


def run_js(script: str) -> object:
    """A rule's script in the sandbox, as a page's rules run it in a worker."""
    from novelfetch.core.sources.rules.js.sandbox import run_script

    return run_script(script, {}, lambda name, args: None)
