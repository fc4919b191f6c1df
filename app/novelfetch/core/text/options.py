"""How a book's text is changed as it is written: replacement rules, then 简/繁 conversion.

Chapters in the store stay as fetched; these are export options. ``TextOptions`` is what the
command line and the window choose; ``TextOptions.for_book`` makes the ``BookText`` that one
export uses, converting one chapter at a time (a book is millions of characters, so it is
never converted whole) with one OpenCC converter for the whole book.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from novelfetch.core.errors import BadInputError
from novelfetch.core.models import Book, Chapter, ChapterText
from novelfetch.core.text.replace_rules import ReplaceRule, RuleRunner

__all__ = ["CONVERSIONS", "BookText", "TextOptions", "language_for"]

#: OpenCC configurations offered: none, Simplified → Traditional (generic, Taiwan, Hong
#: Kong) and Traditional → Simplified.
CONVERSIONS = ("none", "s2t", "s2tw", "s2hk", "t2s")
_LANGUAGES = {"none": "zh-CN", "t2s": "zh-CN", "s2t": "zh-TW", "s2tw": "zh-TW", "s2hk": "zh-HK"}


def language_for(conversion: str) -> str:
    """The BCP 47 language tag of a book after ``conversion``."""
    return _LANGUAGES[conversion]


def check_conversion(conversion: str) -> None:
    if conversion not in CONVERSIONS:
        raise BadInputError(
            f"unknown conversion {conversion!r} (choose one of {', '.join(CONVERSIONS)})"
        )


@dataclass(frozen=True, slots=True)
class TextOptions:
    """Text changes applied when a book is written (the default changes nothing)."""

    conversion: str = "none"
    rules: tuple[ReplaceRule, ...] = ()
    #: The source's address, matched against Legado rule scopes that name a source by URL.
    source_url: str = ""

    def __post_init__(self) -> None:
        check_conversion(self.conversion)

    @property
    def language(self) -> str:
        return language_for(self.conversion)

    @property
    def traditional(self) -> bool:
        """Whether the written text is in Traditional characters."""
        return self.conversion in ("s2t", "s2tw", "s2hk")

    def for_book(self, book: Book, warn: Callable[[str], None] | None = None) -> BookText:
        return BookText(self, book, warn)

    @classmethod
    def from_plain(cls, value: Mapping[str, Any]) -> TextOptions:
        """Back from ``dataclasses.asdict`` (how the library records a file's options)."""
        rules = tuple(
            ReplaceRule(**rule) for rule in value.get("rules", ()) if isinstance(rule, Mapping)
        )
        return cls(str(value.get("conversion", "none")), rules, str(value.get("source_url", "")))


class BookText:
    """The text changes of one export of one book; rule failures collect in ``warnings``."""

    def __init__(
        self, options: TextOptions, book: Book, warn: Callable[[str], None] | None = None
    ) -> None:
        self.options = options
        self._rules = RuleRunner(options.rules, book, source_url=options.source_url, warn=warn)
        self._convert = _converter(options.conversion)

    @property
    def warnings(self) -> list[str]:
        return self._rules.warnings

    @property
    def changes_anything(self) -> bool:
        return bool(self._rules) or self._convert is not None

    def _converted(self, text: str) -> str:
        return self._convert(text) if self._convert is not None and text else text

    def metadata(self, book: Book) -> Book:
        """The book with title, author and intro converted (rules are for chapters)."""
        if self._convert is None:
            return book
        convert = self._converted
        return Book(
            book.source,
            book.book_id,
            convert(book.title),
            convert(book.author),
            convert(book.intro),
            book.cover_url,
        )

    def chapter(self, item: ChapterText) -> ChapterText:
        """The chapter with rules applied to its title and text, then everything converted."""
        if not self.changes_anything:
            return item
        chapter = item.chapter
        title = self._converted(self._rules.title(chapter.title))
        volume = self._converted(chapter.volume)
        text = self._converted(self._rules.text(item.text))
        return ChapterText(
            Chapter(chapter.index, chapter.chapter_id, title, volume, chapter.paid), text
        )


_converters_lock = threading.Lock()


@functools.cache
def _opencc(conversion: str) -> Callable[[str], str]:
    import opencc  # imported when first needed: most exports convert nothing

    return opencc.OpenCC(f"{conversion}.json").convert


def _converter(conversion: str) -> Callable[[str], str] | None:
    """One shared converter per configuration (loading its dictionaries takes a while)."""
    if conversion == "none":
        return None
    with _converters_lock:
        return _opencc(conversion)
