"""Static checks: does a rule need JavaScript (or a browser)? Nothing is ever run.

Scripts run sandboxed (``js/``), so a rule with JavaScript is usable unless a script uses a
name NovelFetch does not provide (``js/surface.py``: webView, startBrowser, captchas, font
decoding, Java classes …); the problem then names them. ``scripted_fields`` tells which
fields of a source run JavaScript, for the source list.

A rule needs JavaScript when it holds ``<js>…</js>``, ``@js:``, a ``java.`` call (Legado's
bridge object), so-novel's ``@java:``, or a ``{{…}}`` body that is neither an embedded rule
(``@…``, ``$.``, ``$[``, ``//``) nor one of the simple templates ``templates.py`` evaluates.
A URL rule's ``js`` option is a script too (run once the address is made). A URL rule fails
when its options ask for ``webView`` or ``webJs`` (code run in a browser's page), and so does a
rule whose text writes a ``webView`` option for a URL it makes at run time (a script's
``result + ',{"webView": true}'``, ``java.ajax(url + ",{'webView': true}")``), in whichever
branch: only a browser could load that page, and which branch runs depends on the site.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from novelfetch.core import messages as said
from novelfetch.core.messages import Message
from novelfetch.core.sources.rules.js.surface import missing_in
from novelfetch.core.sources.rules.reasons import in_field, listed
from novelfetch.core.sources.rules.templates import CONTEXT_NAMES, TEMPLATE, is_rule_body, is_simple
from novelfetch.core.sources.rules.url_js_option import split_js_option
from novelfetch.core.sources.rules.urls import (
    options_need_browser,
    parse_url_options,
    split_url_rule,
)

#: A ``webView`` option key with a value that asks for one, as scripts write it in the URLs
#: they build: quoted or not, with escaped (``\\"webView\\"``) or curly quotes (``webView:“true”``).
#: Legado reads null, "", false and "false" as no web view; so does this.
_WEB_VIEW_OPTION = re.compile(
    r"""(?<![\w$.])\\?["'“”]?webView\\?["'“”]?\s*:"""
    r"""(?!\s*\\?["'“”]{2}|\s*\\?["'“”]?(?:false|null)\b)"""
)
_JS_MARKERS = (
    (re.compile(r"<js>|</js>", re.IGNORECASE), "<js>"),
    (re.compile(r"@js:", re.IGNORECASE), "@js:"),
    (re.compile(r"@java:", re.IGNORECASE), "@java:"),
    (re.compile(r"(?<![\w.])java\.\w"), "java."),
)


def javascript_in(rule: str, *, names: Iterable[str] = CONTEXT_NAMES) -> str | None:
    """What makes ``rule`` need JavaScript (``"<js>"``, ``"@js:"``, ``"{{…}}"``), or None.
    A ``java.`` call inside a simple template (``{{java.encodeURI(key)}}``) needs none."""
    if not rule:
        return None
    allowed = tuple(names)
    outside = TEMPLATE.sub(lambda m: "" if is_simple(m.group(1), allowed) else m.group(0), rule)
    for pattern, label in _JS_MARKERS:
        if pattern.search(outside):
            return label
    if "{{" in rule:
        for match in TEMPLATE.finditer(rule):
            body = match.group(1)
            if not is_rule_body(body) and not is_simple(body, allowed):
                return "{{" + _short(body.strip()) + "}}"
    return None


def url_problem(url_rule: str, field: str) -> Message | None:
    """Why a URL rule cannot be fetched without JavaScript or a browser, or None."""
    problem = _script_problem(url_rule, field)
    if problem:
        return problem
    _, options_text = split_url_rule(url_rule)
    options = parse_url_options(options_text, what=field)
    return _options_problem(options, field) or web_view_problem(url_rule, field)


def web_view_problem(rule: str, field: str) -> Message | None:
    """Why ``rule`` needs a browser because its text writes a ``webView`` option (a script
    asking for one at run time, or a replacement appending one), or None."""
    if rule and _WEB_VIEW_OPTION.search(rule):
        return in_field(field, said.NEEDS_BROWSER_SCRIPT())
    return None


def rule_problem(rule: str, field: str, *, gives_url: bool = False) -> Message | None:
    """Why a rule cannot run without JavaScript, or None. A rule that ``gives_url`` (bookUrl,
    tocUrl, chapterUrl, next…Url) may end in URL options (``,{"webView": true}``) that Legado
    applies when it fetches the result; those are checked too."""
    problem = _script_problem(rule, field)
    if problem:
        return problem
    if gives_url:
        _, options_text = split_url_rule(rule)
        options = parse_url_options(options_text, what=field)  # {} when not options at all
        problem = _options_problem(options, field)
        if problem:
            return problem
    return web_view_problem(rule, field)


def _options_problem(options: Mapping[str, object], field: str) -> Message | None:
    """Why a URL's options cannot be followed: a browser (``webView``, or ``webJs``, which runs
    in the page a browser loaded), or a ``js`` option whose code uses a name NovelFetch lacks
    (the code itself runs sandboxed once the address is made, ``url_js_option``)."""
    if options_need_browser(options):
        return in_field(field, said.NEEDS_BROWSER_OPTION(option="webView"))
    if options.get("webJs"):
        return in_field(field, said.NEEDS_BROWSER_OPTION(option="webJs"))
    code = options.get("js")
    missing = missing_in(code) if isinstance(code, str) else []
    if missing:
        return in_field(field, said.NEEDS_MISSING_OPTION(names=listed(missing)))
    return None


def _script_problem(rule: str, field: str) -> Message | None:
    """What a rule's scripts need that NovelFetch lacks, or None (no script, or all there)."""
    reason = javascript_in(rule)
    if reason is None:
        return None
    if reason == "@java:":
        return in_field(field, said.NEEDS_JAVA_CODE())
    missing = missing_in(rule)
    if missing:
        return in_field(field, said.NEEDS_MISSING(names=listed(missing)))
    return None


def library_problem(library: str) -> Message | None:
    """What a source's ``jsLib`` (code run before each of its scripts) needs that NovelFetch
    lacks, or None."""
    missing = missing_in(library) if library.strip() else []
    if missing:
        return in_field("jsLib", said.NEEDS_MISSING(names=listed(missing)))
    return web_view_problem(library, "jsLib")


#: A script running a field of its source as code: ``eval(String(source.bookSourceComment))``.
_EVALUATED_FIELD = re.compile(r"\beval\(\s*(?:String\(\s*)?source\s*(?:\.\s*getSource\(\))?\.(\w+)")


def evaluated_field_problem(scripts: Iterable[str], source: Mapping[str, object]) -> Message | None:
    """Whether a source field that the ``scripts`` run with eval needs Java classes, as a
    ``jsLib`` would (移动阅读·出版 sets up ``new JavaImporter()`` in its bookSourceComment), or
    None. Other missing names there are left to run time: such fields also hold functions
    only a button or one branch calls (番茄's loginUrl opens a browser from one)."""
    for name in dict.fromkeys(
        found for script in scripts for found in _EVALUATED_FIELD.findall(_plain(script))
    ):
        code = source.get(name)
        missing = missing_in(code) if isinstance(code, str) else []
        if missing and missing[0] == said.JAVA_CLASSES():
            return in_field(name, said.NEEDS_MISSING_EVAL(names=missing[0]))
    return None


def _plain(script: str) -> str:
    # Rhino skips format characters in code (``source.getSource\u200b()``).
    return re.sub("[\u200b-\u200f\u2060\ufeff]", "", script) if not script.isascii() else script


def scripted_fields(rules: Iterable[tuple[str, str]]) -> tuple[str, ...]:
    """The names of the ``(field, rule)`` pairs whose rule runs JavaScript."""
    return tuple(field for field, rule in rules if rule and runs_javascript(rule))


def runs_javascript(rule: str) -> bool:
    """Whether ``rule`` runs a script: one of its own, or its URL's ``js`` option."""
    return bool(javascript_in(rule) or split_js_option(rule)[1])


def _short(text: str, limit: int = 24) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
