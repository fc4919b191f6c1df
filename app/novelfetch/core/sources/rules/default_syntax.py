"""Legado's default (JSOUP-style) rule syntax over an lxml tree.

A rule is ``@``-joined steps; each step finds elements inside every result of the step
before. A step is ``class.X``, ``tag.X``, ``id.X``, ``text.X`` (own text contains X),
``children`` or a CSS selector, optionally followed by an index: ``.2`` picks, ``!0:-1``
excludes (a ``:``-separated list, negatives count from the end), ``[0, 2:5, -1]`` /
``[!0]`` picks or excludes indexes and ``start:end:step`` ranges (a range runs backwards
when end < start). The last step of a text rule names the output. ``@CSS:`` rules are one
CSS selector, then ``@output``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree

from novelfetch.core import messages as said
from novelfetch.core.sources.rules import css
from novelfetch.core.sources.rules.document import absolute_url
from novelfetch.core.sources.rules.eval_errors import RuleError
from novelfetch.core.sources.rules.eval_split import combine, split_rule, split_steps
from novelfetch.core.sources.rules.eval_text import (
    element_text,
    outer_html,
    own_text,
    own_text_nodes,
)

Element = etree._Element
_Range = tuple[int | None, int | None, int]

_DOTTED_INDEX = re.compile(r"(.*?)([.!])([-\d: ]+)", re.DOTALL)
_DOTTED_NUMBERS = re.compile(r"-?\d+(?::-?\d+)*")
_BRACKET_INDEX = re.compile(r"(.*)\[([^\[\]]*)\]", re.DOTALL)
_RANGE = re.compile(r"(-?\d*):(-?\d*)(?::(-?\d*))?")
_INT = re.compile(r"-?\d+")
_BY_ID = etree.XPath("descendant-or-self::*[@id = $name]")
_BY_CLASS = etree.XPath(
    "descendant-or-self::*[contains(concat(' ', normalize-space(@class), ' '), $padded)]"
)
_KEYWORDS = ("class", "tag", "id", "text")
# Elements with a direct text node containing $needle, ASCII letters compared lower-cased.
_BY_TEXT_NODE = etree.XPath(
    "descendant-or-self::*[text()[contains(translate(., $upper, $lower), $needle)]]"
)
_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass(frozen=True, slots=True)
class Step:
    """One step: what to search for, then which of the found elements to keep."""

    selector: str
    mode: str  # "." keep the indexes, "!" drop them, "" keep all
    indexes: tuple[int | _Range, ...] = ()


def _int(text: str) -> int | None:
    return int(text) if text not in ("", "-") else None


@lru_cache(maxsize=4096)
def parse_step(step: str) -> Step:
    """Split a step into its selector and index part (Legado's ElementsSingle.findIndexSet)."""
    text = step.strip()
    bracket = _BRACKET_INDEX.fullmatch(text)
    if bracket:
        inner = bracket.group(2).replace(" ", "")
        mode = "."
        if inner.startswith("!"):
            mode, inner = "!", inner[1:]
        indexes: list[int | _Range] = []
        for item in inner.split(","):
            if _INT.fullmatch(item):
                indexes.append(int(item))
                continue
            span = _RANGE.fullmatch(item)
            if not span:
                return Step(text, "")  # an attribute selector such as a[href], not indexes
            step_size = _int(span.group(3) or "")
            indexes.append((_int(span.group(1)), _int(span.group(2)), step_size or 1))
        return Step(bracket.group(1), mode, tuple(indexes))
    dotted = _DOTTED_INDEX.fullmatch(text)
    if dotted:
        numbers = dotted.group(3).replace(" ", "")
        if _DOTTED_NUMBERS.fullmatch(numbers):
            return Step(dotted.group(1), dotted.group(2), tuple(int(n) for n in numbers.split(":")))
    return Step(text, "")


def _candidates(element: Element, selector: str) -> list[Element]:
    if not selector:
        return _children(element)
    keyword, _, rest = selector.partition(".")
    if keyword == "children":
        return _children(element)
    if keyword in _KEYWORDS:
        name = rest.split(".")[0]
        if not rest:
            raise RuleError(selector, said.NAME_AFTER_DOT())
        if keyword == "class":
            return list(_BY_CLASS(element, padded=f" {name} "))
        if keyword == "tag":
            return list(element.iter(name.lower()))
        if keyword == "id":
            return list(_BY_ID(element, name=name))
        return _by_own_text(element, name.lower())
    return css.select(element, selector)


def _by_own_text(element: Element, needle: str) -> list[Element]:
    """jsoup's getElementsContainingOwnText (case-insensitive), itself included."""
    if all(
        not char.isspace()
        and (char.isascii() or not char.isalpha() or char.lower() == char.upper())
        for char in needle
    ):
        # Fast path in C for needles without spaces or non-ASCII case (CJK has none): such
        # a needle lies within one text node in practice.
        return list(_BY_TEXT_NODE(element, needle=needle, upper=_UPPER, lower=_UPPER.lower()))
    return [node for node in element.iter(etree.Element) if needle in own_text(node).lower()]


def _children(element: Element) -> list[Element]:
    return [child for child in element if isinstance(child.tag, str)]


def _chosen_indexes(indexes: tuple[int | _Range, ...], size: int) -> list[int]:
    chosen: dict[int, None] = {}  # an ordered set
    if size == 0:
        return []
    for index in indexes:
        if isinstance(index, int):
            if 0 <= index < size:
                chosen[index] = None
            elif index < 0 and size >= -index:
                chosen[index + size] = None
            continue
        start, end, step = index
        start = 0 if start is None else start
        end = size - 1 if end is None else end
        start += size if start < 0 else 0
        end += size if end < 0 else 0
        if (start < 0 and end < 0) or (start >= size and end >= size):
            continue
        start = min(max(start, 0), size - 1)
        end = min(max(end, 0), size - 1)
        if start == end or step >= size:
            chosen[start] = None
            continue
        step = step if step > 0 else (step + size if -step < size else 1)
        span = range(start, end + 1, step) if end > start else range(start, end - 1, -step)
        chosen.update(dict.fromkeys(span))
    return list(chosen)


def select_step(element: Element, step: str) -> list[Element]:
    """The elements one step finds inside ``element``, indexes applied."""
    parsed = parse_step(step)
    found = _candidates(element, parsed.selector)
    if not parsed.mode:
        return found
    chosen = _chosen_indexes(parsed.indexes, len(found))
    if parsed.mode == "!":
        dropped = set(chosen)
        return [node for position, node in enumerate(found) if position not in dropped]
    return [found[position] for position in chosen]


def _css_body(rule: str) -> tuple[bool, str]:
    if rule[:5].lower() == "@css:":
        return True, rule[5:].strip()
    return False, rule


def elements(root: Element, rule: str) -> list[Element]:
    """A list rule (bookList, chapterList) in default or ``@CSS:`` syntax."""
    is_css, body = _css_body(rule)
    parts, kind = split_rule(body)
    found_lists: list[list[Element]] = []
    for part in parts:
        if is_css:
            found = css.select(root, part) if part.strip() else []
        else:
            found = [root]
            for step in split_steps(part):
                found = [node for current in found for node in select_step(current, step)]
            if not split_steps(part):
                found = []
        found_lists.append(found)
        if found and kind == "||":
            break
    return combine(found_lists, kind)


def strings(root: Element, rule: str, base_url: str) -> tuple[list[str], bool]:
    """A text rule: its results, and whether they are markup (``html`` / ``all`` output)."""
    is_css, body = _css_body(rule)
    parts, kind = split_rule(body)
    results: list[list[str]] = []
    markup = False
    for part in parts:
        if is_css:
            at = part.rfind("@")
            if at < 0:
                raise RuleError(rule, said.CSS_TEXT_END())
            selector = part[:at].strip()
            found = css.select(root, selector) if selector else [root]
            output = part[at + 1 :].strip()
        else:
            steps = split_steps(part)
            if not steps:
                continue
            found = [root]
            for step in steps[:-1]:
                found = [node for current in found for node in select_step(current, step)]
            output = steps[-1]
        values, is_markup = outputs(found, output, base_url) if found else ([], False)
        if values:
            markup = markup or is_markup
            results.append(values)
            if kind == "||":
                break
    return combine(results, kind), markup


def outputs(found: list[Element], output: str, base_url: str) -> tuple[list[str], bool]:
    """What the last step of a rule takes from each element."""
    if output == "text":
        return [text for text in map(element_text, found) if text], False
    if output == "textNodes":
        lines = ("\n".join(own_text_nodes(node)) for node in found)
        return [text for text in lines if text], False
    if output == "ownText":
        return [text for text in map(own_text, found) if text], False
    if output in ("html", "all"):
        markup = "\n".join(outer_html(node, drop_scripts=output == "html") for node in found)
        return ([markup] if markup else []), True
    return attribute_values(found, output, base_url), False


def attribute_values(found: list[Element], name: str, base_url: str) -> list[str]:
    """An attribute of every element, blanks and repeats dropped; links made absolute."""
    make_absolute = name.startswith("abs:")
    name = name.removeprefix("abs:")
    make_absolute = make_absolute or name.lower() in ("href", "src")
    values: list[str] = []
    for node in found:
        value = node.get(name)
        if value is None:
            value = node.get(name.lower(), "")
        if make_absolute:
            value = absolute_url(base_url, value)
        if value.strip() and value not in values:
            values.append(value)
    return values
