"""EPUB export: valid (epubcheck-clean) books whose text stays text, whatever the source sent."""

from __future__ import annotations

import io
import struct
import uuid
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree

from novelfetch.core.errors import ExportError
from novelfetch.core.export import export_book
from novelfetch.core.export.epub import book_identifier, detect_image, write_epub
from novelfetch.core.models import Book, Chapter, ChapterText
from tests.epubcheck_support import assert_epubcheck_clean

NS = {
    "x": "http://www.w3.org/1999/xhtml",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
}
STRICT = etree.XMLParser(recover=False, resolve_entities=False, no_network=True)

HOSTILE = [
    "<script>alert(1)</script>",
    "Tom &amp; Jerry & co ]]> <![CDATA[x]]> <!-- not a comment -->",
    "家人👨‍👩‍👧一起",
    "\u200fשלום\u200e עולם",
    "<p>not a paragraph</p><x/>",
]
LONG = "长" * 3_000


def tiny_png() -> bytes:
    """A valid 1x1 RGB PNG, built by hand (no imaging library needed)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        checksum = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + checksum

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x80\x00")  # filter byte + one RGB pixel
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def chapter(index: int, title: str, text: str, volume: str = "") -> ChapterText:
    return ChapterText(Chapter(index, f"id{index}", title, volume), text)


RICH_BOOK = Book("demo", "42", "<i>怪</i>书 & ]]>", "作者\x01<b>", "简介一\n\n简介 & 二 <x>")
RICH_CHAPTERS = [
    chapter(1, "楔子", "序章正文"),
    chapter(2, "第一章 <script>", "\n".join([*HOSTILE, "控\x00制\x1b符", LONG]), volume="第一卷"),
    chapter(3, "第二章", "", volume="第一卷"),
    chapter(4, "", "无题", volume="第一卷"),
    chapter(5, "插曲", "卷间"),
    chapter(6, "第三章", "乙", volume="第二卷 & <终>"),
]


class Epub:
    """A written EPUB opened for inspection: every XML part parsed strictly."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with zipfile.ZipFile(path) as archive:
            self.infos = archive.infolist()
            self.files = {info.filename: archive.read(info) for info in self.infos}

    def xml(self, name: str) -> etree._Element:
        return etree.fromstring(self.files[f"EPUB/{name}"], STRICT)

    @property
    def opf(self) -> etree._Element:
        return self.xml("content.opf")

    def spine(self) -> list[str]:
        return self.opf.xpath("//opf:spine/opf:itemref/@idref", namespaces=NS)

    def paragraphs(self, name: str) -> list[str]:
        return [p.xpath("string()") for p in self.xml(name).xpath("//x:body/x:p", namespaces=NS)]


def image_hrefs(book: Epub) -> list[str]:
    return book.opf.xpath("//opf:item[starts-with(@media-type, 'image/')]/@href", namespaces=NS)


@pytest.fixture(scope="module")
def rich(tmp_path_factory: pytest.TempPathFactory) -> Epub:
    folder = tmp_path_factory.mktemp("rich")
    return Epub(export_book(RICH_BOOK, RICH_CHAPTERS, "epub", folder, cover=tiny_png()))


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> Epub:
    """No author, intro, volumes or usable cover (the cover bytes are garbage)."""
    path = tmp_path_factory.mktemp("plain") / "plain.epub"
    chapters = [chapter(i, f"第{i}章", f"第{i}章的正文。\n第二段。") for i in range(1, 4)]
    write_epub(Book("demo", "7", "平凡之书"), chapters, path, cover=b"<html>not an image</html>")
    return Epub(path)


# -- validity (the only epubcheck runs in this file) ------------------------------------------


@pytest.mark.slow
def test_rich_book_is_epubcheck_clean(rich: Epub) -> None:
    assert_epubcheck_clean(rich.path)


@pytest.mark.slow
def test_plain_book_is_epubcheck_clean(plain: Epub) -> None:
    assert_epubcheck_clean(plain.path)


@pytest.mark.slow
def test_book_without_chapters_is_epubcheck_clean(tmp_path: Path) -> None:
    path = tmp_path / "empty.epub"
    write_epub(Book("demo", "0", "空书", "无名"), [], path)
    book = Epub(path)
    assert book.spine() == ["intro", "nav"]
    assert_epubcheck_clean(path)


# -- text stays text --------------------------------------------------------------------------


def test_hostile_text_is_text(rich: Epub) -> None:
    assert rich.paragraphs("c00002.xhtml") == [*HOSTILE, "控制符", LONG]
    for name, data in rich.files.items():
        if name.endswith((".xhtml", ".opf", ".ncx")):
            root = etree.fromstring(data, STRICT)
            assert root.xpath("//*[local-name()='script' or local-name()='x']") == [], name


def test_hostile_titles_are_text(rich: Epub) -> None:
    page = rich.xml("c00002.xhtml")
    assert page.xpath("string(//x:title)", namespaces=NS) == "第一章 <script>"
    assert page.xpath("string(//x:h2)", namespaces=NS) == "第一章 <script>"
    opf = rich.opf
    assert opf.xpath("string(//dc:title)", namespaces=NS) == "<i>怪</i>书 & ]]>"
    assert opf.xpath("string(//dc:creator)", namespaces=NS) == "作者<b>"


def test_every_part_is_well_formed_xml(rich: Epub) -> None:
    xml_parts = [n for n in rich.files if n.endswith((".xhtml", ".opf", ".ncx", ".xml"))]
    assert len(xml_parts) == 6 + 5  # chapters + intro, nav, opf, ncx, container
    for name in xml_parts:
        etree.fromstring(rich.files[name], STRICT)  # raises on any well-formedness error


# -- structure --------------------------------------------------------------------------------


def test_metadata(rich: Epub) -> None:
    opf = rich.opf
    expected_id = "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, "novelfetch:demo:42"))
    assert opf.xpath("//dc:identifier/text()", namespaces=NS) == [expected_id]
    assert book_identifier(RICH_BOOK) == expected_id
    assert opf.xpath("//dc:language/text()", namespaces=NS) == ["zh-CN"]
    assert opf.xpath("string(//dc:description)", namespaces=NS) == "简介一\n简介 & 二 <x>"
    modified = opf.xpath("string(//opf:meta[@property='dcterms:modified'])", namespaces=NS)
    assert modified.endswith("Z") and len(modified) == 20


def test_identifier_is_stable_across_exports(tmp_path: Path) -> None:
    ids = []
    for name in ("a.epub", "b.epub"):
        write_epub(RICH_BOOK, [], tmp_path / name)
        ids.append(Epub(tmp_path / name).opf.xpath("string(//dc:identifier)", namespaces=NS))
    other = Book("demo", "43", RICH_BOOK.title)
    assert ids[0] == ids[1] != book_identifier(other)


def test_zip_layout(rich: Epub) -> None:
    first = rich.infos[0]
    assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
    assert rich.files["mimetype"] == b"application/epub+zip"
    names = [n.removeprefix("EPUB/") for n in rich.files if n.startswith("EPUB/")]
    assert {f"c0000{i}.xhtml" for i in range(1, 7)} <= set(names)
    assert all(n.isascii() and "/" not in n for n in names)
    assert rich.files["EPUB/style.css"].startswith(b"/*")


def test_intro_page_comes_first_and_shows_the_book(rich: Epub) -> None:
    assert rich.spine() == ["intro", "nav", *(f"c0000{i}" for i in range(1, 7))]
    intro = rich.xml("intro.xhtml")
    assert intro.xpath("string(//x:h1)", namespaces=NS) == "<i>怪</i>书 & ]]>"
    assert rich.paragraphs("intro.xhtml") == ["作者：作者<b>", "简介一", "简介 & 二 <x>"]
    assert intro.xpath("//x:img/@src", namespaces=NS) == ["cover.png"]


def test_cover_image(rich: Epub) -> None:
    item = rich.opf.xpath("//opf:item[@properties='cover-image']", namespaces=NS)
    assert [(i.get("href"), i.get("media-type")) for i in item] == [("cover.png", "image/png")]
    assert rich.files["EPUB/cover.png"] == tiny_png()
    # Every spine item is linear: a non-linear cover page is what epubcheck objects to.
    assert rich.opf.xpath("//opf:itemref[@linear]", namespaces=NS) == []


def test_garbage_cover_is_left_out(plain: Epub) -> None:
    """The garbage never goes in; what the book shows instead is a cover drawn for it (with a
    CJK font on the machine) or nothing."""
    hrefs = image_hrefs(plain)
    assert hrefs in ([], ["cover.png"])
    for href in hrefs:
        assert plain.files[f"EPUB/{href}"].startswith(b"\x89PNG")
    images = plain.xml("intro.xhtml").xpath("//x:img/@src", namespaces=NS)
    assert images == hrefs


def test_empty_chapter_gets_a_placeholder(rich: Epub) -> None:
    assert rich.paragraphs("c00003.xhtml") == ["（本章无内容）"]


def test_untitled_chapter_gets_a_numbered_title(rich: Epub) -> None:
    assert rich.xml("c00004.xhtml").xpath("string(//x:h2)", namespaces=NS) == "第4章"


def nav_tree(book: Epub) -> list:
    """The nav TOC as nested (label, [children]) tuples."""

    def walk(ol: etree._Element) -> list:
        entries = []
        for li in ol.xpath("x:li", namespaces=NS):
            label = li.xpath("string(x:a|x:span)", namespaces=NS)
            children = li.xpath("x:ol", namespaces=NS)
            entries.append((label, walk(children[0]) if children else []))
        return entries

    return walk(book.xml("nav.xhtml").xpath("//x:nav[@id]/x:ol", namespaces=NS)[0])


def test_toc_nests_chapters_under_their_volumes(rich: Epub) -> None:
    assert nav_tree(rich) == [
        ("简介", []),
        ("楔子", []),
        ("第一卷", [("第一章 <script>", []), ("第二章", []), ("第4章", [])]),
        ("插曲", []),
        ("第二卷 & <终>", [("第三章", [])]),
    ]
    ncx = rich.xml("toc.ncx")
    volumes = ncx.xpath("//ncx:navMap/ncx:navPoint[ncx:navPoint]", namespaces=NS)
    labels = [v.xpath("string(ncx:navLabel/ncx:text)", namespaces=NS) for v in volumes]
    assert labels == ["第一卷", "第二卷 & <终>"]
    assert [len(v.xpath("ncx:navPoint", namespaces=NS)) for v in volumes] == [3, 1]


def test_toc_is_flat_without_volumes(plain: Epub) -> None:
    assert nav_tree(plain) == [("简介", []), ("第1章", []), ("第2章", []), ("第3章", [])]


def test_a_volume_that_comes_back_gets_a_new_section(tmp_path: Path) -> None:
    chapters = [chapter(1, "一", "a", "卷"), chapter(2, "二", "b"), chapter(3, "三", "c", "卷")]
    write_epub(Book("demo", "1", "书"), chapters, tmp_path / "v.epub")
    assert nav_tree(Epub(tmp_path / "v.epub")) == [
        ("简介", []),
        ("卷", [("一", [])]),
        ("二", []),
        ("卷", [("三", [])]),
    ]


# -- covers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (tiny_png(), ("png", "image/png")),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", ("jpg", "image/jpeg")),
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00", ("gif", "image/gif")),
        (b"RIFF\x1a\x00\x00\x00WEBPVP8 \x0e\x00\x00\x00", ("webp", "image/webp")),
        (b"\x89PNG\r\n\x1a\n", None),  # a signature alone is not an image
        (b"<!DOCTYPE html><html>", None),
        (b"", None),
        (b"BM\x00\x00", None),  # BMP is not an EPUB core media type
    ],
)
def test_detect_image(data: bytes, expected) -> None:
    assert detect_image(data) == expected


def test_jpeg_cover_is_named_and_typed_as_jpeg(tmp_path: Path) -> None:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 6), (10, 20, 30)).save(out, "JPEG")
    jpeg = out.getvalue()
    write_epub(Book("demo", "1", "书"), [], tmp_path / "j.epub", cover=jpeg)
    book = Epub(tmp_path / "j.epub")
    assert image_hrefs(book) == ["cover.jpg"]
    assert book.files["EPUB/cover.jpg"] == jpeg


# -- failures ---------------------------------------------------------------------------------


def test_failure_midway_leaves_no_file_and_keeps_the_old_one(tmp_path: Path) -> None:
    def broken() -> Iterator[ChapterText]:
        yield chapter(1, "一", "a")
        raise RuntimeError("source went away")

    with pytest.raises(RuntimeError):
        export_book(RICH_BOOK, broken(), "epub", tmp_path)
    assert list(tmp_path.iterdir()) == []

    old = export_book(RICH_BOOK, [chapter(1, "一", "旧")], "epub", tmp_path)
    with pytest.raises(RuntimeError):
        export_book(RICH_BOOK, broken(), "epub", tmp_path)
    assert list(tmp_path.iterdir()) == [old]
    assert Epub(old).paragraphs("c00001.xhtml") == ["旧"]


def test_unwritable_destination_is_an_export_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ExportError, match=f"cannot write to {blocker}: it is not a folder"):
        write_epub(RICH_BOOK, RICH_CHAPTERS, blocker / "book.epub")
    assert [p.name for p in tmp_path.iterdir()] == ["file"]


def test_overwrite_replaces_the_whole_book(tmp_path: Path) -> None:
    export_book(RICH_BOOK, RICH_CHAPTERS, "epub", tmp_path)
    path = export_book(RICH_BOOK, [chapter(1, "唯一", "新")], "epub", tmp_path)
    assert list(tmp_path.iterdir()) == [path]
    book = Epub(path)
    assert book.spine() == ["intro", "nav", "c00001"]
    assert book.paragraphs("c00001.xhtml") == ["新"]
