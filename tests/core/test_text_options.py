"""Text options at export: 简/繁 conversion of titles, metadata and text, the EPUB's language,
replacement rules before conversion, the encoding check, and the store left as fetched."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from novelfetch.core.errors import BadInputError
from novelfetch.core.export import export_book, open_book_writer
from novelfetch.core.export.txt import check_encoding
from novelfetch.core.jobs.downloader import Downloader
from novelfetch.core.jobs.pipeline import BookTarget, fetch_and_write
from novelfetch.core.models import Book, Chapter, ChapterText
from novelfetch.core.store.chapter_store import Store
from novelfetch.core.text.options import TextOptions, language_for
from novelfetch.core.text.replace_rules import ReplaceRule
from novelfetch.sample.server import SampleServer
from tests.conftest import fast_options
from tests.epubcheck_support import assert_epubcheck_clean

SIMPLIFIED = "头发里的软件，说话时间。"

BOOK = Book("demo", "1", "简体书名", "作者张三", "这是简介。\n第二段简介。")
CHAPTERS = [
    ChapterText(Chapter(1, "a", "第一章 头发", "第一卷 开始"), SIMPLIFIED + "\n广告：请访问"),
    ChapterText(Chapter(2, "b", "第二章 时间", "第一卷 开始"), "这里没有简体字以外的内容。"),
]
OPF = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}


def epub_files(path: Path) -> dict[str, str]:
    """The book's text files (a book without a cover gets a drawn PNG one: not text)."""
    with zipfile.ZipFile(path) as book:
        return {
            name: book.read(name).decode("utf-8")
            for name in book.namelist()
            if not name.endswith((".png", ".jpg", ".jpeg"))
        }


def test_known_sentences_convert_both_ways(tmp_path: Path) -> None:
    to_traditional = TextOptions("s2t").for_book(BOOK)
    to_simplified = TextOptions("t2s").for_book(BOOK)
    chapter = ChapterText(Chapter(1, "a", "头发"), "简体中文的软件")
    assert to_traditional.chapter(chapter).text == "簡體中文的軟件"
    assert to_traditional.chapter(chapter).chapter.title == "頭髮"
    back = ChapterText(Chapter(1, "a", "頭髮"), "繁體中文的軟體")
    assert to_simplified.chapter(back).text == "繁体中文的软体"
    assert TextOptions("s2tw").for_book(BOOK).chapter(chapter).text == "簡體中文的軟件"
    assert TextOptions("s2hk").for_book(BOOK).chapter(
        ChapterText(chapter.chapter, "里面")
    ).text == ("裏面")


@pytest.mark.parametrize(
    ("conversion", "language"),
    [("none", "zh-CN"), ("t2s", "zh-CN"), ("s2t", "zh-TW"), ("s2tw", "zh-TW"), ("s2hk", "zh-HK")],
)
def test_language_follows_the_conversion(conversion: str, language: str) -> None:
    assert language_for(conversion) == language == TextOptions(conversion).language


def test_unknown_conversion_is_bad_input() -> None:
    with pytest.raises(BadInputError, match="unknown conversion 'x2y'"):
        TextOptions("x2y")


def test_converted_epub_has_traditional_text_metadata_and_language(tmp_path: Path) -> None:
    rules = (ReplaceRule("广告：.*", "", is_regex=True),)
    path = export_book(BOOK, CHAPTERS, "epub", tmp_path, text=TextOptions("s2tw", rules))
    assert path.name == "簡體書名.epub"  # the file is named by the converted title
    files = epub_files(path)
    opf = etree.fromstring(files["EPUB/content.opf"].encode())
    assert opf.findtext(".//dc:language", namespaces=OPF) == "zh-TW"
    assert opf.findtext(".//dc:title", namespaces=OPF) == "簡體書名"
    assert opf.findtext(".//dc:creator", namespaces=OPF) == "作者張三"
    assert "這是簡介" in opf.findtext(".//dc:description", namespaces=OPF)
    first = files["EPUB/c00001.xhtml"]
    assert 'lang="zh-TW"' in first and "第一章 頭髮" in first and "頭髮裡的軟件" in first
    assert "廣告" not in first and "广告" not in first  # the rule ran before conversion
    assert 'lang="zh-TW"' in files["EPUB/nav.xhtml"] and "第一卷 開始" in files["EPUB/nav.xhtml"]
    assert "作者張三" in files["EPUB/intro.xhtml"]
    assert_epubcheck_clean(path)


def test_default_epub_stays_simplified_chinese(tmp_path: Path) -> None:
    files = epub_files(export_book(BOOK, CHAPTERS, "epub", tmp_path))
    assert "<dc:language>zh-CN</dc:language>" in files["EPUB/content.opf"]
    assert 'lang="zh-CN"' in files["EPUB/c00001.xhtml"] and SIMPLIFIED in files["EPUB/c00001.xhtml"]


def test_converted_txt(tmp_path: Path) -> None:
    path = export_book(BOOK, CHAPTERS, "txt", tmp_path, encoding="big5", text=TextOptions("s2tw"))
    text = path.read_bytes().decode("big5")
    assert text.startswith("簡體書名\n作者：作者張三\n")
    assert "第一卷 開始\n第一章 頭髮\n" in text and "頭髮裡的軟件" in text and "?" not in text


def test_a_rule_that_times_out_is_reported_and_the_book_still_written(tmp_path: Path) -> None:
    heard: list[str] = []
    slow = ReplaceRule(r"(a|aa)+$", "", is_regex=True, name="回溯")
    chapters = [ChapterText(Chapter(i, str(i), f"第{i}章"), "a" * 40 + "b") for i in (1, 2, 3)]
    path = export_book(
        BOOK, chapters, "txt", tmp_path, text=TextOptions(rules=(slow,)), on_warning=heard.append
    )
    assert path.read_text("utf-8").count("a" * 40 + "b") == 3
    assert len(heard) == 1 and "'回溯'" in heard[0]


def test_the_writer_changes_one_chapter_at_a_time(tmp_path: Path) -> None:
    # Chapters go in converted as they are added: nothing holds the book's text to the end.
    writer = open_book_writer(BOOK, "txt", tmp_path, text=TextOptions("s2t"))
    try:
        writer.add(CHAPTERS[0])
        assert writer.count == 1
    finally:
        writer.discard()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "gb18030", "gbk", "GB2312", "UTF8"])
def test_encodings_that_hold_chinese_pass(encoding: str) -> None:
    check_encoding(encoding)
    check_encoding(encoding, title=BOOK.title)


@pytest.mark.parametrize("encoding", ["ascii", "latin-1", "cp1252", "shift_jis"])
def test_encodings_that_cannot_hold_chinese_are_refused_by_name(encoding: str) -> None:
    with pytest.raises(BadInputError, match=f"text encoding '{encoding}' cannot represent"):
        check_encoding(encoding)


def test_big5_is_for_traditional_text() -> None:
    with pytest.raises(BadInputError, match="'big5' cannot represent Chinese text"):
        check_encoding("big5")
    check_encoding("big5", traditional=True)


def test_the_title_is_checked_too(tmp_path: Path) -> None:
    with pytest.raises(BadInputError, match="cannot represent the book's title"):
        check_encoding("gbk", title="表情😀书")
    with pytest.raises(BadInputError, match="the book's title"):
        open_book_writer(Book("demo", "1", "表情😀书"), "txt", tmp_path, encoding="gbk")
    assert list(tmp_path.iterdir()) == []


async def test_conversion_at_export_leaves_the_store_as_fetched(
    server: SampleServer, store: Store, tmp_path: Path
) -> None:
    async with Downloader(store, fast_options(server)) as job:
        loaded = await job.load("1")
        chosen = loaded.chapters[:3]
        target = BookTarget("txt", tmp_path, text=TextOptions("s2t"))
        outcome = await fetch_and_write(job, loaded, chosen, target)
    stored = [store.load_text(loaded.book, c) for c in chosen]
    assert all(stored)
    book_text = outcome.path.read_text("utf-8")  # type: ignore[union-attr]
    assert outcome.path.name == "測試之書.txt"  # type: ignore[union-attr]
    converted = TextOptions("s2t").for_book(loaded.book)
    for chapter, text in zip(chosen, stored, strict=True):
        assert text is not None
        changed = converted.chapter(ChapterText(chapter, text)).text
        assert changed != text  # the sample text has simplified characters to convert
        assert changed.split("\n")[0] in book_text and text.split("\n")[0] not in book_text
