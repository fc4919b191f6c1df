"""A real book, end to end, through epubcheck: the CLI downloads it from the local server and
writes it; epubcheck must report 0 errors and 0 warnings.

One book carries every feature at once, because each epubcheck run costs a JVM start: 3,000
chapters in six volumes, a cover, a chapter the site sends without text and two paid chapters
(all three left out), and titles made of markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from novelfetch.sample.library import SampleBook
from novelfetch.sample.server import SampleServer
from tests.cli_support import run_cli
from tests.epubcheck_support import assert_epubcheck_clean
from tests.reliability.support import download_args, epub_members

pytestmark = pytest.mark.slow

EMPTY_CHAPTER = 7
MARKUP_TITLE = "第二章 <b>&amp;</b> ]]> \u202e 1 < 2"


@dataclass(frozen=True, slots=True)
class EverythingBook(SampleBook):
    def chapter_title(self, index: int) -> str:
        return MARKUP_TITLE if index == 2 else SampleBook.chapter_title(self, index)

    def chapter_text(self, index: int) -> str:
        return "" if index == EMPTY_CHAPTER else SampleBook.chapter_text(self, index)


BOOK = EverythingBook(
    "71",
    "全本 <校验> & 书",
    "作者",
    "一部为了 epubcheck 而写的书。",
    chapter_count=3000,
    chars_per_chapter=100,
    chapters_per_volume=500,
    paid_from=2999,
)


async def test_a_3000_chapter_book_with_everything_is_epubcheck_clean(tmp_path: Path) -> None:
    async with SampleServer({"71": BOOK}) as server:
        args = download_args(server, "71", tmp_path, tmp_path / "cache", "-j", "16")
        result = await run_cli(*args, "--retries", "1")
    assert result.code == 1, result.err  # the missing chapters are said
    assert "WITHOUT 1 chapter" in result.err and "2 chapters need a purchase" in result.err
    assert f"{EMPTY_CHAPTER}. " in result.err and "no text" in result.err
    members = epub_members(result.path)
    chapters = sorted(n for n in members if re.fullmatch(r"EPUB/c\d{5}\.xhtml", n))
    assert len(chapters) == 2997
    assert "EPUB/cover.png" in members
    # Cleaned (the <b> tag dropped, &amp; decoded), then escaped again for XHTML.
    assert "第二章 &amp; ]]&gt; \u202e 1 &lt; 2".encode() in members["EPUB/c00002.xhtml"]
    nav = members["EPUB/nav.xhtml"].decode()
    assert all(BOOK.volume(1 + 500 * v) in nav for v in range(6))
    assert BOOK.chapter_title(EMPTY_CHAPTER) not in nav  # never stored as empty text
    assert_epubcheck_clean(result.path)
