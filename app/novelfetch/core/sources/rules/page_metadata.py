"""What a book page says about itself in standard markup, for a source whose rules do not.

Many Legado sources have no name/author rule in ``ruleBookInfo``: Legado takes them from the
search result. A book opened by its address has no search result, so its name comes from
the page itself: the ``og:novel:*`` tags Chinese novel sites publish for search engines,
then ``og:title``, the first ``<h1>``, and the ``<title>`` with the site's name and the usual
"latest chapters / read online" decorations cut off.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from novelfetch.core.sources.rules.eval_text import element_text

_TITLE_SEPARATORS = re.compile(r"\s*(?:[_|｜]|\s[-–—]\s|-{1,2}|–|—|,|，)\s*")
_DECORATIONS = re.compile(
    r"(?:最新章节(?:列表|目录)?|全文(?:免费)?阅读|免费阅读|在线阅读|无弹窗|全集|txt下载|"
    r"章节目录|目录|小说|全本|完整版|最新章|笔趣阁)+$",
    re.IGNORECASE,
)
_BOOK_QUOTES = re.compile(r"《([^》]{1,80})》")
_MAX_TITLE = 120


@dataclass(frozen=True, slots=True)
class PageMetadata:
    name: str = ""
    author: str = ""
    intro: str = ""
    cover_url: str = ""


def _meta(root: etree._Element, *names: str) -> str:
    for name in names:
        for element in root.iter("meta"):
            key = element.get("property") or element.get("name") or ""
            if key.strip().lower() == name:
                content = " ".join((element.get("content") or "").split())
                if content:
                    return content
    return ""


def clean_title(text: str, site_name: str = "") -> str:
    """A page title without the site's name and the decorations around a book's name."""
    text = " ".join(text.split())
    quoted = _BOOK_QUOTES.search(text)
    if quoted:
        return quoted.group(1).strip()
    if site_name and site_name in text and text != site_name:
        text = text.replace(site_name, " ")
    for part in _TITLE_SEPARATORS.split(text):
        part = _DECORATIONS.sub("", part.strip()).strip()
        if part and part != site_name:
            return part[:_MAX_TITLE]
    return ""


def page_metadata(root: etree._Element, site_name: str = "") -> PageMetadata:
    """The book's name, author, intro and cover as the page's standard markup gives them."""
    name = _meta(root, "og:novel:book_name", "og:novel:title")
    if not name:
        name = clean_title(_meta(root, "og:title"), site_name)
    if not name:
        heading = next(root.iter("h1"), None)
        if heading is not None:
            name = " ".join(element_text(heading).split())[:_MAX_TITLE]
    if not name:
        title = next(root.iter("title"), None)
        if title is not None:
            name = clean_title(element_text(title), site_name)
    return PageMetadata(
        name=name,
        author=_meta(root, "og:novel:author", "author", "book:author"),
        intro=_meta(root, "og:description", "description"),
        cover_url=_meta(root, "og:image"),
    )
