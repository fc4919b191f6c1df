"""Text out of HTML elements, the way jsoup (and so Legado's rules) see it.

``text`` is all descendant text with whitespace collapsed and blocks kept apart by a space,
``ownText`` only the element's own text, ``textNodes`` its own text nodes one per line.
Script and style contents are never text. ``html_to_text`` turns content markup into lines,
as Legado's HTML formatter does before a chapter is shown.
"""

from __future__ import annotations

import copy
import html
import re

from lxml import etree

from novelfetch.core.sources.rules.document import parse_html

# jsoup separates these with a space in text(); a subset of its block tags that matters.
_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "br",
        "center",
        "dd",
        "details",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "html",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)
# Tags whose end (and start) is a line break in chapter text.
_LINE_TAGS = _BLOCK_TAGS - {"html", "body", "td", "th"}
_DATA_TAGS = frozenset({"script", "style", "noscript", "template"})
_JSOUP_WHITESPACE = re.compile("[ \t\n\f\r\xa0]+")
# Legado's formatter: no-break and wide spaces read as spaces, thin and zero-width ones vanish.
# (str.replace per character: a few times faster than a regex character class on a chapter.)
_SPACE_LIKE = ("\xa0", "\u2002", "\u2003")
_INVISIBLE = ("\u2009", "\u200c", "\u200d")


def _normalise(text: str) -> str:
    return _JSOUP_WHITESPACE.sub(" ", text).strip(" ")


def element_text(element: etree._Element) -> str:
    """jsoup's ``Element.text()``."""
    parts: list[str] = []
    for event, node in etree.iterwalk(element, events=("start", "end")):
        tag = node.tag
        if event == "start":
            if tag in _BLOCK_TAGS:
                parts.append(" ")
            if node.text and tag not in _DATA_TAGS:
                parts.append(node.text)
        elif node is not element and node.tail:
            parts.append(node.tail)
    return _normalise("".join(parts))


def own_text(element: etree._Element) -> str:
    """jsoup's ``Element.ownText()``: direct text only, a ``<br>`` counting as a space."""
    parts = [element.text or ""] if element.tag not in _DATA_TAGS else []
    for child in element:
        if child.tag == "br":
            parts.append(" ")
        parts.append(child.tail or "")
    return _normalise("".join(parts))


def own_text_nodes(element: etree._Element) -> list[str]:
    """The element's direct text nodes, each whitespace-collapsed and trimmed, empties dropped."""
    raw = [element.text] if element.tag not in _DATA_TAGS else []
    raw.extend(child.tail for child in element)
    return [text for text in (_normalise(item) for item in raw if item) if text]


def outer_html(element: etree._Element, *, drop_scripts: bool) -> str:
    """The element's markup; with ``drop_scripts`` its nested scripts and styles removed.

    Works on a copy: the page tree stays intact for the next rule.
    """
    if drop_scripts and any(True for _ in element.iterdescendants("script", "style")):
        element = copy.deepcopy(element)
        for node in list(element.iterdescendants("script", "style")):
            remove_keeping_tail(node)
    return etree.tostring(element, method="html", encoding="unicode", with_tail=False)


def remove_keeping_tail(node: etree._Element) -> None:
    """Take ``node`` out of its tree, keeping the text that followed it."""
    parent = node.getparent()
    if parent is None:
        return
    if node.tail:
        previous = node.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + node.tail
        else:
            parent.text = (parent.text or "") + node.tail
    parent.remove(node)


def html_to_text(markup: str) -> str:
    """Chapter markup as plain lines: block ends and ``<br>`` (and raw newlines) break lines.

    Entities are decoded, script/style contents dropped, each line trimmed, empty lines
    removed. Plain text passes through with only that line clean-up.
    """
    if "<" not in markup and "&" not in markup:
        return _clean_lines(markup)
    root = parse_html(markup)
    parts: list[str] = []
    for event, node in etree.iterwalk(root, events=("start", "end")):
        tag = node.tag
        if event == "start":
            if tag in _LINE_TAGS:
                parts.append("\n")
            if node.text and tag not in _DATA_TAGS:
                parts.append(node.text)
        else:
            if tag in _LINE_TAGS:
                parts.append("\n")
            if node is not root and node.tail:
                parts.append(node.tail)
    return _clean_lines("".join(parts))


def _clean_lines(text: str) -> str:
    for char in _SPACE_LIKE:
        text = text.replace(char, " ")
    for char in _INVISIBLE:
        text = text.replace(char, "")
    lines = (line.strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def unescape_entities(text: str) -> str:
    """Decode HTML entities left in a result (Legado unescapes every string result)."""
    return html.unescape(text) if "&" in text else text


def remove_elements(root: etree._Element, selectors: tuple[str, ...]) -> None:
    """Drop every element matching one of the CSS ``selectors``, keeping the text after it."""
    from lxml.cssselect import CSSSelector

    for selector in selectors:
        try:
            matches = CSSSelector(selector)(root)
        except Exception:  # a selector cssselect cannot read removes nothing
            continue
        for element in matches:
            remove_keeping_tail(element)
