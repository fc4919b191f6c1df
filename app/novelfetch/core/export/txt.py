"""Plain-text export: one ``.txt`` file in the layout Chinese web-novel readers expect.

Layout (``<indent>`` is two full-width spaces, U+3000 U+3000)::

    <title>
    作者：<author>                (when there is an author)

    <indent><intro paragraph>     (intro and the blank line after it: when there is an intro)

    <volume>                      (only when the volume changes)
    <chapter title>
    <indent><paragraph>
    <indent><paragraph>

    <next chapter title>
    ...

Chapters are written as they arrive, so a 15-million-character book never sits in memory whole.
"""

from __future__ import annotations

import codecs
import contextlib
from collections.abc import Iterable
from pathlib import Path

from novelfetch.core.errors import BadInputError
from novelfetch.core.export.atomic import AtomicFile
from novelfetch.core.export.writer import write_all
from novelfetch.core.models import Book, ChapterText
from novelfetch.core.text.cleaning import (
    EMPTY_CHAPTER_PLACEHOLDER,
    single_line,
    strip_invalid_chars,
)

__all__ = ["TxtBookWriter", "check_codec", "check_encoding", "write_txt"]

INDENT = "\u3000\u3000"


# Everyday Chinese prose with its punctuation, in both scripts: an encoding that cannot hold
# these cannot hold a Chinese book (ascii and latin-1 would turn every character into "?").
SIMPLIFIED_PROBE = "第一章 天下大势，分久必合。“你好！”他说：《书》？"
TRADITIONAL_PROBE = "第一章 天下大勢，分久必合。「你好！」他說：《書》？"


def check_codec(encoding: str) -> None:
    """Raise ``BadInputError`` unless ``encoding`` names a codec that can write text.

    ``codecs.lookup`` alone accepts bytes-to-bytes codecs such as ``base64``; encoding a sample
    string rejects those too, with the same ``LookupError``.
    """
    try:
        codecs.lookup(encoding)
        "".encode(encoding)
    except (LookupError, TypeError, ValueError):
        raise BadInputError(f"unknown text encoding {encoding!r}") from None


def check_encoding(encoding: str, *, traditional: bool = False, title: str = "") -> None:
    """Raise ``BadInputError`` unless ``encoding`` can write a Chinese book.

    The encoding must be a text codec (``check_codec``) and hold
    ordinary Chinese text (Traditional when ``traditional``, so Big5 passes for a converted
    book) and the book's ``title``, once known: checked before anything is downloaded, instead
    of a book of question marks afterwards.
    """
    check_codec(encoding)
    probe = TRADITIONAL_PROBE if traditional else SIMPLIFIED_PROBE
    for sample, what in ((probe, "Chinese text"), (single_line(title), "the book's title")):
        try:
            sample.encode(encoding)
        except UnicodeEncodeError as error:
            bad = sample[error.start]
            raise BadInputError(
                f"the text encoding {encoding!r} cannot represent {what} (such as {bad!r}); "
                "use utf-8 or gb18030"
            ) from None


def _paragraphs(text: str) -> list[str]:
    """Non-empty, stripped, XML/control-character-free paragraphs of already-cleaned text."""
    return [p for p in (line.strip() for line in strip_invalid_chars(text).split("\n")) if p]


def _chapter_block(item: ChapterText, previous_volume: str, first: bool) -> str:
    lines = [] if first else [""]
    volume = single_line(item.chapter.volume)
    if volume and volume != previous_volume:
        lines.append(volume)
    lines.append(single_line(item.chapter.title) or f"第{item.chapter.index}章")
    paragraphs = _paragraphs(item.text) or [EMPTY_CHAPTER_PLACEHOLDER]
    lines.extend(INDENT + p for p in paragraphs)
    return "\n".join(lines) + "\n"


def write_txt(
    book: Book, chapters: Iterable[ChapterText], path: Path, *, encoding: str = "utf-8"
) -> None:
    """Write ``book`` and its ``chapters`` (in reading order) as plain text to ``path``.

    UTF-8 without BOM by default. Other encodings replace characters they cannot represent with
    ``?`` instead of failing (GB18030 and the UTF encodings represent everything). The encoding
    is checked before any file is created; the file appears only once complete.
    """
    write_all(TxtBookWriter(book, path, encoding=encoding), chapters)


class TxtBookWriter:
    """A plain-text book written a chapter at a time: ``add`` in reading order, then ``finish``
    (which moves the file into place) or ``discard``."""

    def __init__(self, book: Book, path: Path, *, encoding: str = "utf-8") -> None:
        # Only "is it a codec": open_book_writer has checked that it can hold the book.
        check_codec(encoding)
        self.count = 0
        self._previous_volume = ""
        self._output = AtomicFile(path)
        with self._output.guard():
            self._out = open(  # noqa: SIM115 - closed by finish or discard
                self._output.temp, "w", encoding=encoding, errors="replace", newline="\n"
            )
            self._output.close_on_discard(self._close_quietly)
            self._out.write(_header(book))

    @property
    def path(self) -> Path:
        """Where the book appears once finished."""
        return self._output.final_path

    def add(self, item: ChapterText) -> None:
        with self._output.guard():
            self._out.write(_chapter_block(item, self._previous_volume, first=self.count == 0))
            self._previous_volume = single_line(item.chapter.volume)
            self.count += 1

    def finish(self, cover: bytes | None = None) -> Path:
        """Close the file and move it into place (``cover`` is ignored: text has none)."""
        with self._output.guard():
            self._out.close()
        return self._output.commit()

    def discard(self) -> None:
        self._output.discard()

    def _close_quietly(self) -> None:
        with contextlib.suppress(OSError):
            self._out.close()


def _header(book: Book) -> str:
    lines = [single_line(book.title) or single_line(book.book_id)]
    author = single_line(book.author)
    if author:
        lines.append(f"作者：{author}")
    lines.append("")
    intro = _paragraphs(book.intro)
    if intro:
        lines.extend(INDENT + p for p in intro)
        lines.append("")
    return "\n".join(lines) + "\n"
