"""XPath rules as Legado runs them (JsoupXpath), on lxml.

On a list item, Legado's XPath sees the item as its whole document: ``//a`` finds the
item's links, not the page's. lxml would search the page, so an absolute path run on an
item is rewritten to start at the item (``//a`` → ``.//a``, ``/a`` → ``./a``). JsoupXpath's
extra output functions ``allText()``, ``html()`` and ``outerHtml()`` are supported as the
last step; an element result reads as its markup.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from lxml import etree

from novelfetch.core import messages as said
from novelfetch.core.sources.rules.document import absolute_url
from novelfetch.core.sources.rules.eval_errors import RuleError
from novelfetch.core.sources.rules.eval_split import combine, group_end, split_rule
from novelfetch.core.sources.rules.eval_text import element_text, outer_html

Element = etree._Element
_OUTPUT_FUNCTION = re.compile(r"(.*)/(allText|html|outerHtml)\(\)\s*", re.DOTALL)


def scope_to_item(expression: str) -> str:
    """Make every top-level absolute location path in ``expression`` relative."""
    out: list[str] = []
    at_start = True
    i = 0
    while i < len(expression):
        char = expression[i]
        if char in "'\"":
            end = expression.find(char, i + 1)
            end = len(expression) if end == -1 else end + 1
            out.append(expression[i:end])
            i, at_start = end, False
            continue
        if char == "[":
            end = group_end(expression, i, code=False)
            end = len(expression) if end == -1 else end
            out.append(expression[i:end])
            i, at_start = end, False
            continue
        if at_start and char == "/":
            out.append(".")
        if not char.isspace():
            at_start = char in "(|,"
        out.append(char)
        i += 1
    return "".join(out)


_EXTRA_SLASHES = re.compile(r"""('[^']*'|"[^"]*")|/{3,}""")


def _jsoupxpath_lenient(expression: str) -> str:
    """What JsoupXpath reads where lxml refuses: ``///td`` is ``//td``."""
    return _EXTRA_SLASHES.sub(lambda m: m.group(1) or "//", expression)


@lru_cache(maxsize=1024)
def compile_xpath(expression: str, item_scope: bool) -> etree.XPath:
    source = scope_to_item(expression) if item_scope else expression
    try:
        return etree.XPath(source)
    except (etree.XPathError, ValueError) as error:
        lenient = _jsoupxpath_lenient(source)
        if lenient != source:
            try:
                return etree.XPath(lenient)
            except (etree.XPathError, ValueError):
                pass
        raise RuleError(expression, said.NOT_XPATH(error=str(error))) from None


def _evaluate(context: Element, expression: str, item_scope: bool) -> list[Any]:
    compiled = compile_xpath(expression.strip(), item_scope)
    try:
        result = compiled(context if item_scope else context.getroottree())
    except etree.XPathError as error:
        raise RuleError(expression, f"XPath failed on this page ({error})") from None
    return result if isinstance(result, list) else [result]


def elements(context: Element, rule: str, *, item_scope: bool) -> list[Element]:
    """A list rule in XPath; non-element results are ignored."""
    parts, kind = split_rule(rule)
    found_lists: list[list[Element]] = []
    for part in parts:
        found = [node for node in _evaluate(context, part, item_scope) if isinstance(node, Element)]
        found_lists.append(found)
        if found and kind == "||":
            break
    return combine(found_lists, kind)


def strings(
    context: Element, rule: str, base_url: str, *, item_scope: bool
) -> tuple[list[str], bool]:
    """A text rule in XPath: its results, and whether any is markup (an element)."""
    parts, kind = split_rule(rule)
    results: list[list[str]] = []
    markup = False
    for part in parts:
        values, is_markup = _strings_of_part(context, part, base_url, item_scope)
        if values:
            markup = markup or is_markup
            results.append(values)
            if kind == "||":
                break
    return combine(results, kind), markup


def _strings_of_part(
    context: Element, rule: str, base_url: str, item_scope: bool
) -> tuple[list[str], bool]:
    output = _OUTPUT_FUNCTION.fullmatch(rule)
    if output:
        found = [
            n for n in _evaluate(context, output.group(1), item_scope) if isinstance(n, Element)
        ]
        if output.group(2) == "allText":
            return [text for text in map(element_text, found) if text], False
        if output.group(2) == "outerHtml":
            return [outer_html(node, drop_scripts=True) for node in found], True
        return [_inner_html(node) for node in found], True
    values: list[str] = []
    markup = False
    for item in _evaluate(context, rule, item_scope):
        if isinstance(item, Element):
            values.append(outer_html(item, drop_scripts=True))
            markup = True
        elif isinstance(item, bool):
            values.append("true" if item else "false")
        elif isinstance(item, float):
            values.append(str(int(item)) if item.is_integer() else str(item))
        elif isinstance(item, str):
            value = str(item)
            name = getattr(item, "attrname", None)
            if isinstance(name, str) and name.lower() in ("href", "src"):
                value = absolute_url(base_url, value)
            values.append(value)
    return values, markup


def _inner_html(element: Element) -> str:
    markup = outer_html(element, drop_scripts=True)
    start = markup.find(">") + 1
    end = markup.rfind("</")
    return markup[start:end] if end >= start else ""
