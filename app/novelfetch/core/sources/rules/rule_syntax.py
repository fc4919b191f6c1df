"""Static syntax checks: does every selector and path in a rule compile? Nothing is fetched.

A core rule (bookList, name, bookUrl, tocUrl, chapterList, chapterName, chapterUrl, content)
whose XPath, CSS selector or JSONPath no engine can read fails every time Legado reaches it
too (JsoupXpath, jsoup and Jayway all throw on a syntax error), so such a source is refused at
import with the reason, instead of failing in the middle of a download. Only what is certain
is checked: the parts always evaluated (every part of ``a&&b``, only the first of ``a||b``:
later alternatives run only when the first finds nothing), an explicit XPath (``/…``,
``@XPath:``), an ``@CSS:`` selector, a JSONPath (``$.…``, ``@Json:``), and a default-syntax
step that neither CSS nor (on a JSON page, where every rule is a path) JSONPath can read.
Templated rules are text until filled, and are not checked; in a rule with scripts only an
``@CSS:`` part before the first script (which always runs on the page) is, and whether each
script compiles (``js/syntax.py``; code filled in before it runs is not code yet).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from novelfetch.core import messages as said
from novelfetch.core.messages import Message
from novelfetch.core.sources.rules import css, default_syntax, jsonpath, xpath
from novelfetch.core.sources.rules.closed_patterns import ClosedPattern
from novelfetch.core.sources.rules.eval_errors import RuleError
from novelfetch.core.sources.rules.eval_source_rule import split_replacement
from novelfetch.core.sources.rules.eval_split import split_rule, split_steps
from novelfetch.core.sources.rules.js.syntax import syntax_error
from novelfetch.core.sources.rules.js_rules import script_steps
from novelfetch.core.sources.rules.reasons import in_field
from novelfetch.core.sources.rules.templates import TEMPLATE, is_rule_body

_PUT = ClosedPattern(r"@put:\{[^}]+?\}", "}", re.IGNORECASE)
_ONE_BRACE = r"@get:\{[^}]+?\}|\{\$\.[^}]*\}"  # each ends with "}"
_FILLED = ClosedPattern(
    _ONE_BRACE + r"|\{\{.*?\}\}",
    "}}",
    re.IGNORECASE | re.DOTALL,
    tail=ClosedPattern(_ONE_BRACE, "}", re.IGNORECASE | re.DOTALL),
)
_JS = re.compile(r"<js>|@js:", re.IGNORECASE)
_KEY_PATH = re.compile(r"[\w\u0080-\uffff.\[\]*:'\"\s-]+")
_KEYWORDS = ("class.", "tag.", "id.", "text.", "children")
_OUTPUT_STEPS = frozenset({"text", "textNodes", "ownText", "html", "all"})


def _pieces(rule: str) -> Iterator[tuple[str, str]]:
    """(mode, expression) for each part of ``rule`` that can be compiled on its own."""
    if not rule.strip():
        return
    script = _JS.search(rule)
    if script:  # the rule before its first script always runs: an @CSS: one is checked
        before = _PUT.sub("", rule[: script.start()].strip())
        if before[:5].lower() == "@css:" and not _FILLED.search(before):
            yield from _css_parts(before.split("##", 1)[0][5:])
        return
    body = _PUT.sub("", rule.strip()).lstrip("-+")
    if _FILLED.search(body):
        return  # a templated rule is text until filled: nothing certain to check
    body = body.split("##", 1)[0].strip()
    if body.startswith(":"):
        return  # all-in-one regex
    lowered = body[:7].lower()
    if lowered.startswith("@css:"):
        yield from _css_parts(body[5:])
    elif lowered.startswith("@xpath:") or body.startswith("/"):
        for part in split_rule(body.removeprefix(body[:7]) if lowered == "@xpath:" else body)[0]:
            yield "xpath", part
    elif lowered.startswith("@json:") or body.startswith(("$.", "$[")):
        yield "json", body[6:] if lowered.startswith("@json:") else body
    else:
        yield "default", body.removeprefix("@@")


def _css_parts(body: str) -> Iterator[tuple[str, str]]:
    parts, kind = split_rule(body)
    if kind != "||" and any(not part.strip() for part in parts):
        # Legado cuts each part at its last '@' (none in an empty one) and throws; so does jsoup.
        raise RuleError(body, said.EMPTY_CSS_PART(stray=kind))
    for part in parts:
        yield "css", part


def _always_run(expression: str, *, code: bool = False) -> tuple[str, ...]:
    parts, kind = split_rule(expression, ("&&", "||", "%%"), code)
    return parts[:1] if kind == "||" else parts


def _check(mode: str, expression: str, *, last_is_output: bool) -> None:
    expression = expression.strip()
    if not expression:
        return
    if mode == "xpath":
        for part in _always_run(expression):
            found = xpath._OUTPUT_FUNCTION.fullmatch(part.strip())
            xpath.compile_xpath(found.group(1) if found else part.strip(), False)
    elif mode == "json":
        for part in _always_run(expression, code=True):
            if part.strip():
                jsonpath.compile_path(part)
    elif mode == "css":
        for part in _always_run(expression):
            at = part.rfind("@")
            selector = part[:at] if last_is_output and at >= 0 else part
            if selector.strip():
                css.compile_css(selector)
    else:
        for part in _always_run(expression):
            _check_default(part, last_is_output=last_is_output)


def _check_default(part: str, *, last_is_output: bool) -> None:
    steps = list(split_steps(part))
    if last_is_output and steps:
        steps.pop()
    for step in steps:
        selector = default_syntax.parse_step(step).selector
        if not selector or selector.startswith(_KEYWORDS) or selector in _OUTPUT_STEPS:
            continue
        if _KEY_PATH.fullmatch(selector):
            continue  # on a JSON page, a bare key path (data.list[*])
        try:
            css.compile_css(selector)
        except RuleError:
            jsonpath.compile_path(part)  # raises too when no engine reads it
            return  # on a JSON page the whole rule is a path: not certain to fail


def _scripts(rule: str, *, cut_at_replacement: bool) -> Iterator[str]:
    """The code of the rule's scripts, as it runs: ``<js>``/``@js:`` steps (a text rule's cut
    at ``##``, as makeUpRule cuts it) and ``{{…}}`` bodies that are code. Code that is filled
    in before it runs (``{{…}}`` or ``@get:{…}`` inside a script) is not code yet."""
    steps = script_steps(rule) or [("rule", rule)]
    for kind, text in steps:
        if kind == "js":
            if not _FILLED.search(text):
                yield split_replacement(text).rule if cut_at_replacement else text
            continue
        for body in TEMPLATE.findall(text):
            if not is_rule_body(body) and "@get:" not in body.lower():
                yield body


def script_syntax_problem(
    rule: str, field: str, *, cut_at_replacement: bool = False
) -> Message | None:
    """Why a rule's script can never run (it does not compile, in Legado either), or None.
    Text rules cut a script at ``##``; list and URL rules do not."""
    for code in _scripts(rule, cut_at_replacement=cut_at_replacement):
        where = syntax_error(code) if code.strip() else None
        if where:
            return in_field(field, said.SCRIPT_NOT_COMPILING(where=where))
    return None


def syntax_problem(rule: str, field: str, *, is_list: bool = False) -> Message | None:
    """Why ``rule`` can never be evaluated (a selector or path no engine reads, a script that
    does not compile), or None."""
    if "<js>" in rule.lower() or "@js:" in rule.lower() or "{{" in rule:
        problem = script_syntax_problem(rule, field, cut_at_replacement=not is_list)
        if problem:
            return problem
    try:
        for mode, expression in _pieces(rule):
            _check(mode, expression, last_is_output=not is_list)
    except RuleError as error:
        return in_field(field, said.CANNOT_BE_READ(problem=error.problem_message))
    except RecursionError:
        return in_field(field, said.NESTS_TOO_DEEPLY())
    return None


def library_syntax_problem(library: str) -> Message | None:
    """Why a source's ``jsLib`` (code run before each of its scripts) can never run, or None;
    a ``{name: url}`` map of libraries is not code."""
    if not library.strip() or library.lstrip().startswith("{"):
        return None
    where = syntax_error(library)
    return in_field("jsLib", said.SCRIPT_NOT_COMPILING(where=where)) if where else None
