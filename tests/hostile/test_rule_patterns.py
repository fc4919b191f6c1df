"""Reading a rule's delimited parts (``{{…}}``, ``@get:{…}``, ``@put:{…}``, ``<js>…</js>``)
takes time in proportion to the rule, at import (in the app's process) and in the workers.

The lazy patterns that found them were quadratic in openings without a closing: ``{{`` over
40 KB took a minute to import, ``<js>`` seven seconds; a 16 MB rule file, days. The patterns
now stop at the last closing (``closed_patterns.py``), finding exactly what they found before.
"""

from __future__ import annotations

import random
import re
import time
from pathlib import Path

import pytest

from novelfetch.core.sources import SourceRegistry
from novelfetch.core.sources.rules import eval_source_rule, js_rules, rule_syntax, templates
from novelfetch.core.sources.rules.closed_patterns import ClosedPattern, script_parts
from novelfetch.core.sources.rules.urls import split_url_rule
from tests.hostile.sites import rule, rule_file

# What each pattern was, as ``re`` compiled it.
BEFORE = [
    (templates.TEMPLATE, re.compile(r"\{\{(.*?)\}\}", re.DOTALL)),
    (eval_source_rule._PUT, re.compile(r"@put:(\{[^}]+?\})", re.IGNORECASE)),
    (eval_source_rule._EVAL, re.compile(r"@get:\{[^}]+?\}|\{\{[\w\W]*?\}\}", re.IGNORECASE)),
    (eval_source_rule._TEMPLATE, re.compile(r"\{\{([\w\W]*?)\}\}")),
    (js_rules._SCRIPT_TEMPLATE, re.compile(r"@get:\{[^}]+?\}|\{\{[\w\W]*?\}\}", re.IGNORECASE)),
    (rule_syntax._PUT, re.compile(r"@put:\{[^}]+?\}", re.IGNORECASE)),
    (
        rule_syntax._FILLED,
        re.compile(r"@get:\{[^}]+?\}|\{\{.*?\}\}|\{\$\.[^}]*\}", re.IGNORECASE | re.DOTALL),
    ),
]
SCRIPT = re.compile(r"<js>([\w\W]*?)</js>|@js:([\w\W]*)", re.IGNORECASE)
PIECES = ["{{", "}}", "}", "{", "@get:{", "@GET:{", "@put:{", "{$.", "a", "b}", "\n", "<js>",
          "</js>", "@js:", "<JS>", "</Js>", "@Js:", "}}}", "{{{"]  # fmt: skip


def texts(count: int = 3000) -> list[str]:
    chance = random.Random(20)
    return [
        "".join(chance.choice(PIECES) for _ in range(chance.randint(0, 14))) for _ in range(count)
    ]


@pytest.mark.parametrize(("closed", "regex"), BEFORE)
def test_each_pattern_finds_what_re_found(closed: ClosedPattern, regex: re.Pattern[str]) -> None:
    def mark(match: re.Match[str]) -> str:
        return f"[{match.group(0)}]"

    for text in texts():
        assert [m.span() for m in closed.finditer(text)] == [m.span() for m in regex.finditer(text)]
        assert closed.findall(text) == regex.findall(text), text
        assert closed.sub(mark, text) == regex.sub(mark, text), text
        assert closed.sub("", text) == regex.sub("", text), text
        found, expected = closed.search(text), regex.search(text)
        assert (found and found.span()) == (expected and expected.span()), text


def test_scripts_are_cut_where_re_cut_them() -> None:
    for text in texts():
        expected = [
            (m.start(), m.end(), m.group(1) if m.group(1) is not None else m.group(2))
            for m in SCRIPT.finditer(text)
        ]
        assert list(script_parts(text)) == expected, text


@pytest.mark.parametrize(
    "hostile",
    ["{{" * 20_000, "<js>" * 10_000, "@get:{" * 7_000, "{{" * 20_000 + "}", "@put:{" * 7_000],
)
def test_a_rule_of_unclosed_openings_imports_in_proportion_to_its_size(
    tmp_path: Path, hostile: str
) -> None:
    source = rule("https://a.example/", search_url="/s?q={{key}}" + hostile)
    source["ruleContent"] = {"content": "@css:p@text" + hostile}
    started = time.monotonic()
    (line,) = SourceRegistry(tmp_path / "data").import_text(rule_file(source), "test").lines
    assert time.monotonic() - started < 5  # before: a minute for "{{", 7 s for "<js>"
    assert line.label


def test_a_url_rule_s_options_are_found_in_proportion_to_its_length() -> None:
    """``\\s*,\\s*(?=\\{)`` tried at every blank of a long run of blanks was quadratic: 40,000
    spaces in a URL rule took 1.5 s, 400,000 minutes."""
    started = time.monotonic()
    assert split_url_rule("/s?q=" + " " * 400_000 + "x") == ("/s?q=" + " " * 400_000 + "x", "")
    assert time.monotonic() - started < 2


def test_a_url_rule_is_split_where_it_was() -> None:
    before = re.compile(r"\s*,\s*(?=\{(?!\{))")
    chance = random.Random(3)
    for _ in range(3000):
        rule = "".join(
            chance.choice([" ", ",", "{", "{{", "a", "\n", "\t", "}"]) for _ in range(12)
        )
        match = before.search(rule)
        expected = (
            (rule.strip(), "")
            if match is None
            else (rule[: match.start()].strip(), rule[match.end() :].strip())
        )
        assert split_url_rule(rule) == expected, repr(rule)
