"""Rules with JavaScript in them, Legado's way: ``<js>…</js>``, ``@js:`` and ``{{…}}``.

A rule is cut at its scripts into steps (AnalyzeRule.splitSourceRule): each plain-rule step
reads the value before it (the page or list item first), each script step gets that value as
``result`` and gives the next one. Scripts run in ``js.sandbox`` with the page's context
(``baseUrl``, ``key``, ``page``, ``book``, ``chapter``, ``source``) and the book's
``ScriptState``; java.getString and the element bridge read the same parsed page.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from lxml import etree

from novelfetch.core.sources.rules import jsonpath
from novelfetch.core.sources.rules.closed_patterns import GET, ClosedPattern, script_parts
from novelfetch.core.sources.rules.document import JsonNode, RegexNode
from novelfetch.core.sources.rules.eval_errors import NeedsJavaScriptError, RuleError
from novelfetch.core.sources.rules.eval_text import outer_html
from novelfetch.core.sources.rules.js.completion import with_rhino_completion
from novelfetch.core.sources.rules.js.host import CookieJar, Fetch, JsHost, ScriptState
from novelfetch.core.sources.rules.js.sandbox import DEFAULT_LIMITS, Limits, ScriptError, run_script

if TYPE_CHECKING:
    from novelfetch.core.sources.rules.model import RuleSource

# analyze.Analyzer, which imports this module (so it is not imported back here).
Analyzer = Any

# Unicode's format characters (category Cf) but the byte order mark, which Rhino keeps.
_FORMAT_CHARACTERS = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufff9-\ufffb]"
)


@dataclass
class ScriptContext:
    """What scripts of one source may use: their state, the network seams, and facts."""

    state: ScriptState = field(default_factory=ScriptState)
    fetch: Fetch | None = None
    #: The source's own cookie jar, the one its requests send (None: no network here).
    cookies: CookieJar | None = None
    source: dict[str, Any] = field(default_factory=dict)  # bookSourceUrl, bookSourceName …
    book: dict[str, Any] = field(default_factory=dict)
    chapter: dict[str, Any] = field(default_factory=dict)
    limits: Limits = DEFAULT_LIMITS
    library: str = ""  # Legado ``jsLib``: run before each script (plain code only)


def source_facts(rule: RuleSource) -> dict[str, Any]:
    """What a script may read of its source (Legado's ``source`` fields)."""
    # Every text field, as Legado's BookSource has them: scripts eval() code kept in
    # bookSourceComment or loginUrl, or read their own header.
    facts: dict[str, Any] = {
        key: value for key, value in rule.raw.items() if isinstance(value, str | int | bool)
    }
    facts.setdefault("bookSourceUrl", rule.url)
    facts.setdefault("bookSourceName", rule.name)
    # Rhino reads a Java getter as a property: ``source.key`` is getKey(), the source's URL.
    facts.setdefault("key", facts["bookSourceUrl"])
    return facts


def script_steps(rule: str) -> list[tuple[str, str]] | None:
    """``[("rule"|"js", text), …]`` when ``rule`` holds a script, else None."""
    if "<js>" not in rule.lower() and "@js:" not in rule.lower():
        return None
    steps: list[tuple[str, str]] = []
    start = 0
    for begin, end, code in script_parts(rule):
        before = rule[start:begin].strip()
        if before:
            steps.append(("rule", before))
        steps.append(("js", code))
        start = end
    rest = rule[start:].strip()
    if rest:
        steps.append(("rule", rest))
    return steps


_COMBINED = re.compile(r"&&|\|\||%%|##|<js>|@js:", re.IGNORECASE)


class _Bridge:
    """java.getString & co. for one script: on the item it runs for, or what setContent gave."""

    def __init__(self, analyzer: Analyzer, node: Any) -> None:
        self.analyzer = analyzer
        self.node = node

    def js_get_string(self, rule: str, is_url: bool, content: Any = None) -> str:
        """On the item, or on ``content`` (an element, or a text read as a page)."""
        if content is None or isinstance(content, etree._Element):
            node = self.node if content is None else content
            return self.analyzer.string(rule, node, is_url=is_url)
        page = type(self.analyzer)(str(content), self.analyzer.url, self.analyzer.context)
        return page.string(rule, is_url=is_url)

    def js_get_string_list(self, rule: str) -> list[str]:
        return self.analyzer.strings(rule, self.node)

    def js_get_elements(self, rule: str) -> list[Any]:
        """What ``rule`` finds: elements, or a JSON page's values (Legado gives its Maps)."""
        analyzer = self.analyzer
        if self.node is not None:
            analyzer = type(analyzer)(
                analyzer._content_text(self.node), analyzer.url, analyzer.context
            )
        found = analyzer.elements(rule)
        return [
            item.value if isinstance(item, JsonNode) else item
            for item in found
            if isinstance(item, etree._Element | JsonNode)
        ]

    def js_get_element(self, rule: str) -> Any:
        """Legado's getElement: on a JSON page, the value at a JSONPath (Jayway's read: an
        object stays one object); else what ``js_get_elements`` finds."""
        path = rule.strip()
        on_json = isinstance(self.node, JsonNode) or (
            self.node is None and self.analyzer.document.is_json
        )
        if on_json and path.startswith("$") and not _COMBINED.search(path):
            value = jsonpath.read(self.analyzer._json_of(self.node, path), path)
            return [] if value is jsonpath.MISSING else value
        return self.js_get_elements(rule)

    def js_set_content(self, content: str, base_url: str | None) -> None:
        page = self.analyzer
        self.analyzer = type(page)(content, base_url or page.url, page.context)
        self.node = None


def run_rule_script(analyzer: Analyzer, script: str, result: Any, node: Any) -> Any:
    """One script step: its completion value, with element handles turned back into elements."""
    context = analyzer.context
    scripts = context.scripts
    # java.put/get and @put/@get are one store: the book's; the rest is the source's.
    state = dataclasses.replace(scripts.state, variables=context.variables)
    bridge = _Bridge(analyzer, node)
    host = JsHost(
        state, fetch=scripts.fetch, cookies=scripts.cookies, rules=bridge, base_url=analyzer.url
    )
    bindings = {
        "result": _as_binding(result, analyzer, host),
        "src": analyzer.document.text,
        "baseUrl": analyzer.url,
        "key": context.key,
        "page": context.page,
        "source": scripts.source,
        "book": scripts.book,
        "chapter": scripts.chapter,
        "title": scripts.chapter.get("title", ""),
    }
    if not script.isascii():
        # Rhino's tokenizer skips Unicode format characters (zero-width space …) wherever
        # they are; QuickJS rejects them outside strings (``source.getSource\u200b()``).
        script = _FORMAT_CHARACTERS.sub("", script)
    code = with_rhino_completion(script)  # the value Legado's engine gives it
    library = scripts.library
    if library and not library.lstrip().startswith("{"):  # {name: url}: no
        code = _FORMAT_CHARACTERS.sub("", library) + "\n;\n" + code
    try:
        value = run_script(code, bindings, host, scripts.limits)
    except ScriptError as error:
        # named as the rule file has it; a request that failed first is often why
        failed = host.request_failures
        why = f" (after a request failed: {failed[-1]})" if failed else ""
        raise RuleError(script, f"{error}{why}") from None
    return _from_script(value, host)


def _compile_error(message: str) -> bool:
    return "SyntaxError" in message and "(in " not in message


def _as_binding(value: Any, analyzer: Analyzer, host: JsHost) -> Any:
    if value is None:
        return analyzer.document.text
    if isinstance(value, etree._Element):
        return host.handle(value)
    if isinstance(value, JsonNode):
        return _json_binding(value.value)
    if isinstance(value, RegexNode):
        return value.groups[0] if value.groups else ""
    if isinstance(value, list) and value and all(isinstance(v, etree._Element) for v in value):
        return host.handles(value)
    json_list = isinstance(value, list) and all(isinstance(v, JsonNode) for v in value)
    if json_list and (value or analyzer.document.is_json):  # a JSONPath list: a JSONArray
        return _json_binding([v.value for v in value])
    if isinstance(value, list):  # any other list's items: their values (a regex list's
        return [  # match: its groups, as Legado's List)
            item.value
            if isinstance(item, JsonNode)
            else list(item.groups)
            if isinstance(item, RegexNode)
            else _as_binding(item, analyzer, host)
            for item in value
        ]
    return value


def _json_binding(value: Any) -> Any:
    """A JSON object or list as the prelude gives it to scripts: with Java's toString (its
    JSON text), as json-smart's JSONObject / JSONArray reach a Legado script."""
    return {"__nf_json": value} if isinstance(value, dict | list) else value


def _from_script(value: Any, host: JsHost) -> Any:
    if isinstance(value, dict) and "__nf_el" in value:
        return host.element(value["__nf_el"])
    if isinstance(value, list):
        return [_from_script(item, host) for item in value]
    return value


def as_text(value: Any) -> str:
    """A script's value as Legado's getString sees it."""
    if value is None:
        return ""
    if isinstance(value, etree._Element):
        return outer_html(value, drop_scripts=False)
    if isinstance(value, list):
        return "\n".join(as_text(item) for item in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dict):
        import json

        return json.dumps(value, ensure_ascii=False)
    return str(value)


def url_needs_scripts(url_rule: str) -> bool:
    """Whether building this URL rule's request runs a script (Legado's AnalyzeUrl)."""
    from novelfetch.core.sources.rules.templates import TEMPLATE, is_rule_body, is_simple
    from novelfetch.core.sources.rules.url_js_option import split_js_option

    if script_steps(url_rule) is not None or split_js_option(url_rule)[1]:
        return True
    return any(
        not is_rule_body(body) and not is_simple(body) for body in TEMPLATE.findall(url_rule)
    )


def expand_url_scripts(url_rule: str, analyzer: Analyzer) -> str:
    """A URL rule with its ``<js>``/``@js:`` parts run (AnalyzeUrl.analyzeJs): each script gets
    the text so far as ``result``; plain text between replaces it (``@result`` = the value)."""
    steps = script_steps(url_rule)
    if steps is None:
        return url_rule
    result = url_rule
    for kind, text in steps:
        if kind == "js":
            result = as_text(run_rule_script(analyzer, text, result, None))
        else:
            result = text.replace("@result", result)
    return result


def url_script_runner(analyzer: Analyzer) -> Callable[[str], str]:
    """``{{script}}`` in a URL rule, evaluated with the page's context."""
    return lambda body: as_text(run_rule_script(analyzer, body, None, None))


# --- rule steps (Analyzer's side) --------------------------------------------------------

_SCRIPT_TEMPLATE = ClosedPattern(r"@get:\{[^}]+?\}|\{\{[\w\W]*?\}\}", "}}", re.I, tail=GET)


def scoped(analyzer: Analyzer, value: Any) -> tuple[Analyzer, Any]:
    """Where a rule step reads ``value``: the page (or one of its items), or a new document
    made of what a script gave."""
    if value is None or isinstance(value, JsonNode | RegexNode | etree._Element):
        return analyzer, value
    if isinstance(value, list) and value and all(isinstance(v, etree._Element) for v in value):
        # Elements a script gave back, read by the next step: jsoup parses their outer HTML.
        text = "\n".join(outer_html(element, drop_scripts=False) for element in value)
        return type(analyzer)(text, analyzer.url, analyzer.context), None
    text = (
        json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict) else as_text(value)
    )
    return type(analyzer)(text, analyzer.url, analyzer.context), None


def fill_script(analyzer: Analyzer, script: str, node: Any) -> str:
    """Legado's makeUpRule on a script: ``{{…}}`` and ``@get:{…}`` become their values, as
    text in the code, before it runs."""

    def value(match: re.Match[str]) -> str:
        token = match.group(0)
        if token[:5].lower() == "@get:":
            return analyzer.context.variables.get(token[6:-1], "")
        return analyzer._template(token[2:-2], node)

    return _SCRIPT_TEMPLATE.sub(value, script)


def run_steps(analyzer: Analyzer, steps: list[tuple[str, str]], node: Any, kind: str) -> Any:
    """A rule cut into steps: each reads the value before it (``kind``: elements, strings,
    string, as the caller asked). A script that gives null or undefined ends the rule with
    no value (Legado: ``result ?: continue`` skips every later step); an empty script is
    skipped by getStringList and gives null elsewhere."""
    value: Any = node
    for step, text in steps:
        if step == "js":
            if not text.strip() and kind == "strings":
                continue
            value = _script_step(analyzer, text, value, node, kind)
            if value is None:
                return None
            continue
        if kind == "strings" and isinstance(value, list) and text.lstrip().startswith("##"):
            # Only a replacement, after a list: getStringList replaces in each item.
            value = _script_with_replacement(analyzer, text, value, node)
            continue
        target, item = scoped(analyzer, value)
        if kind == "elements":
            if item is not None:
                target = type(analyzer)(
                    analyzer._content_text(item), analyzer.url, analyzer.context
                )
                item = None
            value = target.elements(text)
        elif kind == "strings":
            value = target.strings(text, item)
        else:
            value = target.string(text, item)
    return value


def _script_step(analyzer: Analyzer, text: str, value: Any, node: Any, kind: str) -> Any:
    filled = "{{" in text or "@get:" in text.lower()
    if filled:
        text = fill_script(analyzer, text, node)
    try:
        if kind != "elements" and "##" in text:
            return _script_with_replacement(analyzer, text, value, node)
        return run_rule_script(analyzer, text, value, node) if text.strip() else None
    except RuleError as error:
        if filled and _compile_error(error.problem):  # Legado pastes the values in too
            raise RuleError(
                error.rule, error.problem + " (in code with values filled in)"
            ) from None
        raise


def _script_with_replacement(analyzer: Analyzer, text: str, value: Any, node: Any) -> Any:
    """Legado's makeUpRule cuts every text rule at ``##``, a script's too: ``@js:code##regex##
    replacement`` runs ``code``, then replaces in its value; ``<js>##regex</js>`` (no code)
    only replaces, in the value before it."""
    from novelfetch.core.sources.rules.eval_source_rule import split_replacement

    parts = split_replacement(text)
    if parts.rule:
        value = run_rule_script(analyzer, parts.rule, value, node)
    if value is None:
        return None
    if isinstance(value, list):
        return [analyzer._replace(_value_text(analyzer, item), parts) for item in value]
    return analyzer._replace(_value_text(analyzer, value), parts)


def _value_text(analyzer: Analyzer, value: Any) -> str:
    if isinstance(value, JsonNode | RegexNode | etree._Element):
        return str(analyzer._content_text(value))
    return as_text(value)


def as_nodes(value: Any) -> list[Any]:
    """A list rule's items from a script's value: elements, JSON values, or JSON text."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return []
    if not isinstance(value, list):
        return [] if value is None else [JsonNode(value)]
    return [
        item if isinstance(item, etree._Element | JsonNode | RegexNode) else JsonNode(item)
        for item in value
    ]


def refuse_java_code(rule: str) -> None:
    if "@java:" in rule.lower():  # so-novel's Java snippets: no engine runs Java
        raise NeedsJavaScriptError(rule, "not usable: it runs Java code (@java:)")
