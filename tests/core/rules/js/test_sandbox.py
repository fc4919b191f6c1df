"""The sandbox holds hostile scripts inside their budget, with a message saying what happened."""

from __future__ import annotations

import time

import pytest

from novelfetch.core.sources.rules.js.sandbox import (
    Limits,
    ScriptError,
    ScriptMemoryError,
    ScriptTimeout,
    run_script,
)

TIGHT = Limits(cpu_seconds=0.5, wall_seconds=5, memory_bytes=32 * 1024 * 1024)


def no_host(name: str, args: list) -> object:
    raise AssertionError(f"unexpected host call {name}{args}")


def test_es2020_runs_and_gives_plain_values() -> None:
    script = "const f = (x) => `v${x}`; let o = {a: [1, 2], b: f(3)}; o?.a.length ?? 0; o"
    assert run_script(script, {}, no_host) == {"a": [1, 2], "b": "v3"}


def test_bindings_are_visible() -> None:
    assert run_script("baseUrl + '|' + key + '|' + page", {"baseUrl": "u", "key": "k", "page": 2},
                      no_host) == "u|k|2"  # fmt: skip


def test_no_file_process_or_network_api() -> None:
    script = "[typeof require, typeof std, typeof os, typeof fetch, typeof XMLHttpRequest]"
    assert run_script(script, {}, no_host) == ["undefined"] * 5


def test_endless_loop_is_stopped_within_budget() -> None:
    started = time.monotonic()
    with pytest.raises(ScriptTimeout, match=r"ran longer than 0\.5 s"):
        run_script("while (true) {}", {}, no_host, TIGHT)
    assert time.monotonic() - started < 10  # CPU budget 0.5 s; generous for a loaded machine


def test_huge_allocation_is_stopped() -> None:
    with pytest.raises(ScriptMemoryError, match="more than 32 MB"):
        run_script("let a = []; while (true) a.push('x'.repeat(1 << 16) + a.length);", {},
                   no_host, TIGHT)  # fmt: skip


def test_deep_recursion_is_stopped() -> None:
    with pytest.raises(ScriptError, match="nests too deeply"):
        run_script("function f(n) { return f(n + 1) + 1 } f(0)", {}, no_host, TIGHT)


def test_a_script_that_throws_names_its_error() -> None:
    with pytest.raises(ScriptError, match="the script failed: Error: boom"):
        run_script("throw new Error('boom')", {}, no_host)


def test_host_calls_are_answered_by_replay() -> None:
    calls = []

    def host(name: str, args: list) -> object:
        calls.append((name, args))
        return args[0].upper()

    script = (
        "let out = []; for (const w of ['a', 'b', 'c']) out.push(java.md5Encode(w)); out.join()"
    )
    assert run_script(script, {}, host) == "A,B,C"
    assert calls == [("md5Encode", ["a"]), ("md5Encode", ["b"]), ("md5Encode", ["c"])]


def test_catching_the_suspension_does_not_change_the_result() -> None:
    script = "let r; try { r = java.ajax('http://x/') } catch (e) { r = 'caught' } r"
    assert run_script(script, {}, lambda name, args: "page") == "page"


def test_host_errors_reach_the_script_as_exceptions() -> None:
    def host(name: str, args: list) -> object:
        raise PermissionError("refused: local address")

    script = "try { java.ajax('http://127.0.0.1/') } catch (e) { 'seen: ' + e.message }"
    assert run_script(script, {}, host) == "seen: ajax: refused: local address"


def test_time_and_randomness_are_frozen_so_replays_agree() -> None:
    script = (
        "const t = Date.now() + ':' + Math.random(); java.md5Encode(t); t + new Date().getTime()"
    )
    first = run_script(script, {"__now": 1000}, lambda n, a: "")
    assert first == run_script(script, {"__now": 1000}, lambda n, a: "")
    assert first.startswith("1000:")


def test_too_many_host_calls_are_refused() -> None:
    with pytest.raises(ScriptError, match="more than 5 host calls"):
        run_script("for (;;) java.md5Encode('a')", {}, lambda n, a: "x",
                   Limits(max_host_calls=5))  # fmt: skip


def test_each_run_is_a_fresh_context() -> None:
    run_script("globalThis.secret = 'source A'; 1", {}, no_host)
    assert run_script("typeof secret", {}, no_host) == "undefined"


def test_a_spent_context_after_out_of_memory_does_not_poison_the_next() -> None:
    with pytest.raises(ScriptMemoryError):
        run_script("let s = 'x'; while (true) s += s;", {}, no_host, TIGHT)
    assert run_script("1 + 1", {}, no_host) == 2


def test_java_string_and_list_methods_rhino_scripts_call() -> None:
    script = "['ab'.equals('ab'), 'abc'.contains('b'), ''.isEmpty(), 'a1'.matches('[a-z]\\\\d'),"
    script += " [1, 2].toArray().length, [1, 2].size(), [3].get(0), 'x'.matches('x|y')]"
    assert run_script(script, {}, no_host) == [True, True, True, True, 2, 2, 3, True]


def test_dates_written_the_way_sites_write_them_parse_as_in_rhino() -> None:
    script = "[Date.parse('2024/05/01 10:00:00') === new Date(2024, 4, 1, 10).getTime(),"
    script += " new Date('2024-05-01 10:00').getHours(), Date.parse('2024-05-01T10:00:00Z')]"
    assert run_script(script, {}, no_host) == [True, 10, 1714557600000]


def test_host_answers_outgrowing_the_memory_ceiling_on_replay_are_a_memory_error() -> None:
    """Each host call replays the script with every answer so far: large answers fill the
    fresh context before the script runs. That is the script's memory too, said as such, not
    the engine's own exception escaping the sandbox."""
    with pytest.raises(ScriptMemoryError, match="more than 32 MB"):
        run_script("var s = 'x'.repeat(3000000); for (;;) java.md5Encode(s)", {},
                   lambda name, args: args[0], TIGHT)  # fmt: skip
