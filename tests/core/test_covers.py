"""Covers: what a site answers is decoded before it goes into a book; a book without a usable
cover gets one drawn (issue 19, item 4)."""

from __future__ import annotations

import io
import logging
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from novelfetch.core.export import export_book
from novelfetch.core.export.covers import FONT_ENVIRONMENT, checked_cover, generated_cover
from novelfetch.core.models import Book, Chapter, ChapterText
from tests.epubcheck_support import assert_epubcheck_clean

BOOK = Book("demo", "8848", "青云志", "萧鼎")
CHAPTERS = [ChapterText(Chapter(1, "c1", "第一章"), "正文")]


def jpeg(size: tuple[int, int] = (300, 400)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "JPEG", quality=90)
    return out.getvalue()


def bmp() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (20, 30), (0, 90, 0)).save(out, "BMP")
    return out.getvalue()


def cjk_font_here() -> bool:
    return generated_cover("青云志") is not None


def images_in(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {
            name: archive.read(name)
            for name in archive.namelist()
            if name.rsplit(".", 1)[-1] in ("jpg", "png", "gif", "webp")
        }


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (jpeg()[:-400], "damaged"),  # cut off half way: the magic bytes still say JPEG
        (b"<html><body>404 Not Found</body></html>", "did not answer with an image"),
        (b"", "empty"),
        (b"\xff\xd8\xff\xe0garbage", "damaged"),
    ],
)
def test_a_cover_that_does_not_decode_is_dropped_with_a_note(data: bytes, why: str) -> None:
    cover, note = checked_cover(data)
    assert cover is None and why in note


def test_a_good_cover_is_kept_as_it_is() -> None:
    data = jpeg()
    assert checked_cover(data) == (data, "")


def test_a_cover_in_another_format_is_converted_to_png() -> None:
    cover, note = checked_cover(bmp())
    assert cover is not None and cover.startswith(b"\x89PNG") and "BMP" in note


def test_a_truncated_cover_never_reaches_the_book(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="novelfetch.core.export.epub"):
        path = export_book(BOOK, CHAPTERS, "epub", tmp_path, cover=jpeg()[:-400])
    assert any("青云志: the cover image is damaged" in m for m in caplog.messages)
    for name, data in images_in(path).items():
        assert checked_cover(data) == (data, ""), name
    assert_epubcheck_clean(path)


def test_a_book_without_a_cover_gets_one_drawn(tmp_path: Path) -> None:
    if not cjk_font_here():
        pytest.skip("no CJK font on this machine (.ci/run installs fonts-noto-cjk)")
    path = export_book(BOOK, CHAPTERS, "epub", tmp_path)
    (data,) = images_in(path).values()
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG" and image.size == (600, 900)
        # Not a blank page: the title's strokes are drawn in the light ink.
        assert len(image.getcolors(maxcolors=100_000) or []) > 2
    with zipfile.ZipFile(path) as archive:
        opf = next(archive.read(n) for n in archive.namelist() if n.endswith(".opf"))
    assert b'properties="cover-image"' in opf
    assert_epubcheck_clean(path)


def test_a_latin_title_draws_with_any_font() -> None:
    assert (
        generated_cover("The Book", "An Author") is not None
        or not Path("/usr/share/fonts").is_dir()
    )


def test_without_a_font_for_the_title_the_book_has_no_cover_and_stays_valid(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(FONT_ENVIRONMENT, "")  # a machine with no CJK font
    assert generated_cover("青云志", "萧鼎") is None
    path = export_book(BOOK, CHAPTERS, "epub", tmp_path)
    assert images_in(path) == {}
    assert_epubcheck_clean(path)
