"""Turn the raw text web APIs return into clean paragraphs, and keep exporters' text XML-safe.

Sources hand us chapter text that is "mostly plain": HTML entities, stray ``<br>``/``<p>`` tags,
Windows line ends, control characters and indentation made of spaces, ``&nbsp;`` or U+3000.
``clean_text`` reduces all of that to paragraphs joined by single ``"\\n"`` with no indentation
(the exporters add their own). It works on the whole string with precompiled regular expressions
and str methods, at most one step per paragraph, never per character: a book is thousands of
chapters, and a per-character Python loop would make cleaning the slowest part of an export.

``strip_invalid_chars`` and ``single_line`` are the exporters' defensive, *non-interpreting*
counterparts: they never unescape entities or drop tags (that would corrupt literal text such as
``&amp;`` or ``<c>`` that is already clean), they only remove what XML cannot hold.
"""

from __future__ import annotations

import html
import re

from novelfetch.core.budgets import MIN_CHAPTER_LETTERS

__all__ = [
    "EMPTY_CHAPTER_PLACEHOLDER",
    "clean_line",
    "clean_text",
    "single_line",
    "strip_invalid_chars",
]

#: Shown instead of nothing when a chapter has no text, so a reader sees the gap is intended.
EMPTY_CHAPTER_PLACEHOLDER = "（本章无内容）"

# Tags that end a paragraph: <br>, <br/>, <br />, <p ...>, </p>. The lookahead keeps <pre>,
# <param>, <bro> etc. out; they fall through to the generic tag pattern and are just dropped.
_BREAK_TAG = re.compile(r"<(?:br|p)(?=[\s/>])[^<>]*>|</(?:p|br)\s*>", re.IGNORECASE)
# HTML markup that slipped into text: only real HTML element names count, so literal text such
# as "<c>", "a < b > c" or "1<2" (a title, a formula, a novel about programming) is kept.
_HTML_NAMES = (
    "a|abbr|article|b|big|blockquote|body|center|code|dd|div|dl|dt|em|font|footer|h[1-6]|head"
    "|header|hr|html|i|iframe|img|ins|del|li|link|meta|ol|pre|s|script|section|small|span"
    "|strike|strong|style|sub|sup|table|tbody|td|tfoot|th|thead|tr|tt|u|ul|wbr|param|object"
    "|embed|noscript|label|input|form|button|nav|main|figure|figcaption|caption|q|cite|mark"
)
_ANY_TAG = re.compile(rf"</?(?:{_HTML_NAMES})(?:[\s/][^<>]*)?>", re.IGNORECASE)
# Control characters (C0 except tab/newline/CR, DEL, C1), surrogates, BOM/zero-width no-break
# space and the non-characters U+FFFE/U+FFFF: none belongs in prose, XML rejects most of them.
_JUNK = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufeff\ufffe\uffff]")
# What XML 1.0 cannot hold (plus C1 and DEL, which are never wanted), for already-clean text.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_LINE_BREAKS = re.compile(r"\s*[\r\n\u2028\u2029]\s*")
_SPACE_RUN = re.compile("  +")
# The entities web novels are full of, replaced with plain str.replace before html.unescape
# (whose per-match Python callback dominates cleaning time otherwise). "&amp;" is deliberately
# absent: it must stay a single decoding pass, so "&amp;nbsp;" becomes "&nbsp;", not U+00A0.
_COMMON_ENTITIES = (
    ("&nbsp;", "\xa0"),
    ("&lt;", "<"),
    ("&gt;", ">"),
    ("&quot;", '"'),
    ("&hellip;", "…"),
    ("&mdash;", "—"),
    ("&ldquo;", "“"),
    ("&rdquo;", "”"),
    ("&lsquo;", "‘"),
    ("&rsquo;", "’"),
)


def _unescape(text: str) -> str:
    for entity, char in _COMMON_ENTITIES:
        if entity in text:
            text = text.replace(entity, char)
    return html.unescape(text) if "&" in text else text


def _drop_junk(text: str) -> str:
    """Remove control characters and friends; re-pair split surrogate halves, drop lone ones.

    ``json.loads`` already pairs escaped surrogates, so re-pairing only matters for text built
    some other way. The common, clean case costs a single failed regex search.
    """
    if _JUNK.search(text) is None:
        return text
    if _SURROGATE.search(text) is not None:
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "ignore")
    return _JUNK.sub("", text)


def clean_text(raw: str) -> str:
    """Clean raw chapter text into paragraphs separated by single newlines.

    ``<br>``/``<p>``/``</p>`` become paragraph breaks and other tags are dropped, then entities
    are decoded (tags first, so an escaped ``&lt;b&gt;`` survives as the text ``<b>``). Line
    ends are normalised, control characters and lone surrogates removed, paragraphs stripped
    (including U+3000 and no-break spaces), empty ones dropped, and runs of spaces/tabs inside
    a paragraph collapsed to one space. Every other character is kept, in order.
    """
    if not raw:
        return ""
    text = raw
    if "<" in text:
        text = _BREAK_TAG.sub("\n", text)
        text = _ANY_TAG.sub("", text)
    if "&" in text:
        # Decoding can produce \r, control characters and no-break spaces (&#13;, &#1;,
        # &nbsp;), so it runs before the passes that deal with those.
        text = _unescape(text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    for separator in ("\u2028", "\u2029"):
        if separator in text:
            text = text.replace(separator, "\n")
    text = _drop_junk(text)
    for blank in ("\t", "\xa0"):
        if blank in text:
            text = text.replace(blank, " ")
    # One step per paragraph, not per character: str.strip() knows all Unicode whitespace,
    # including the full-width U+3000 that Chinese sites indent with.
    text = "\n".join(filter(None, [line.strip() for line in text.split("\n")]))
    if "  " in text:
        text = _SPACE_RUN.sub(" ", text)
    return text


def clean_line(raw: str) -> str:
    """Clean a title, author name or other one-line value: like ``clean_text``, on one line."""
    return clean_text(raw).replace("\n", " ")


def strip_invalid_chars(text: str) -> str:
    """Remove characters XML 1.0 cannot hold (and DEL/C1), leaving everything else verbatim.

    Exporters apply this to text that is supposed to be clean already, as a last line of
    defence: lxml refuses such characters outright and a single one would sink the whole book.
    """
    return _XML_ILLEGAL.sub("", text)


def single_line(text: str) -> str:
    """``strip_invalid_chars`` plus line breaks folded into spaces, for titles and metadata."""
    return _LINE_BREAKS.sub(" ", strip_invalid_chars(text)).strip()


# Characters that move or hide text when it is shown: bidi embeddings, overrides, isolates and
# marks. In a file name, U+202E makes "invoice\u202ebupe.exe.epub" read "invoiceexe.epub.ebup".
_BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Control characters but tab and newline (ESC starts sequences that retitle or clear a
# terminal), and the bidi controls.
_TERMINAL_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def without_bidi_controls(text: str) -> str:
    """``text`` without the characters that reorder what is shown (for file names)."""
    return _BIDI_CONTROLS.sub("", text)


def terminal_safe(text: str) -> str:
    """``text`` fit to print to a terminal: control characters (but tab and newline) and bidi
    controls removed, so nothing a site sends can drive the terminal or disguise itself."""
    return _TERMINAL_UNSAFE.sub("", text)


#: Why a chapter answer without text failed (see ``has_words``).
NO_TEXT = (
    "the site sent no text for this chapter (an empty or placeholder page); "
    "it will be fetched again next time"
)


def has_words(text: str) -> bool:
    """Whether a chapter's text holds at least ``MIN_CHAPTER_LETTERS`` letters or digits.

    The rule for "not a chapter": an empty answer, blank lines or bare punctuation ("……") are
    what a maintenance page or a hiccup leaves; any real text, even a one-line notice the site
    publishes as a chapter, has a letter (of any script) or a digit and is kept."""
    count = 0
    for char in text:
        if char.isalnum():
            count += 1
            if count >= MIN_CHAPTER_LETTERS:
                return True
    return False
