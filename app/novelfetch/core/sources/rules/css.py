"""CSS selectors as jsoup reads them, compiled once into lxml XPath.

cssselect lacks jsoup's extras, so they are translated: ``:eq(n)``, ``:lt(n)``, ``:gt(n)``
(position among siblings), ``:contains(text)`` / ``:containsOwn(text)`` (case-insensitive),
``:matches(regex)`` / ``:matchesOwn(regex)`` and ``[attr~=regex]`` (regex search, with the
time limit of ``safe_regex``), ``[^prefix]`` (an attribute whose name starts with prefix),
``*:nth-of-type()`` and names starting with a digit (``.0``). jsoup also takes unquoted text
and attribute values with any characters (``[href*=/book/]``, ``:contains(下一页>>)``); those
are quoted before parsing.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import cssselect
from cssselect.parser import Attrib, Function, Token, parse_series
from cssselect.xpath import XPathExpr
from lxml import etree

from novelfetch.core import messages as said
from novelfetch.core.sources.rules import safe_regex
from novelfetch.core.sources.rules.eval_errors import RuleError
from novelfetch.core.sources.rules.eval_split import group_end
from novelfetch.core.sources.rules.eval_text import element_text, own_text

NAMESPACE = "urn:novelfetch:rules"
NAMESPACES = {"nf": NAMESPACE}

_PSEUDO_START = re.compile(r":(containsOwn|contains|matchesOwn|matches)\(", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"^\s*([^\s~|^$*!=\]]+)\s*([~|^$*!]?=)\s*(.*?)\s*$", re.DOTALL)


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def _first(value: Any) -> Any:
    if isinstance(value, list):
        return value[0] if value else None
    return value


def _as_text(value: Any) -> str:
    value = _first(value)
    if value is None:
        return ""
    if isinstance(value, etree._Element):
        return element_text(value)
    return str(value)


def _contains_text(_context: Any, nodes: Any, needle: str) -> bool:
    return needle.lower() in _as_text(nodes).lower()


def _contains_own(_context: Any, nodes: Any, needle: str) -> bool:
    element = _first(nodes)
    return element is not None and needle.lower() in own_text(element).lower()


def _matches_text(_context: Any, nodes: Any, pattern: str) -> bool:
    return safe_regex.search(pattern, _as_text(nodes)) is not None


def _matches_own(_context: Any, nodes: Any, pattern: str) -> bool:
    element = _first(nodes)
    return element is not None and safe_regex.search(pattern, own_text(element)) is not None


def _matches_value(_context: Any, values: Any, pattern: str) -> bool:
    value = _first(values)
    return value is not None and safe_regex.search(pattern, str(value)) is not None


def _nth_of_type(_context: Any, nodes: Any, a: float, b: float, from_end: bool) -> bool:
    """jsoup's ``*:nth-of-type(an+b)``: position among the siblings of the element's own
    tag (cssselect implements it only for a named tag)."""
    element = _first(nodes)
    if element is None or not isinstance(element.tag, str):
        return False
    siblings = element.itersiblings(preceding=not from_end)
    position = 1 + sum(1 for sibling in siblings if sibling.tag == element.tag)
    a, b = int(a), int(b)
    if a == 0:
        return position == b
    return (position - b) % a == 0 and (position - b) // a >= 0


_functions = etree.FunctionNamespace(NAMESPACE)
_functions["nth-of-type"] = _nth_of_type
_functions["contains-text"] = _contains_text
_functions["contains-own"] = _contains_own
_functions["matches-text"] = _matches_text
_functions["matches-own"] = _matches_own
_functions["matches-value"] = _matches_value


class JsoupTranslator(cssselect.HTMLTranslator):
    """cssselect's HTML translator plus the jsoup pseudo-classes rules use.

    Free text (pseudo-class arguments, attribute values) reaches it as placeholder names
    mapped in ``arguments``: cssselect's string unescaping mangles regex backslashes.
    """

    def __init__(self, arguments: dict[str, str]) -> None:
        super().__init__()
        self.arguments = arguments

    def _text_argument(self, function: Function) -> str:
        if function.argument_types() not in (["STRING"], ["IDENT"], ["NUMBER"]):
            raise cssselect.ExpressionError(f":{function.name}() needs one text argument")
        value = str(function.arguments[0].value)
        return self.arguments.get(value, value)

    def xpath_attrib(self, selector: Attrib) -> XPathExpr:
        token = selector.value
        if token is not None and token.value in self.arguments:
            selector.value = Token("STRING", self.arguments[token.value], token.pos)
        return super().xpath_attrib(selector)

    def _index_argument(self, function: Function) -> int:
        tokens = [token for token in function.arguments if token.type != "S"]
        text = "".join(str(token.value) for token in tokens)
        if not re.fullmatch(r"-?\d+", text):
            raise cssselect.ExpressionError(f":{function.name}() needs a whole number")
        return int(text)

    def _call(self, xpath: XPathExpr, name: str, argument: str) -> XPathExpr:
        return xpath.add_condition(f"nf:{name}(., {self.xpath_literal(argument)})")

    def xpath_nf_contains_function(self, xpath: XPathExpr, function: Function) -> XPathExpr:
        return self._call(xpath, "contains-text", self._text_argument(function))

    def xpath_nf_containsown_function(self, xpath: XPathExpr, function: Function) -> XPathExpr:
        return self._call(xpath, "contains-own", self._text_argument(function))

    def xpath_nf_matches_function(self, xpath: XPathExpr, function: Function) -> XPathExpr:
        return self._call(xpath, "matches-text", self._text_argument(function))

    def xpath_nf_matchesown_function(self, xpath: XPathExpr, function: Function) -> XPathExpr:
        return self._call(xpath, "matches-own", self._text_argument(function))

    def xpath_nf_not_function(self, xpath: XPathExpr, function: Function) -> XPathExpr:
        inner = self.css_to_xpath(self._text_argument(function), prefix="self::")
        return xpath.add_condition(f"not({inner})")

    def xpath_nf_attrprefix_function(self, xpath: XPathExpr, function: Function) -> XPathExpr:
        prefix = self.xpath_literal(self._text_argument(function))
        return xpath.add_condition(f"@*[starts-with(name(), {prefix})]")

    def xpath_eq_function(self, xpath: XPathExpr, function: Function) -> XPathExpr:
        return xpath.add_condition(
            f"count(preceding-sibling::*) = {self._index_argument(function)}"
        )

    def xpath_lt_function(self, xpath: XPathExpr, function: Function) -> XPathExpr:
        return xpath.add_condition(
            f"count(preceding-sibling::*) < {self._index_argument(function)}"
        )

    def xpath_gt_function(self, xpath: XPathExpr, function: Function) -> XPathExpr:
        return xpath.add_condition(
            f"count(preceding-sibling::*) > {self._index_argument(function)}"
        )

    def _of_type(self, xpath: XPathExpr, a: int, b: int, from_end: bool) -> XPathExpr:
        last = "true()" if from_end else "false()"
        return xpath.add_condition(f"nf:nth-of-type(., {a}, {b}, {last})")

    def xpath_nth_of_type_function(self, xpath: XPathExpr, function: Function) -> XPathExpr:
        if xpath.element != "*":
            return super().xpath_nth_of_type_function(xpath, function)
        return self._of_type(xpath, *parse_series(function.arguments), from_end=False)

    def xpath_nth_last_of_type_function(self, xpath: XPathExpr, function: Function) -> XPathExpr:
        if xpath.element != "*":
            return super().xpath_nth_last_of_type_function(xpath, function)
        return self._of_type(xpath, *parse_series(function.arguments), from_end=True)

    def xpath_first_of_type_pseudo(self, xpath: XPathExpr) -> XPathExpr:
        if xpath.element != "*":
            return super().xpath_first_of_type_pseudo(xpath)
        return self._of_type(xpath, 0, 1, from_end=False)

    def xpath_last_of_type_pseudo(self, xpath: XPathExpr) -> XPathExpr:
        if xpath.element != "*":
            return super().xpath_last_of_type_pseudo(xpath)
        return self._of_type(xpath, 0, 1, from_end=True)

    def xpath_attrib_includes(self, xpath: XPathExpr, name: str, value: str | None) -> XPathExpr:
        # jsoup reads [attr~=x] as "the value matches the regex x".
        return xpath.add_condition(
            f"{name} and nf:matches-value({name}, {self.xpath_literal(value or '')})"
        )


_NOT_START = re.compile(r":not\(", re.IGNORECASE)


def _has_top_level_comma(text: str) -> bool:
    depth = 0
    for char in text:
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "," and depth == 0:
            return True
    return False


def to_cssselect(selector: str) -> tuple[str, dict[str, str]]:
    """Rewrite jsoup's lenient syntax for cssselect: free text becomes placeholder names."""
    arguments: dict[str, str] = {}
    return _rewrite(selector, arguments), arguments


def _rewrite(selector: str, arguments: dict[str, str]) -> str:
    out: list[str] = []

    def placeholder(text: str) -> str:
        name = f"nf-arg-{len(arguments)}-z"
        arguments[name] = text
        return name

    i = 0
    while i < len(selector):
        char = selector[i]
        if char == "[":
            end = group_end(selector, i, code=False)
            if end == -1:
                out.append(selector[i:])
                break
            inner = selector[i + 1 : end - 1]
            match = _ATTRIBUTE.match(inner)
            if inner.startswith("^"):  # jsoup: an attribute whose name starts with …
                out.append(f":nf-attrprefix({placeholder(inner[1:].strip())})")
            elif match:
                name, operator, value = match.groups()
                out.append(f"[{name}{operator}{placeholder(_unquote(value))}]")
            else:
                out.append(selector[i:end])
            i = end
            continue
        if char in ".#" and selector[i + 1 : i + 2].isdigit():
            # jsoup takes class and id names starting with a digit (``.0``); CSS needs the
            # digit escaped.
            out.append(f"{char}\\{ord(selector[i + 1]):x} ")
            i += 2
            continue
        negation = _NOT_START.match(selector, i) if char == ":" else None
        if negation:
            end = group_end(selector, negation.end() - 1, code=False)
            if end != -1:
                # jsoup's :not() takes a selector list (``:not(meta,title)``) and nests
                # (``:not(:matches(x):not(:contains(y)))``); cssselect's takes one simple
                # selector: those are translated here (JsoupTranslator.xpath_nf_not_function).
                inner = _rewrite(selector[negation.end() : end - 1], arguments)
                if _has_top_level_comma(inner) or _NOT_START.search(inner):
                    out.append(f":nf-not({placeholder(inner)})")
                else:
                    out.append(f":not({inner})")
                i = end
                continue
        pseudo = _PSEUDO_START.match(selector, i) if char == ":" else None
        if pseudo:
            open_at = pseudo.end() - 1
            end = group_end(selector, open_at, code=False)
            if end != -1:
                argument = _unquote(selector[open_at + 1 : end - 1].strip())
                if not pseudo.group(1).lower().startswith("matches"):
                    argument = re.sub(r"\\(.)", r"\1", argument)  # jsoup unescapes :contains text
                # cssselect reads :matches() as a selector list, so pass ours under own names.
                out.append(f":nf-{pseudo.group(1).lower()}({placeholder(argument)})")
                i = end
                continue
        out.append(char)
        i += 1
    return "".join(out)


@lru_cache(maxsize=1024)
def compile_css(selector: str) -> etree.XPath:
    """The selector as a compiled XPath over an element and its descendants (jsoup's scope)."""
    try:
        rewritten, arguments = to_cssselect(selector.strip())
        expression = JsoupTranslator(arguments).css_to_xpath(rewritten)
        return etree.XPath(expression, namespaces=NAMESPACES, smart_strings=False)
    except (cssselect.SelectorError, etree.XPathError, ValueError, TypeError) as error:
        raise RuleError(selector, said.NOT_CSS(error=str(error))) from None


_COMBINATOR = re.compile(r"[>+~]|[^\s,]\s+[^\s,>+~]")


def select(element: etree._Element, selector: str) -> list[etree._Element]:
    """Elements matching ``selector`` within ``element`` (itself included), in page order.

    As in jsoup, the selector's combinators may reach above ``element``: on a list item,
    ``ul.list > li > a`` finds the item's link although the ``ul`` is outside the item."""
    compiled = compile_css(selector)
    try:
        found = compiled(element)
        if not found and element.getparent() is not None and _COMBINATOR.search(selector):
            inside = compiled(element.getroottree().getroot())
            found = [
                node
                for node in inside
                if node is element
                or (isinstance(node, etree._Element) and element in node.iterancestors())
            ]
    except etree.XPathError as error:
        raise RuleError(selector, f"selector failed on this page ({error})") from None
    return [node for node in found if isinstance(node, etree._Element)]
