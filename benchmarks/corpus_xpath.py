"""Simple XPath rules inverted into a synthetic page, as ``corpus_pages`` does for CSS.

``//li[span]/a``, ``//div[@class='book']/ul/li[2]``, ``./a/@href``: each step becomes an
element that step finds (its tag; a class, id or attribute its predicate tests; a child it
asks for; enough siblings for a position), nested in the previous step's; the last step's
``@attr`` or ``text()`` is what the rule reads. A path this cannot read (axes, functions
other than ``contains``) shapes nothing: the rule is still run, on what the page has.
"""

from __future__ import annotations

import re
from typing import Any

_STEP = re.compile(r"(/{1,2})([^/\[]+)((?:\[[^\]]*\])*)")
_PREDICATE = re.compile(r"\[([^\]]*)\]")
_EQUALS = re.compile(r"@([\w-]+)\s*=\s*(['\"])(.*?)\2")
_CONTAINS = re.compile(r"contains\(\s*@([\w-]+)\s*,\s*(['\"])(.*?)\2\s*\)")
_TEXT = re.compile(r"(?:contains\(\s*text\(\)\s*,|text\(\)\s*=)\s*(['\"])(.*?)\1")
_TAG = re.compile(r"[A-Za-z][\w-]*")
_ROOTS = frozenset(("html", "body"))


def shape_xpath(parent: Any, path: str) -> tuple[Any, str] | None:
    """Build into ``parent`` (a ``corpus_pages._Html``) the elements ``path`` walks; the last
    one and what the rule reads of it ("href", "text", or "" for the element), or None."""
    body = re.sub(r"^@xpath:", "", path.strip(), flags=re.IGNORECASE).lstrip(".")
    if not body.startswith("/"):
        body = "/" + body
    steps = _STEP.findall(body)
    if not steps or "".join(sep + name + tests for sep, name, tests in steps) != body:
        return None  # something this reader does not know (an axis, a union …)
    output = ""
    last = steps[-1][1].strip()
    if last.startswith("@") or last.endswith("()"):
        output = last.removeprefix("@").removesuffix("()")
        steps = steps[:-1]
    node = parent
    for _, name, tests in steps:
        name = name.strip()
        if name in _ROOTS:
            continue  # the page has them already
        holder, node = node, node.child(name if _TAG.fullmatch(name) else "div")
        for test in _PREDICATE.findall(tests):
            _apply(node, test.strip(), holder)
    return node, output


def _apply(node: Any, test: str, holder: Any) -> None:
    if test.isdigit():  # a position: that many of them
        holder.children.extend([node] * (int(test) - 1))
        return
    for attribute, _, value in _EQUALS.findall(test):
        _set(node, attribute, value)
    for attribute, _, value in _CONTAINS.findall(test):
        _set(node, attribute, value)
    for _, text in _TEXT.findall(test):
        node.text = text
    if _TAG.fullmatch(test) and test not in ("text", "last", "position"):
        node.child(test).text = "示例"  # ``li[span]``: a child it must have
    elif re.fullmatch(r"@[\w-]+", test):
        node.attrs.setdefault(test[1:], "x")


def _set(node: Any, attribute: str, value: str) -> None:
    if attribute == "class" and node.attrs.get("class"):
        node.attrs["class"] += " " + value
    else:
        node.attrs[attribute] = value
