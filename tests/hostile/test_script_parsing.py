"""Reading a script with tree-sitter, outside every sandbox: at import, in the app's process
(``syntax.py``), and before it runs (``completion.py``). The parser's error recovery is
quadratic in a line of unterminated regular expressions (``/[/[/[…``: 80,000 characters took
3 to 14 s, a rule file's worth of them hours), so each read has a time budget in proportion
to the script's size; real scripts parse at a tenth of a microsecond a character."""

from __future__ import annotations

import time
from pathlib import Path

from novelfetch.core.budgets import SCRIPT_PARSE_SECONDS, SCRIPT_PARSE_SECONDS_PER_MB
from novelfetch.core.sources import SourceRegistry
from novelfetch.core.sources.rules.js.completion import with_rhino_completion
from novelfetch.core.sources.rules.js.syntax import syntax_error
from tests.hostile.sites import rule, rule_file

SLOW_TO_PARSE = "/[" * 60_000  # 120,000 characters on one line
ALLOWED = SCRIPT_PARSE_SECONDS + SCRIPT_PARSE_SECONDS_PER_MB * len(SLOW_TO_PARSE) / 1e6


def test_the_syntax_check_gives_up_within_its_budget() -> None:
    started = time.monotonic()
    assert syntax_error(SLOW_TO_PARSE) is None  # no verdict: QuickJS judges it when it runs
    assert time.monotonic() - started < 10 * ALLOWED  # unbounded, it took minutes


def test_the_completion_rewrite_gives_up_within_its_budget() -> None:
    script = "if (a) { b }\n" + SLOW_TO_PARSE
    started = time.monotonic()
    assert with_rhino_completion(script) == script  # left alone, as a script it cannot read
    assert time.monotonic() - started < 10 * ALLOWED


def test_real_scripts_are_still_read_and_rewritten() -> None:
    assert str(syntax_error("var a = /[0-9]+/.exec(b);\nif (a) { c")) == "line 2: '}' is missing"
    assert "__nf_cv" in with_rhino_completion("var a = 1; if (a) { a = /[a]/.test(b) }")


def test_importing_a_rule_file_of_such_scripts_takes_seconds_not_hours(tmp_path: Path) -> None:
    hostile = [rule(f"https://s{i}.example/", name=f"slow {i}") for i in range(4)]
    for item in hostile:
        item["ruleContent"] = {"content": "@js:" + SLOW_TO_PARSE}
    started = time.monotonic()
    lines = SourceRegistry(tmp_path / "data").import_text(rule_file(*hostile), "test").lines
    assert time.monotonic() - started < 20 * 4 * ALLOWED + 5
    assert len(lines) == 4
