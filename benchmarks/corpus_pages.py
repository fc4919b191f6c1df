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
from novelfetch.core.sources.rules.js_rules import script_steps

from . import corpus_scripts
from .corpus_xpath import shape_xpath

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
    body = corpus_scripts.page_part(rule).strip().lstrip("-+")
    body = re.sub(r"@put:\{[^}]*\}", "", body, flags=re.I)
    # templates first: ``{{$.url##.html}}`` has its own replacement
    body = re.sub(r"@get:\{[^}]*\}|\{\{.*?\}\}", "", body, flags=re.S).split("##")[0]
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
        if self.tag == "a":  # a site's links lead somewhere: scripts read any link's href
            self.attrs.setdefault("href", SAMPLE_LINK)
        attrs = "".join(f' {k}="{escape(v)}"' for k, v in self.attrs.items())
        inner = escape(self.text, quote=False) + "".join(child.render() for child in self.children)
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
    parsed = parse_step(step)
    node = _step_node(parent, parsed.selector)
    # ``class.x.1``, ``tag.li!-1``: enough of them that the index finds one (or one is left)
    numbers = [abs(i) + (i >= 0) for i in parsed.indexes if isinstance(i, int)]
    if numbers:
        parent.children.extend([node] * (max(numbers) - 1 + (parsed.mode == "!")))
    return node


def _step_node(parent: _Html, selector: str) -> _Html:
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


def _finish(node: _Html, output: str, rule: str) -> None:
    node.text = node.text or corpus_scripts.text_replaced(rule, _LEAF_TEXT)
    if output not in _OUTPUTS:
        name = output.removeprefix("abs:") or "href"
        value = "2" if _ID.search(name) else SAMPLE_LINK  # ``d-id``, ``data-bid``: a number
        node.attrs.setdefault(name, corpus_scripts.attribute_value(rule, value))


_ID = re.compile(r"(?:^|[-_]|book|b)id$", re.IGNORECASE)


def shape_html(parent: _Html, rule: str, *, is_list: bool) -> list[_Html]:
    """Build into ``parent`` elements that ``rule`` finds; the list items (or leaves)."""
    mode, body = _mode_body(rule, html=True)
    if mode == "xpath":
        shaped = shape_xpath(parent, body)
        if shaped and not is_list:
            _finish(shaped[0], shaped[1] or "text", rule)
        return [shaped[0]] if shaped else []
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
            _finish(node, output, rule)
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
        # each as a statement of a site's inline script ends, on a line and in an element of
        # its own: a pattern reading up to the end of one (``chapterImages\s*=\s*[^;]*``,
        # ``=.*;``, or to the tag after it: ``__NUXT__[^<]*``) stops there
        ended = "\n".join(f"<div>{t if t.endswith(';') else t + ';'}</div>" for t in extra)
        page = page.replace("</body>", ended + "</body>")
    # A link a script's pattern made (``<a[^>]+>`` gave ``<a 1>``) leads somewhere too.
    return _LINK_WITHOUT_HREF.sub(f'<a href="{SAMPLE_LINK}" ', page)


_LINK_WITHOUT_HREF = re.compile(r"<a\s(?![^>]*\bhref=)")


def _html_page(list_rule: str, item_rules: list[str], page_rules: list[str]) -> str:
    page = _Html("body")
    body = page
    on_page = [list_rule, *page_rules] if list_rule else [*item_rules, *page_rules]
    if not any(_ROOT_TAGS.search(rule) for rule in on_page):
        for _ in range(3):  # a site's content sits a few levels deep (scripts walk parents)
            body = body.child("div")
    # no list rule: the item rules read the page itself (a book's page), as in the flow
    item_parents = shape_html(body, list_rule, is_list=True) if list_rule else [body]
    # What the rules' scripts select: in the items (``.item <js>o.select('dt a')…</js>``),
    # or on the page (``<js>Jsoup.parse(result).select('.info')…</js>``).
    listed = bool(list_rule and item_parents)
    if listed and script_steps(list_rule):
        item_rules = [*item_rules, *corpus_scripts.selectors([list_rule])]
    reading_page = [*page_rules, *(item_rules if not list_rule else [list_rule] * (not listed))]
    scripted = [rule for rule in reading_page if script_steps(rule)]
    page_rules = [*page_rules, *corpus_scripts.selectors(scripted)]
    for item in item_parents[:1]:
        for rule in item_rules:
            shape_html(item, rule, is_list=False)
    if list_rule and item_parents:  # three items: rules with indexes find something
        holder = body.children[-1] if body.children else body
        holder.children.extend(holder.children[:1] * 2)
    for rule in page_rules:
        shape_html(body, rule, is_list=False)
    return f"<html><head><title>{SAMPLE_TEXT}</title></head>{page.render()}</html>"


_ROOT_TAGS = re.compile(r"\b(?:body|html)\b", re.IGNORECASE)


def json_keys(path: str) -> list[str | None]:
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
    paths = [  # ``{{$.bookId||$.id}}``: two paths, each from the top
        path
        for found in re.findall(r"\{(\$\.[^{}]+)\}", rule)
        for path in re.split(r"&&|\|\||%%", found.split("##")[0])
    ]
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
            document = _put_path(document, json_keys(path), SAMPLE_LINK)
    for keys in chains:
        document = _put_path(document, keys, SAMPLE_LINK)
    if not isinstance(document, dict):
        document = {"data": document}
    if extra:
        document.setdefault("text", " ".join(extra))
    return json.dumps(document, ensure_ascii=False)


def json_page(
    list_rule: str,
    item_rules: list[str],
    page_rules: list[str],
    reads: list[list[str | None]],
    item_reads: list[list[str | None]],
) -> str:
    """JSON with a list of three items holding what the item rules and their scripts
    (``item_reads``) read, and what the page rules and the keys ``reads`` (what the page's
    scripts read) lead to."""
    item: dict[str, Any] = {}
    for keys in item_reads:
        item = _put_path(item, keys, SAMPLE_LINK)
    for rule in item_rules:
        for path in _json_paths(rule):
            item = _put_path(item, json_keys(path), SAMPLE_LINK)
    document: Any = {}
    for rule in page_rules:
        for path in _json_paths(rule):
            document = _put_path(document, json_keys(path), SAMPLE_LINK)
    for rule in (*item_rules, *page_rules):  # ``{{$.id}}`` inside a script is code: a number
        if "<js>" in rule.lower() or "@js:" in rule.lower():
            for template in re.findall(r"\{\{\s*(\$\.[^{}]+?)\s*\}\}", rule):
                for path in re.split(r"\|\||&&|%%", template):
                    target = item if rule in item_rules else document
                    target = _put_path(target, json_keys(path), 1)
                    if rule in item_rules:
                        item = target
                    else:
                        document = target
    list_paths = _json_paths(list_rule) if list_rule else []
    if not list_paths and isinstance(document, dict) and isinstance(item, dict):
        document = {**item, **document}  # no list: the item rules read the page itself
    for path in list_paths[:1]:
        keys = json_keys(path)
        if keys and keys[-1] is None:
            keys = keys[:-1]
        document = _put_path(document, keys, [copy.deepcopy(item) for _ in range(3)])
    for keys in reads:
        document = _put_path(document, keys, SAMPLE_LINK)
    if not isinstance(document, dict | list):
        document = {}
    return json.dumps(document, ensure_ascii=False)
