"""Run one script of a rule file in QuickJS, inside hard limits, with no way out but the host.

Why QuickJS (the ``quickjs`` wheel, 2.2 MB): ES2020 (arrow functions, template literals,
let/const, which 123+ real sources use); a memory ceiling and an interrupt that really stop a
script (an endless loop, a huge allocation, deep recursion: each measured in
``tests/core/sources/js/test_sandbox.py``); no file, process or network API at all (it is the
bare engine, without ``std``/``os``); a fresh context is cheap (well under a millisecond), so
every evaluation gets its own and nothing of one source is visible to another. V8 through
``mini-racer`` is 22 MB and calls Python only asynchronously; ``js2py`` is ES5 with known
escapes; ``pythonmonkey`` has no working interrupt.

QuickJS's one restriction: it will not call into Python while its time limit is armed. So
host calls (the ``java`` object, elements, the network) are answered by replay: see
``prelude.py``. The module is synchronous and Qt-free; a rule worker process can run it as is,
and network requests reach the app only through the ``HostCall`` callable it is given.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import quickjs

from novelfetch.core.sources.rules.js.prelude import PRELUDE

#: ``host(name, args)``: the answer to one host request, JSON-able; raise to make the script
#: see an exception (as a Java exception reaches a Legado script).
HostCall = Callable[[str, list[Any]], Any]


@dataclass(frozen=True)
class Limits:
    """The budget of one evaluation. ``cpu_seconds`` bounds each run (QuickJS's interrupt,
    on the process's CPU clock); ``wall_seconds`` bounds the evaluation as a whole, host
    requests included."""

    cpu_seconds: float = 2.0
    wall_seconds: float = 30.0
    memory_bytes: int = 64 * 1024 * 1024
    stack_bytes: int = 512 * 1024
    # Each host call replays the run: n calls cost O(n²); a script that needs more is stopped.
    max_host_calls: int = 1000
    max_result_chars: int = 20_000_000


DEFAULT_LIMITS = Limits()


class ScriptError(Exception):
    """A script failed or was stopped; the message says which and why, in one line."""


class ScriptTimeout(ScriptError):
    pass


class ScriptMemoryError(ScriptError):
    pass


_SUSPEND = "NovelFetch: waiting for the host"
_MAX_MESSAGE = 200


def run_script(
    script: str,
    bindings: Mapping[str, Any],
    host: HostCall,
    limits: Limits = DEFAULT_LIMITS,
) -> Any:
    """The script's completion value as plain Python (str, number, bool, None, list, dict;
    elements as ``{"__nf_el": id}``). Raises ScriptError."""
    started = time.monotonic()
    journal: list[tuple[str, dict[str, Any]]] = []
    values = dict(bindings)
    values.setdefault("__now", int(time.time() * 1000))
    bindings_json = json.dumps(values, ensure_ascii=False, default=str)
    while True:
        outcome, value, pending = _run_once(script, bindings_json, journal, limits)
        if pending is None:
            if outcome is not None:
                raise outcome
            return value
        name, args = json.loads(pending)
        if name == "!replay":
            raise ScriptError(
                "the script is not deterministic: on replay it asked "
                f"{_short(args[1])} where it had asked {_short(args[0])}"
            )
        if len(journal) >= limits.max_host_calls:
            raise ScriptError(f"the script made more than {limits.max_host_calls} host calls")
        if time.monotonic() - started > limits.wall_seconds:
            raise ScriptTimeout(f"the script ran longer than {limits.wall_seconds:g} s")
        try:
            answer: dict[str, Any] = {"value": host(name, args)}
        except ScriptError:
            raise
        except Exception as error:  # the script sees it as an exception, as in Legado
            answer = {"error": f"{name}: {_short(str(error) or type(error).__name__)}"}
        journal.append((pending, answer))


def _run_once(
    script: str, bindings_json: str, journal: list[tuple[str, dict[str, Any]]], limits: Limits
) -> tuple[ScriptError | None, Any, str | None]:
    """One run in a new context: (error, value, pending host request)."""
    context = quickjs.Context()
    context.set_memory_limit(limits.memory_bytes)
    context.set_max_stack_size(limits.stack_bytes)
    try:  # the answers so far are the script's memory too: they may not fit any more
        context.set("__nf_journal", json.dumps(journal, ensure_ascii=False))
        context.set("__nf_bindings", bindings_json)
        context.eval(PRELUDE)
    except quickjs.JSException as exception:
        return _classify(str(exception), limits), None, None
    except MemoryError:
        return ScriptMemoryError(_memory_message(limits)), None, None
    context.set_time_limit(limits.cpu_seconds)
    error: ScriptError | None = None
    value: Any = None
    try:
        value = _plain(context.eval(script))
    except quickjs.StackOverflow:
        error = ScriptError("the script nests too deeply (stack overflow)")
    except quickjs.JSException as exception:
        error = _classify(str(exception), limits)
    except MemoryError:
        error = ScriptMemoryError(_memory_message(limits))
    pending: str | None = None
    if not isinstance(error, ScriptMemoryError | ScriptTimeout):
        try:
            pending = context.get("__nf_pending")
        except quickjs.JSException:  # the context is spent (out of memory)
            error = ScriptMemoryError(_memory_message(limits))
    if isinstance(value, str) and len(value) > limits.max_result_chars:
        error = ScriptMemoryError("the script's result is too large")
    return error, value, pending


def _plain(value: Any) -> Any:
    if isinstance(value, quickjs.Object):
        text = value.json()
        return None if text is None else json.loads(text)
    return value


def _classify(message: str, limits: Limits) -> ScriptError:
    first = message.strip().split("\n", 1)[0]
    if "interrupted" in first:
        return ScriptTimeout(f"the script ran longer than {limits.cpu_seconds:g} s")
    if "out of memory" in first or first in ("null", ""):
        return ScriptMemoryError(_memory_message(limits))
    if "stack overflow" in first:
        return ScriptError("the script nests too deeply (stack overflow)")
    if _SUSPEND in first:
        return ScriptError("the script was suspended")  # replaced by the pending request
    return ScriptError(f"the script failed: {_short(first)}{_where(first, message)}")


def _where(first: str, message: str) -> str:
    """Where an error arose when it was not in the script's own code, read from QuickJS's
    stack: in JSON.parse (the text was not JSON), or in code the script made at run time and
    ran with eval / new Function (a page's code, most often)."""
    frames = [line.strip() for line in message.split("\n")[1:] if line.strip().startswith("at ")]
    if first.startswith("SyntaxError") and frames:
        if frames[0] == "at RegExp (native)":
            return " (in a regular expression it builds)"
        # A compile error of the script itself has one frame (its line); of code compiled
        # at run time, that line and then who compiled it.
        if frames[0].startswith("at <input>") and len(frames) > 1:
            if frames[1] == "at parse (native)":
                return " (in JSON.parse: the text is not JSON)"
            return " (in code it evals)"
    elif sum(frame.startswith("at <eval>") for frame in frames) > 1:  # the script is one
        return " (in code it evals)"
    return ""


def _memory_message(limits: Limits) -> str:
    return f"the script used more than {limits.memory_bytes // (1024 * 1024)} MB"


def _short(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= _MAX_MESSAGE else text[: _MAX_MESSAGE - 1] + "…"
