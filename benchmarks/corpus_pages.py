"""Synthetic pages shaped as a source's rules expect, for dry-running rules without the site.

For default-syntax and CSS rules, each ``@`` step becomes an element that step finds (``class.x``
a ``<div class="x">``, ``tag.li`` an ``<li>``, ``div#a > p.b`` a ``<div id="a"><p class="b">``),
nested in the previous step's; the last step's output gets text and the attribute it reads.
For JSONPath rules, the keys a path walks are built into a JSON document. XPath rules run on
the HTML the other rules shaped (XPath is too rich to invert); their compiling and running is
what the dry run checks there.
"""

from __future__ import annotations

import copy
import json
import re
from html import escape
from typing import Any

import cssselect
from cssselect.parser import Attrib, Class, CombinedSelector, Element, Hash, Pseudo

from novelfetch.core.sources.rules.css import to_cssselect
from novelfetch.core.sources.rules.default_syntax import parse_step
from novelfetch.core.sources.rules.eval_split import split_rule, split_steps

SAMPLE_TEXT = "示例文字"
SAMPLE_LINK = "/book/1/1.html"
_OUTPUTS = frozenset({"text", "textNodes", "ownText", "html", "all"})
_JSON_KEY = re.compile(
    r"\.\.?([\w\u4e00-\u9fff-]+)|\[\s*'([^']+)'\s*\]|\[\s*\"([^\"]+)\"\s*\]|(\[[^\]]*\])"
)


_BARE_KEYS = re.compile(r"[\w.\[\]*:-]+")


def is_json_rule(rule: str) -> bool:
    """Whether a rule reads JSON: a JSONPath (``$.``, ``@Json:``) or ``{$.…}`` inside."""
    head = rule.strip().lstrip("-+")
    return head.lower().startswith(("$.", "$[", "@json:")) or bool(re.search(r"\{\$\.\w", rule))


def looks_like_keys(rule: str) -> bool:
    """A rule that on a JSON page reads as bare keys (``data.list[*]``)."""
    return bool(_BARE_KEYS.fullmatch(rule.strip().lstrip("-+").split("##")[0]))


def list_page_kind(list_rule: str) -> str | None:
    """What page a list rule can only work on, or None when it does not tell: "html" for a
    rule no JSONPath reads (``#list li``, ``class.x@tag.li``: Jayway fails on them, as a
    JSON page makes every rule a path in Legado), "json" for a path with a wildcard or filter
    (``data.list[*]``, ``data[?(@.vip)]``), which neither CSS nor Legado's default syntax reads
    (its ``[0:19]`` indexes do not tell). Scripts and templates tell nothing."""
    body = list_rule.strip().lstrip("-+").split("##")[0].strip()
    if not body or re.search(r"<js>|@js:|\{\{|@get:|@put:", body, re.IGNORECASE):
        return None
    if is_json_rule(body) or re.search(r"\[\*\]|\[\?\(", body):  # a wildcard, a filter
        return "json"
    parts = [part for part in re.split(r"&&|\|\||%%", body) if part.strip()]
    return None if all(looks_like_keys(part) for part in parts) else "html"


def _mode_body(rule: str, *, html: bool = False) -> tuple[str, str]:
    """The rule's mode ('css', 'xpath', 'json', 'default') and body, before ``##``. On an
    HTML page a bare word (``.chapter``, ``d-id``) is a selector or attribute, not a key."""
    body = rule.strip().lstrip("-+").split("##")[0]
    body = re.sub(r"@put:\{[^}]*\}", "", body, flags=re.I)
    body = re.sub(r"@get:\{[^}]*\}|\{\{.*?\}\}", "", body, flags=re.S)
    lower = body[:7].lower()
    if lower.startswith("@css:"):
        return "css", body[5:]
    if lower.startswith("@xpath:") or body.startswith("/"):
        return "xpath", body.removeprefix("@XPath:").removeprefix("@xpath:")
    if is_json_rule(body) or (looks_like_keys(body) and not html):
        return "json", body
    return "default", body.removeprefix("@@")


class _Html:
    """A tree of plain dicts that renders as HTML."""

    def __init__(self, tag: str = "div") -> None:
        self.tag = tag
        self.attrs: dict[str, str] = {}
        self.children: list[_Html] = []
        self.text = ""

    def child(self, tag: str) -> _Html:
        node = _Html(tag)
        self.children.append(node)
        return node

    def render(self) -> str:
        attrs = "".join(f' {k}="{escape(v)}"' for k, v in self.attrs.items())
        inner = escape(self.text) + "".join(child.render() for child in self.children)
        if self.tag in ("img", "br", "meta", "input", "link"):
            return f"<{self.tag}{attrs}/>"
        return f"<{self.tag}{attrs}>{inner}</{self.tag}>"


def _apply_css(parent: _Html, selector: str) -> _Html:
    try:
        rewritten, arguments = to_cssselect(selector)
        parsed = cssselect.parse(rewritten)
    except Exception:
        return parent.child("div")
    if not parsed:
        return parent.child("div")
    compounds: list[Any] = []
    tree = parsed[0].parsed_tree
    while isinstance(tree, CombinedSelector):
        compounds.insert(0, tree.subselector)
        tree = tree.selector
    compounds.insert(0, tree)
    node = parent
    for compound in compounds:
        node = _compound(node, compound, arguments)
    return node


def _compound(parent: _Html, selector: Any, arguments: dict[str, str]) -> _Html:
    classes: list[str] = []
    attrs: dict[str, str] = {}
    tag = "div"
    current = selector
    while current is not None:
        if isinstance(current, Class):
            classes.append(current.class_name)
        elif isinstance(current, Hash):
            attrs["id"] = current.id
        elif isinstance(current, Attrib):
            value = current.value.value if current.value is not None else "x"
            attrs[current.attrib] = arguments.get(str(value), str(value))
        elif isinstance(current, Element):
            tag = current.element or "div"
            if tag == "*":
                tag = "div"
            break
        current = getattr(current, "selector", None)
        if isinstance(current, Pseudo | CombinedSelector):
            current = getattr(current, "selector", None)
    node = parent.child(tag)
    node.attrs.update(attrs)
    if classes:
        node.attrs["class"] = " ".join(classes)
    return node


def _apply_step(parent: _Html, step: str) -> _Html:
    selector = parse_step(step).selector
    keyword, _, name = selector.partition(".")
    name = name.split(".")[0]
    if keyword == "class" and name:
        node = parent.child("div")
        node.attrs["class"] = name
        return node
    if keyword == "tag" and name:
        return parent.child(name.lower())
    if keyword == "id" and name:
        node = parent.child("div")
        node.attrs["id"] = name
        return node
    if keyword == "text" and name:
        node = parent.child("span")
        node.text = name
        return node
    if keyword == "children" or not selector:
        return parent.child("div")
    return _apply_css(parent, selector)


_LEAF_TEXT = SAMPLE_TEXT


def _finish(node: _Html, output: str) -> None:
    node.text = node.text or _LEAF_TEXT
    if output not in _OUTPUTS:
        name = output.removeprefix("abs:") or "href"
        node.attrs.setdefault(name, SAMPLE_LINK)


def shape_html(parent: _Html, rule: str, *, is_list: bool) -> list[_Html]:
    """Build into ``parent`` elements that ``rule`` finds; the list items (or leaves)."""
    mode, body = _mode_body(rule, html=True)
    if mode not in ("default", "css") or not body.strip():
        return []
    try:
        parts, _ = split_rule(body)
    except Exception:
        return []
    leaves: list[_Html] = []
    for part in parts:
        if mode == "css":
            at = part.rfind("@")
            selector, output = (part, "") if is_list or at < 0 else (part[:at], part[at + 1 :])
            node = _apply_css(parent, selector.strip()) if selector.strip() else parent
        else:
            try:
                steps = list(split_steps(part))
            except Exception:
                continue
            output = "" if is_list or not steps else steps.pop()
            node = parent
            for step in steps:
                node = _apply_step(node, step)
        if not is_list:
            _finish(node, output)
        leaves.append(node)
    return leaves


def html_page(
    list_rule: str,
    item_rules: list[str],
    page_rules: list[str],
    *,
    extra: list[str] = (),  # type: ignore[assignment]
) -> str:
    """A page with three list items shaped by ``list_rule``, each holding what the item
    rules read, plus what the page-level rules read; ``extra`` texts (that scripts' regular
    expressions match) follow as they are, in the page and in every text the rules read."""
    global _LEAF_TEXT
    _LEAF_TEXT = " ".join([SAMPLE_TEXT, *extra])
    try:
        page = _html_page(list_rule, item_rules, page_rules)
    finally:
        _LEAF_TEXT = SAMPLE_TEXT
    if extra:
        page = page.replace("</body>", "<div>" + "\n".join(extra) + "</div></body>")
    return page


def _html_page(list_rule: str, item_rules: list[str], page_rules: list[str]) -> str:
    body = _Html("body")
    item_parents = shape_html(body, list_rule, is_list=True) if list_rule else []
    for item in item_parents[:1]:
        for rule in item_rules:
            shape_html(item, rule, is_list=False)
    if item_parents:  # three items: rules with indexes find something
        holder = body.children[-1] if body.children else body
        holder.children.extend(holder.children[:1] * 2)
    for rule in page_rules:
        shape_html(body, rule, is_list=False)
    return f"<html><head><title>{SAMPLE_TEXT}</title></head>{body.render()}</html>"


def _json_keys(path: str) -> list[str | None]:
    """The keys a JSONPath walks (None for an index or wildcard step)."""
    body = path.strip().removeprefix("@json:").removeprefix("@Json:").lstrip("$")
    if body and body[0] not in ".[":  # bare keys (``data.list``) read from the top
        body = "." + body
    keys: list[str | None] = []
    for found in _JSON_KEY.finditer(body):
        name = found.group(1) or found.group(2) or found.group(3)
        keys.append(name if name and name != "*" else None)
    return keys


def _put_path(document: Any, keys: list[str | None], leaf: Any, lists: int = 0) -> Any:
    if not keys:
        return leaf
    head, rest = keys[0], keys[1:]
    if head is None:
        items = document if isinstance(document, list) else []
        if not items:
            # Three items at the first two list levels, one deeper: a path read out of a
            # script (``a[0][1][2]…``) must not make a page of 3**n items.
            items = [{} for _ in range(3 if lists < 2 else 1)]
        return [_put_path(item, rest, leaf, lists + 1) for item in items]
    target = document if isinstance(document, dict) else {}
    target[head] = _put_path(target.get(head), rest, leaf, lists)
    return target


def _json_paths(rule: str) -> list[str]:
    mode, body = _mode_body(rule)
    paths = re.findall(r"\{(\$\.[^{}]+)\}", rule)
    if mode == "json":
        try:
            parts, _ = split_rule(body, ("&&", "||", "%%"), True)
        except Exception:
            parts = (body,)
        paths.extend(part for part in parts if part.strip())
    return paths


def json_document(rules: list[str], chains: list[list[str | None]], extra: list[str]) -> str:
    """JSON holding what ``rules`` read (each from the top), the key ``chains`` scripts read
    after JSON.parse, and the ``extra`` texts their regular expressions match."""
    document: Any = {}
    for rule in rules:
        for path in _json_paths(rule):
            document = _put_path(document, _json_keys(path), SAMPLE_LINK)
    for keys in chains:
        document = _put_path(document, keys, SAMPLE_LINK)
    if not isinstance(document, dict):
        document = {"data": document}
    if extra:
        document.setdefault("text", " ".join(extra))
    return json.dumps(document, ensure_ascii=False)


def json_page(list_rule: str, item_rules: list[str], page_rules: list[str]) -> str:
    item: dict[str, Any] = {}
    for rule in item_rules:
        for path in _json_paths(rule):
            item = _put_path(item, _json_keys(path), SAMPLE_LINK)
    document: Any = {}
    for rule in page_rules:
        for path in _json_paths(rule):
            document = _put_path(document, _json_keys(path), SAMPLE_LINK)
    for rule in (*item_rules, *page_rules):  # ``{{$.id}}`` inside a script is code: a number
        if "<js>" in rule.lower() or "@js:" in rule.lower():
            for template in re.findall(r"\{\{\s*(\$\.[^{}]+?)\s*\}\}", rule):
                for path in re.split(r"\|\||&&|%%", template):
                    target = item if rule in item_rules else document
                    target = _put_path(target, _json_keys(path), 1)
                    if rule in item_rules:
                        item = target
                    else:
                        document = target
    list_paths = _json_paths(list_rule) if list_rule else []
    if not list_paths and isinstance(document, dict) and isinstance(item, dict):
        document = {**item, **document}  # no list: the item rules read the page itself
    for path in list_paths[:1]:
        keys = _json_keys(path)
        if keys and keys[-1] is None:
            keys = keys[:-1]
        document = _put_path(document, keys, [copy.deepcopy(item) for _ in range(3)])
    if not isinstance(document, dict | list):
        document = {}
    return json.dumps(document, ensure_ascii=False)
