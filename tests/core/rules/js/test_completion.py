"""A script's value is the last expression statement it ran, as in Legado's Rhino (ES5), not
ES2015's ``undefined`` after an ``if`` not taken, a loop that never ran or a ``try``."""

from __future__ import annotations

import pytest

from novelfetch.core.sources.rules.analyze import Analyzer
from novelfetch.core.sources.rules.js.completion import with_rhino_completion
from novelfetch.core.sources.rules.js.sandbox import run_script


def no_host(name: str, args: list) -> object:
    raise AssertionError(f"unexpected host call {name}{args}")


@pytest.mark.parametrize(
    ("script", "value"),
    [
        ("var x = 1; x = x + 1; if (false) {}", 2),
        ("x = 1; if (true) { x + 5 }", 6),
        ("x = 3; for (var i = 0; i < 0; i++) {}", 3),
        ("x = 3; for (i = 0; i < 2; i++) { 'loop ' + i }", "loop 1"),  # not the loop's test
        ("x = 'kept'; while (false) {}", "kept"),
        ("x = 'kept'; try {} catch (e) { 'caught' }", "kept"),
        ("x = 'kept'; try { JSON.parse('{') } catch (e) { 'caught' }", "caught"),
        ("b = 2; switch (b) { case 2: 'two'; break }", "two"),
        ("for (const k of [1, 2]) { k * 10 }; if (0) {}", 20),
        # Expression statements inside functions never make the script's value.
        ("x = 'outer'; function f() { 'inner' } f(); if (0) {}", None),
        ("x = 'outer'; var g = () => { 'inner' }; if (0) {}", "outer"),
        ("s = `t${1}`\nif (s == 'no') s = 'yes'\n// a comment at the end", "t1"),
    ],
)
def test_the_value_is_the_last_expression_statement_run(script: str, value: object) -> None:
    assert run_script(with_rhino_completion(script), {}, no_host) == value


def test_scripts_without_such_statements_or_unreadable_are_left_alone() -> None:
    assert with_rhino_completion("result.trim() + '!'") == "result.trim() + '!'"
    assert with_rhino_completion("var x = f(; if (x) {}") == "var x = f(; if (x) {}"


def test_a_rule_script_ending_in_an_if_not_taken_keeps_its_text() -> None:
    # The shape of many real content scripts: clean, then cut an advertisement if there is one.
    page = Analyzer("<div id='c'>正文  内容</div>", "https://site.example/c/1")
    rule = (
        "id.c@text<js>result = result.replace(/\\s+/g, '');\n"
        "if (result.indexOf('广告') > -1) { result = result.split('广告')[0] }</js>"
    )
    assert page.string(rule) == "正文内容"
