"""Evaluate Legado rules against one fetched page: the engine behind rule-file sources.

``Analyzer(page_text, final_url, context)`` parses the page once (HTML or JSON) and answers
list rules (``elements``) and text rules (``string`` / ``strings``), on the page or on one
item of a list. Scripts in a rule (``<js>``, ``@js:``, ``{{…}}``) run sandboxed through
``js_rules.py``; an unusable rule raises ``RuleError`` naming the rule.
Legado's Kotlin (AnalyzeRule, AnalyzeByJSoup, AnalyzeByXPath, AnalyzeByJSonPath) is the
reference for every behaviour here.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from lxml import etree

from novelfetch.core.sources.rules import default_syntax, jsonpath, safe_regex, xpath
from novelfetch.core.sources.rules.document import (
    Document,
    JsonNode,
    RegexNode,
    parse_html,
)
from novelfetch.core.sources.rules.eval_errors import NeedsJavaScriptError, RuleError, describe_rule
from novelfetch.core.sources.rules.eval_source_rule import (
    CONTEXT_TEMPLATES,
    DEFAULT,
    JSON,
    LITERAL,
    XPATH,
    Replacement,
    SourceRule,
    is_context_template,
    is_rule_template,
    needs_javascript,
    parse_source_rule,
    simple_templates,
    split_replacement,
    without_puts,
)
from novelfetch.core.sources.rules.eval_text import html_to_text, outer_html, unescape_entities
from novelfetch.core.sources.rules.js_rules import (
    ScriptContext,
    as_nodes,
    as_text,
    refuse_java_code,
    run_rule_script,
    run_steps,
    script_steps,
)
from novelfetch.core.sources.rules.page_code import address_from_rule
from novelfetch.core.workers.child import note_activity

__all__ = [
    "Analyzer",
    "JsonNode",
    "NeedsJavaScriptError",
    "Node",
    "RegexNode",
    "RuleContext",
    "RuleError",
    "html_to_text",
    "needs_javascript",
]

Node = etree._Element | JsonNode | RegexNode
T = TypeVar("T")


@dataclass
class RuleContext:
    """Per-book state shared across the pages of one book's flow."""

    variables: dict[str, str] = field(default_factory=dict)  # @put / @get
    key: str = ""  # the search words, for {{key}}
    page: int = 1  # for {{page}}
    scripts: ScriptContext = field(default_factory=ScriptContext)  # for <js>, @js:, {{js}}
    # What else a template may read (templates.CONTEXT_NAMES): book.name, title, source.key …
    names: dict[str, str] = field(default_factory=dict)


@dataclass
class _Value:
    """A rule's result before output shaping: one text or a list, and whether it is markup."""

    value: str | list[str] | None
    markup: bool = False


class Analyzer:
    """One fetched page (HTML or JSON text), its final URL after redirects, and the book's
    context."""

    def __init__(self, content: str, url: str, context: RuleContext | None = None) -> None:
        self.document = Document(content, url)
        self.url = url
        self.context = context if context is not None else RuleContext()

    # -- public API -------------------------------------------------------------------------

    def elements(self, rule: str) -> list[Node]:
        """The items of a list rule (bookList, chapterList); a leading '-' reverses them."""
        if not rule:
            return []
        return self._guarded(rule, lambda: self._elements(rule))

    def string(self, rule: str, node: Node | None = None, *, is_url: bool = False) -> str:
        """One text: '' when nothing; several results joined by newlines."""
        if not rule:
            return ""
        return self._guarded(rule, lambda: self._string(rule, node, is_url))

    def strings(self, rule: str, node: Node | None = None, *, is_url: bool = False) -> list[str]:
        """Every result of a text rule (with ``is_url``: absolute, blanks and repeats dropped)."""
        if not rule:
            return []
        return self._guarded(rule, lambda: self._strings(rule, node, is_url))

    def fill_templates(self, text: str) -> str:
        """``text`` with its ``{{…}}`` and ``@get:{…}`` filled in, as Legado fills a content
        rule's ``replaceRegex`` (``##…《{{book.name}}》…``) before applying it."""
        if "{{" not in text and "@get:" not in text.lower():
            return text

        def run() -> str:
            refuse_java_code(text)
            parsed = parse_source_rule(text, False)
            return self._fill_templates(parsed, None) if parsed.pieces else text

        return self._guarded(text, run)

    def put_rules(self, rule: str, node: Node | None = None) -> str:
        """Run only the ``@put:{…}`` parts of ``rule``; return the rule without them."""
        if not rule:
            return ""

        def run() -> str:
            if script_steps(rule) is not None:
                return rule
            parsed = parse_source_rule(rule.strip(), self.document.is_json)
            self._run_puts(parsed, node)
            return without_puts(rule).strip()

        return self._guarded(rule, run)

    # -- evaluation -------------------------------------------------------------------------

    def _guarded(self, rule: str, evaluate: Callable[[], T]) -> T:
        # In a worker process, the rule under way is what a budget's message names.
        outer = note_activity(rule)
        try:
            return evaluate()
        except RuleError as error:
            if error.rule == rule:
                raise
            # Name the rule the caller gave, and the part of it that failed.
            raise type(error)(rule, f"{describe_rule(error.rule)}: {error.problem}") from None
        except RecursionError:
            raise RuleError(rule, "nests too deeply to evaluate") from None
        except MemoryError:
            raise  # past the worker's memory ceiling: the worker reports it and starts afresh
        except Exception as error:  # the promise: a bad rule or page is a RuleError, always
            raise RuleError(
                rule, f"could not be evaluated ({type(error).__name__}: {error})"
            ) from None
        finally:
            note_activity(outer)

    def _elements(self, rule: str) -> list[Node]:
        refuse_java_code(rule)
        if script_steps(rule) is not None:  # "-" reverses and "+" is kept, as for any list
            body = rule.strip()
            reverse = body.startswith("-")
            body = body.removeprefix("-").removeprefix("+")
            found = as_nodes(self._stepped(script_steps(body) or [], None, "elements"))
            return found[::-1] if reverse else found
        body = rule.strip()  # Legado trims every rule before use
        reverse = body.startswith("-")
        body = body[1:] if reverse else body
        body = body.removeprefix("+")
        if body.startswith(":"):
            found: list[Node] = list(self._regex_items(body[1:]))
        else:
            parsed = parse_source_rule(body, self.document.is_json)
            self._run_puts(parsed, None)
            text = self._fill_templates(parsed, None) if parsed.pieces else parsed.text
            mode = DEFAULT if parsed.mode == LITERAL else parsed.mode
            text = text.strip()
            if not text:
                found = []
            elif mode == JSON:
                found = [JsonNode(item) for item in jsonpath.items(self._json_of(None, rule), text)]
            elif mode == XPATH:
                found = list(xpath.elements(self._tree_of(None), text, item_scope=False))
            else:
                found = list(default_syntax.elements(self._tree_of(None), text))
        if reverse:
            found.reverse()
        return found

    def _regex_items(self, body: str) -> list[RegexNode]:
        """Legado's all-in-one list rule ``:regex&&regex``: each match's groups are an item."""
        patterns = [part for part in body.split("&&") if part.strip()]
        text = self.document.text
        for pattern in patterns[:-1]:
            text = "".join(match.group(0) for match in safe_regex.find_all(pattern, text))
        if not patterns:
            return []
        return [
            RegexNode(tuple(group or "" for group in (match.group(0), *match.groups())))
            for match in safe_regex.find_all(patterns[-1], text)
        ]

    def _evaluate(self, rule: str, node: Node | None, *, as_list: bool, is_url: bool) -> _Value:
        """Legado's getString / getStringList core, up to (not including) output shaping."""
        refuse_java_code(rule)
        steps = script_steps(rule)
        if steps is not None:
            value = self._stepped(steps, node, "strings" if as_list else "string")
            if as_list:
                if value is None:  # a script gave null: no results (Legado's getStringList)
                    return _Value([])
                items = value if isinstance(value, list) else as_text(value).split("\n")
                return _Value([as_text(item) for item in items])
            return _Value(as_text(value))
        # An item a script made ({n: …, u: …}) is JSON even on an HTML page, as in Legado.
        as_json = self.document.is_json or isinstance(node, JsonNode)
        parsed = parse_source_rule(rule.strip(), as_json)
        self._run_puts(parsed, node)
        parts = split_replacement(
            self._fill_templates(parsed, node) if parsed.pieces else parsed.text
        )
        result = _Value(None)
        # Legado: a list rule runs when non-empty; a text rule also when it has no regex.
        runs = bool(parts.rule) if as_list else bool(parts.rule.strip() or not parts.regex)
        if runs:
            result = self._by_mode(parsed.mode, parts.rule, node, as_list=as_list, first=is_url)
        elif parts.regex:  # "##regex" alone works on the whole page or item
            result = _Value(self._content_text(node))
        if parts.regex and result.value is not None:
            if isinstance(result.value, list):
                result.value = [self._replace(item, parts) for item in result.value]
            else:
                result.value = self._replace(result.value, parts)
        return result

    def _string(self, rule: str, node: Node | None, is_url: bool) -> str:
        result = self._evaluate(rule, node, as_list=False, is_url=is_url)
        value = result.value
        text = "\n".join(value) if isinstance(value, list) else (value or "")
        text = html_to_text(text) if result.markup else unescape_entities(text)
        if is_url:
            first_line = text.strip().split("\n", 1)[0]
            return address_from_rule(self.url, first_line, rule, self.document.text)
        return text

    def _strings(self, rule: str, node: Node | None, is_url: bool) -> list[str]:
        result = self._evaluate(rule, node, as_list=True, is_url=False)
        if result.value is None:
            return []
        values = result.value.split("\n") if isinstance(result.value, str) else result.value
        if result.markup:
            values = [html_to_text(value) for value in values]
        if not is_url:
            return values
        urls: list[str] = []
        for value in values:
            url = address_from_rule(self.url, value, rule, self.document.text)
            if url and url not in urls:
                urls.append(url)
        return urls

    def _by_mode(
        self, mode: str, rule: str, node: Node | None, *, as_list: bool, first: bool
    ) -> _Value:
        if mode == LITERAL:
            return _Value(rule)
        if mode == JSON:
            value = self._json_of(node, rule)
            if as_list:
                return _Value(jsonpath.strings(value, rule))
            return _Value(jsonpath.string(value, rule) or None)
        tree = self._tree_of(node)
        if mode == XPATH:
            found, markup = xpath.strings(tree, rule, self.url, item_scope=node is not None)
        else:
            found, markup = default_syntax.strings(tree, rule, self.url)
        if as_list:
            return _Value(found, markup)
        if not found:
            return _Value(None)
        return _Value(found[0] if first else "\n".join(found), markup)

    def _replace(self, text: str, parts: Replacement) -> str:
        try:
            safe_regex.compile_rule_regex(parts.regex)
        except RuleError:
            # Legado: a pattern Java cannot compile (``##+番外``) is replaced as plain text.
            if parts.first_only:
                return parts.replacement
            return text.replace(parts.regex, parts.replacement)
        if parts.first_only:
            return safe_regex.replace_first_match(parts.regex, parts.replacement, text)
        return safe_regex.sub(parts.regex, parts.replacement, text)

    # -- @put, @get and templates -----------------------------------------------------------

    def _run_puts(self, parsed: SourceRule, node: Node | None) -> None:
        for key, value_rule in parsed.puts:
            self.context.variables[key] = self.string(value_rule, node)

    def _fill_templates(self, parsed: SourceRule, node: Node | None) -> str:
        out: list[str] = []
        for piece in parsed.pieces:
            if piece.kind == "text":
                out.append(piece.value)
            elif piece.kind == "get":
                out.append(self.context.variables.get(piece.value, ""))
            elif piece.kind == "group":
                out.append(self._group(piece.value, node))
            else:
                out.append(self._template(piece.value, node))
        return "".join(out)

    def _group(self, reference: str, node: Node | None) -> str:
        if not isinstance(node, RegexNode):
            return reference  # no all-in-one match to read from: the text stays as written
        number = int(reference[1:])
        return node.groups[number] if number < len(node.groups) else ""

    def _template(self, body: str, node: Node | None) -> str:
        if is_rule_template(body):
            if (
                body.startswith("$")
                and not isinstance(node, JsonNode)
                and not (node is None and self.document.is_json)
            ):
                # Legado: a JSONPath read of a page that is not JSON gives nothing, so
                # ``{{$.}}dir.html`` is a link relative to the page.
                return ""
            return self.string(body, node)
        name = body.strip()
        if name in CONTEXT_TEMPLATES:
            return self.context.key if name == "key" else str(self.context.page)
        if is_context_template(body) and simple_templates is not None:
            values: dict[str, str | int] = {"baseUrl": self.url, **self.context.names}
            values.update(key=self.context.key, page=self.context.page)
            return simple_templates.evaluate(body, values)
        return as_text(run_rule_script(self, body, node, node))

    # -- scripts (js_rules.py) --------------------------------------------------------------

    def _stepped(self, steps: list[tuple[str, str]], node: Node | None, kind: str) -> Any:
        return run_steps(self, steps, node, kind)

    # -- what a rule runs on ----------------------------------------------------------------

    def _tree_of(self, node: Node | None) -> etree._Element:
        if node is None:
            return self.document.html_root
        if isinstance(node, etree._Element):
            return node
        if isinstance(node, JsonNode):
            return parse_html(jsonpath.to_text(node.value) or "")
        return parse_html(node.groups[0] if node.groups else "")

    def _json_of(self, node: Node | None, rule: str) -> Any:
        if isinstance(node, JsonNode):
            return _json_text_read(node.value)
        if node is None and self.document.is_json:
            return self.document.json_value
        raise RuleError(rule, "is a JSONPath rule, but this page is not JSON")

    def _content_text(self, node: Node | None) -> str:
        if node is None:
            return self.document.text
        if isinstance(node, etree._Element):
            return outer_html(node, drop_scripts=False)
        if isinstance(node, JsonNode):
            return jsonpath.to_text(node.value) or ""
        return "\n".join(node.groups)


def _json_text_read(value: Any) -> Any:
    """An item that is JSON text (a script's ``JSON.stringify`` of each item) read as JSON, as
    Legado reads a text item with a JSONPath rule."""
    if isinstance(value, str) and value.lstrip()[:1] in ("{", "["):
        try:
            return json.loads(value)
        except ValueError:
            pass
    return value
