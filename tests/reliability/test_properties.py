"""Generated input, any Unicode at all: books stay well-formed, text keeps every printable
character, file names stay inside the folder and valid everywhere, and the input parsers
raise nothing but their own ``BadInputError``.

The book properties run the whole pipeline for every example: the local API server sends the
generated book as JSON (lone surrogates as the ``\\ud800`` escapes bad APIs send), the
downloader fetches, cleans and stores it, and both exporters write it to real files.

"Printable" is defined to match what ``clean_text`` documents it keeps: every character that
is not whitespace, not a control character (Unicode category Cc: C0, DEL, C1), not a
surrogate left unpaired, not the BOM U+FEFF and not the non-characters U+FFFE/U+FFFF.
Whitespace is excluded because cleaning re-flows it (indentation, line ends, runs of spaces).
``clean_text`` also interprets markup: it decodes entities (``&amp;``) and drops the tags of
real HTML elements (``<b>``); the text property therefore draws ``&`` and ``<`` only inside
fixed fragments that are not entities or HTML tags (``<c>``, ``]]>``, ``1 < 2``), and the
well-formedness property, which makes no claim about the text, draws them freely.
"""

from __future__ import annotations

import asyncio
import json
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from novelfetch.core.errors import BadInputError
from novelfetch.core.export import export_book
from novelfetch.core.export.filenames import output_path
from novelfetch.core.jobs.downloader import Downloader
from novelfetch.core.jobs.selection import parse_range
from novelfetch.core.net.retry import RetryPolicy
from novelfetch.core.sources.baidu import BaiduSource
from novelfetch.core.store.chapter_store import Store
from novelfetch.core.text.cleaning import EMPTY_CHAPTER_PLACEHOLDER
from novelfetch.sample.library import SampleBook
from novelfetch.sample.server import SampleServer
from tests.conftest import fast_options
from tests.reliability.support import TALLY

BOOK_ID = "51"
BOOK_EXAMPLES = 200
CHEAP_EXAMPLES = 200
PIPELINE = settings(
    max_examples=BOOK_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
CHEAP = settings(max_examples=CHEAP_EXAMPLES, deadline=None)

# Fragments that break naive XML or HTML handling, mixed into the generated text.
HOSTILE = (
    "]]>",
    "<![CDATA[",
    "<script>alert(1)</script>",
    "<p>",
    "</p>",
    "<br/>",
    "<b>",
    "<c>",
    "&amp;",
    "&lt;b&gt;",
    "&#0;",
    "&#xD800;",
    "&#1;",
    "&nbsp;",
    "&e;",
    "<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>",
    "<?xml version='1.0'?>",
    "\u202e",  # right-to-left override
    "\u200f",  # right-to-left mark
    "\ufeff",
    "\ud800",
    "\udfff",
    "\ud83d\ude00",  # surrogate halves that pair up
    "\x00",
    "\x0c",
    "\x85",
    "\ue000",  # private use
    "\U0010fffd",  # private use, astral
    "\r\n",
    "\u2028",
    "\t",
    "../",
    "\\",
)
# Fragments with "<" that are neither HTML tags nor entities: text that must survive as text.
LITERAL_MARKUP = ("]]>", "<c>", "</x>", "1 < 2 > 0", "<<>>", "<!--", "<?xml", "<![CDATA[", ">")

any_char = st.characters(exclude_categories=())  # everything, surrogates included
plain_char = st.characters(exclude_categories=(), exclude_characters="&<")


def _mixed(chars: st.SearchStrategy[str], fragments: tuple[str, ...]) -> st.SearchStrategy[str]:
    pieces = st.one_of(st.text(chars, max_size=12), st.sampled_from(fragments))
    return st.lists(pieces, max_size=8).map("".join)


hostile_text = _mixed(any_char, HOSTILE)
printable_text = _mixed(plain_char, LITERAL_MARKUP)


@dataclass(frozen=True, slots=True)
class GeneratedBook(SampleBook):
    """Two chapters whose every text field was generated; each chapter has its own volume."""

    titles: tuple[str, ...] = ()
    texts: tuple[str, ...] = ()
    volumes: tuple[str, ...] = ()

    def chapter_title(self, index: int) -> str:
        return self.titles[index - 1]

    def chapter_text(self, index: int) -> str:
        return self.texts[index - 1]

    def volume(self, index: int) -> str:
        return self.volumes[index - 1]


def _book(text: st.SearchStrategy[str]) -> st.SearchStrategy[GeneratedBook]:
    pairs = st.tuples(text, text)
    return st.builds(
        lambda title, author, intro, titles, texts, volumes: GeneratedBook(
            BOOK_ID,
            title,
            author,
            intro,
            chapter_count=2,
            chapters_per_volume=1,
            titles=titles,
            texts=texts,
            volumes=volumes,
        ),
        title=text.filter(bool),  # an empty name reads as "no such book"
        author=text,
        intro=text,
        titles=pairs,
        # A chapter is text with a word in it (an answer without one is retried and never
        # stored, see README "What counts as a chapter"): each starts with one.
        texts=pairs.map(lambda v: ("字" + v[0], "字" + v[1])),
        volumes=pairs.map(lambda v: ("甲" + v[0], "乙" + v[1])),  # two distinct volumes
    )


def _download_and_export(book: GeneratedBook, folder: Path) -> tuple[Path, Path]:
    """Serve ``book``, download it into a new store, and write it as EPUB and TXT."""

    async def run() -> tuple[Path, Path]:
        async with SampleServer({BOOK_ID: book}) as server:
            options = fast_options(server, retry=RetryPolicy(retries=0))
            with Store(folder / "store.sqlite3") as store:
                async with Downloader(store, options) as job:
                    loaded = await job.load(BOOK_ID)
                    result = await job.fetch(loaded)
                    cover = await job.fetch_cover(loaded.book)
                assert not result.failures, result.failures
                book_, chapters = loaded.book, loaded.chapters
                epub = export_book(
                    book_, store.iter_texts(book_, chapters), "epub", folder, cover=cover
                )
                txt = export_book(book_, store.iter_texts(book_, chapters), "txt", folder)
        return epub, txt

    TALLY["generated books (full pipeline)"] += 1
    return asyncio.run(run())


_STRICT_XML = etree.XMLParser(resolve_entities=False, no_network=True, recover=False)


def _xml_parts(epub: Path) -> dict[str, etree._Element]:
    """Every XML file of the book, each parsed strictly (a single flaw raises)."""
    with zipfile.ZipFile(epub) as archive:
        names = [n for n in archive.namelist() if n.endswith((".xhtml", ".opf", ".ncx", ".xml"))]
        return {name: etree.fromstring(archive.read(name), _STRICT_XML) for name in names}


@PIPELINE
@given(book=_book(hostile_text))
def test_any_text_gives_a_well_formed_epub_and_a_clean_txt(book: GeneratedBook) -> None:
    with tempfile.TemporaryDirectory() as folder:
        epub, txt = _download_and_export(book, Path(folder))
        parts = _xml_parts(epub)
        assert {"EPUB/content.opf", "EPUB/toc.ncx", "EPUB/nav.xhtml", "EPUB/c00002.xhtml"} <= set(
            parts
        )
        for root in parts.values():
            dtd = root.getroottree().docinfo.internalDTD
            assert dtd is None or not list(dtd.iterentities())  # no entity smuggled in
        text = txt.read_bytes().decode("utf-8")  # strict: any lone surrogate would raise
        assert not [c for c in text if c != "\n" and unicodedata.category(c) in ("Cc", "Cs")]


def _is_printable(char: str) -> bool:
    return (
        not char.isspace()
        and unicodedata.category(char) not in ("Cc", "Cs")
        and char not in "\ufeff\ufffe\uffff"
    )


def printable(raw: str) -> str:
    """The printable characters of ``raw`` as the JSON transport delivers it (see top)."""
    delivered = json.loads(json.dumps(raw))  # escaped surrogate halves pair up, as on the wire
    return "".join(filter(_is_printable, delivered))


def _squeezed(text: str) -> str:
    return "".join(c for c in text if not c.isspace())


def _expected_chapters(book: GeneratedBook) -> list[str]:
    return [
        printable(book.volumes[i])
        + (printable(book.titles[i]) or f"第{i + 1}章")
        + (printable(book.texts[i]) or EMPTY_CHAPTER_PLACEHOLDER)
        for i in range(2)
    ]


@PIPELINE
@given(book=_book(printable_text))
def test_every_printable_character_reaches_both_books(book: GeneratedBook) -> None:
    with tempfile.TemporaryDirectory() as folder:
        epub, txt = _download_and_export(book, Path(folder))
        title = printable(book.title) or BOOK_ID
        author = printable(book.author)
        header = title + (f"作者：{author}" if author else "") + printable(book.intro)
        chapters = _expected_chapters(book)
        assert _squeezed(txt.read_text("utf-8")) == header + "".join(chapters)

        parts = _xml_parts(epub)
        for number, expected in enumerate(chapters, start=1):
            body = parts[f"EPUB/c{number:05d}.xhtml"].find("{http://www.w3.org/1999/xhtml}body")
            volume = printable(book.volumes[number - 1])
            assert _squeezed("".join(body.itertext())) == expected.removeprefix(volume)
        intro = parts["EPUB/intro.xhtml"].find("{http://www.w3.org/1999/xhtml}body")
        assert _squeezed("".join(intro.itertext())) == header


# --- file names ---------------------------------------------------------------------------

WINDOWS_FORBIDDEN = set('<>:"/\\|?*') | {chr(c) for c in range(32)}
WINDOWS_DEVICES = {"con", "prn", "aux", "nul"} | {
    f"{device}{n}" for device in ("com", "lpt") for n in "0123456789¹²³"
}
TITLE_TRICKS = (
    "..",
    ".",
    "../../etc/passwd",
    "..\\..\\Windows",
    "C:\\",
    "/abs",
    "CON",
    "nul.txt",
    "com1.tar.gz",
    "LPT¹",
    "name. . .",
    "name   ",
    "\u202etxt.exe",
    "a" * 300,
    "字" * 120,
    "😀" * 80,
)
titles = st.lists(
    st.one_of(st.text(any_char, max_size=30), st.sampled_from(TITLE_TRICKS)), max_size=4
).map("".join)


@CHEAP
@given(title=titles, extension=st.sampled_from(["epub", "txt"]))
def test_any_title_gives_a_file_inside_the_folder_valid_on_every_system(
    title: str, extension: str
) -> None:
    TALLY["generated file names"] += 1
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "books"
        out.mkdir()
        path = output_path(out, title, extension)
        path.write_bytes(b"x")  # really creatable here (Linux)
        assert [p.name for p in out.iterdir()] == [path.name]
        assert path.resolve().parent == out.resolve()
        name = path.name
        assert name.endswith("." + extension) and name not in (".", "..")
        assert not WINDOWS_FORBIDDEN & set(name)
        assert not name.removesuffix("." + extension).endswith((".", " "))
        assert name.split(".", 1)[0].rstrip(" ").casefold() not in WINDOWS_DEVICES
        assert len(name.encode("utf-8")) <= 255  # Linux, and macOS (255 UTF-8 bytes)
        assert len(name.encode("utf-16-le")) // 2 <= 255  # Windows (255 UTF-16 units)
        assert name == unicodedata.normalize("NFC", name)  # the same name on macOS
        assert "\x00" not in name


# --- input parsers --------------------------------------------------------------------------

url_like = st.builds(
    "{}{}{}{}{}".format,
    st.sampled_from(["", "http://", "https://", "HTTPS://", "ftp://", "//", "javascript:"]),
    st.one_of(
        st.sampled_from(["dushu.baidu.com", "DUSHU.BAIDU.COM", "evilbaidu.com", "[", "]", "[::1]"]),
        st.text(any_char, max_size=10),
    ),
    st.sampled_from(["/pc/detail", "/pc/reader", ":99999", ":x/", "", "/"]),
    st.sampled_from(["?gid=", "?cid=1&gid=", "?gid=%", "#gid=", "?gid=１２", ""]),
    st.text(st.sampled_from("0123456789١٢３&=%[] "), max_size=25),
)


@CHEAP
@given(text=st.one_of(st.text(any_char), url_like, st.text(st.sampled_from("0123456789١٢٣۴５ \n"))))
def test_the_book_id_parser_raises_only_its_own_error(text: str) -> None:
    TALLY["generated book IDs and addresses"] += 1
    try:
        book_id = BaiduSource.parse_book_id(text)
    except BadInputError as error:
        assert str(error)
        return
    assert book_id.isascii() and book_id.isdigit() and 1 <= len(book_id) <= 20


@CHEAP
@given(
    spec=st.text(st.sampled_from("0123456789- \t١５"), max_size=12) | st.text(any_char),
    count=st.integers(1, 5000),
)
def test_the_chapter_range_parser_raises_only_its_own_error(spec: str, count: int) -> None:
    TALLY["generated chapter ranges"] += 1
    try:
        first, last = parse_range(spec, count)
    except BadInputError:
        return
    assert 1 <= first <= last <= count
