"""``##`` replacements and the Java-regex helper: syntax, timeouts, bad patterns."""

from __future__ import annotations

import time

import pytest

from novelfetch.core.sources.rules import safe_regex
from novelfetch.core.sources.rules.analyze import Analyzer, RuleError

PAGE = """<html><body>
<h1 class="title">第12章 风起 (求月票)</h1>
<div id="info"><span>作者：张三</span><span>状态：连载</span></div>
<a id="read" href="/read/12345/index.html">开始阅读</a>
<script>var bookId = 778899; var title = "x";</script>
</body></html>"""


@pytest.fixture
def page() -> Analyzer:
    return Analyzer(PAGE, "https://novel.example/book/1/")


def test_replace_all(page: Analyzer) -> None:
    assert page.string(r"class.title@text##\s*\(.*?\)") == "第12章 风起"
    assert page.string("id.info@tag.span.0@text##作者：") == "张三"
    assert page.strings("id.info@tag.span@text##^.*：") == ["张三", "连载"]


def test_replacement_groups_use_java_syntax(page: Analyzer) -> None:
    assert page.string(r"id.read@href##.*/(\d+)/.*##$1") == "12345"
    assert page.string(r"class.title@text##第(\d+)章 (\S+).*##$2-$1") == "风起-12"
    assert page.string(r"class.title@text##第(?<n>\d+)章.*##${n}") == "12"
    assert page.string(r"class.title@text##第(\d+)章.*##\$$1") == "$12"


def test_triple_hash_keeps_only_the_first_match(page: Analyzer) -> None:
    assert page.string(r"tag.script@html##bookId = (\d+)##$1###") == "778899"
    assert page.string(r"class.title@text##\d##X###") == "X"
    assert page.string(r"class.title@text##nomatch##X###") == ""


def test_a_rule_of_only_a_regex_works_on_the_page_source(page: Analyzer) -> None:
    assert page.string(r"##var bookId = (\d+);##$1###") == "778899"


def test_java_only_syntax_is_accepted() -> None:
    page = Analyzer("<p>abcABC x</p>", "https://x.example/")
    assert page.string(r"tag.p@text##abc(?i)abc##-") == "- x"  # an inline flag mid-pattern
    assert safe_regex.sub(r"\h+", "_", "a\u00a0 b\tc") == "a_b_c"
    assert safe_regex.sub(r"(?<=a+)b", "X", "aab") == "aaX"


def test_catastrophic_pattern_is_stopped_within_about_a_second() -> None:
    page = Analyzer(f"<p>{'a' * 20000}b</p>", "https://x.example/")
    started = time.monotonic()
    with pytest.raises(RuleError, match="longer than"):
        page.string("tag.p@text##(a+)+$")
    # The limit is 0.5 s; the generous bound only guards against a hang on a loaded machine.
    assert time.monotonic() - started < 10


@pytest.mark.parametrize("pattern", ["(unclosed", "a{2,1}", "[z-a]"])
def test_a_pattern_java_cannot_compile_is_replaced_as_plain_text(pattern: str) -> None:
    """Legado (AnalyzeRule.replaceRegex): no Regex compiles, so the text itself is replaced."""
    page = Analyzer(f"<p class=title>书名{pattern}尾</p>", "https://book.example.test/")
    assert page.string(f"class.title@text##{pattern}") == "书名尾"
    assert page.string(f"class.title@text##{pattern}##替###") == "替"


def test_safe_regex_api_for_content_replace_regex() -> None:
    assert safe_regex.search(r"(\d+)", "ab 42").group(1) == "42"
    assert safe_regex.search(r"x", "abc") is None
    assert safe_regex.sub(r"(a)(b)?", "[$2]", "a ab") == "[] [b]"
    assert safe_regex.replace_first_match(r"(\d+)", "<$1>", "x 1 y 2") == "<1>"
    assert safe_regex.compile_rule_regex(r"\d") is safe_regex.compile_rule_regex(r"\d")
    with pytest.raises(RuleError):
        safe_regex.compile_rule_regex("(")
    with pytest.raises(RuleError, match="longer than"):
        safe_regex.search(r"(a|aa)+$", "a" * 60 + "b")
