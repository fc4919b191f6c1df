"""TXT export, plus the plumbing every format shares: export_book checks and atomic writing."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from novelfetch.core.errors import BadInputError, ExportError
from novelfetch.core.export import FORMATS, export_book
from novelfetch.core.export.atomic import AtomicFile, atomic_output
from novelfetch.core.export.txt import write_txt
from novelfetch.core.models import Book, Chapter, ChapterText

REPO = Path(__file__).resolve().parents[2]
HOSTILE = [
    "<script>alert(1)</script>",
    "Tom &amp; Jerry & co ]]> <![CDATA[x]]>",
    "家人👨‍👩‍👧一起",
    "\u200fשלום\u200e עולם",
]
LONG = "长" * 3_000
BOOK = Book("demo", "42", "测试之书", "某作者", "第一段简介\n第二段简介")


def chapter(index: int, title: str, text: str, volume: str = "") -> ChapterText:
    return ChapterText(Chapter(index, str(index), title, volume), text)


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# -- format -----------------------------------------------------------------------------------


def test_layout_is_exact(tmp_path: Path) -> None:
    chapters = [
        chapter(1, "楔子", "开始了。"),
        chapter(2, "第一章", "甲\n乙", volume="第一卷"),
        chapter(3, "第二章", "", volume="第一卷"),
        chapter(4, "第三章", "丙", volume="第二卷"),
        chapter(5, "后记", "完"),
    ]
    path = tmp_path / "book.txt"
    write_txt(BOOK, chapters, path)
    assert path.read_bytes().decode("utf-8") == (
        "测试之书\n"
        "作者：某作者\n"
        "\n"
        "\u3000\u3000第一段简介\n"
        "\u3000\u3000第二段简介\n"
        "\n"
        "楔子\n"
        "\u3000\u3000开始了。\n"
        "\n"
        "第一卷\n"
        "第一章\n"
        "\u3000\u3000甲\n"
        "\u3000\u3000乙\n"
        "\n"
        "第二章\n"
        "\u3000\u3000（本章无内容）\n"
        "\n"
        "第二卷\n"
        "第三章\n"
        "\u3000\u3000丙\n"
        "\n"
        "后记\n"
        "\u3000\u3000完\n"
    )


def test_no_author_no_intro_no_chapters(tmp_path: Path) -> None:
    path = tmp_path / "bare.txt"
    write_txt(Book("demo", "7", "孤本"), [], path)
    assert path.read_text(encoding="utf-8") == "孤本\n\n"


def test_utf8_without_bom_and_unix_line_ends(tmp_path: Path) -> None:
    path = tmp_path / "b.txt"
    write_txt(BOOK, [chapter(1, "一", "a\nb")], path)
    data = path.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    assert b"\r" not in data
    assert data.count(b"\n") == 9


def test_hostile_text_is_written_as_text(tmp_path: Path) -> None:
    text = "\n".join([*HOSTILE, "控制\x00字\x07符\x1b", LONG])
    path = tmp_path / "h.txt"
    book = Book("demo", "1", "<b>书</b>&amp;", "\x01作者")
    write_txt(book, [chapter(1, "<i>章</i>", text)], path)
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[:2] == ["<b>书</b>&amp;", "作者：作者"]
    assert lines[3] == "<i>章</i>"
    assert lines[4:10] == [
        *("\u3000\u3000" + line for line in HOSTILE),
        "\u3000\u3000控制字符",
        "\u3000\u3000" + LONG,
    ]


# -- encodings --------------------------------------------------------------------------------


def test_gb18030_round_trip(tmp_path: Path) -> None:
    text = "简体繁體𠀀𪚥 emoji 😀 ① ～"
    path = tmp_path / "gb.txt"
    write_txt(BOOK, [chapter(1, "第一章", text)], path, encoding="gb18030")
    data = path.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # really GB18030, not UTF-8 under another name
    assert data.decode("gb18030").split("\n")[-2] == "\u3000\u3000" + text


def test_an_encoding_that_lacks_characters_replaces_them(tmp_path: Path) -> None:
    path = tmp_path / "gbk.txt"
    write_txt(BOOK, [chapter(1, "第一章", "你好😀")], path, encoding="gbk")
    assert path.read_bytes().decode("gbk").split("\n")[-2] == "\u3000\u3000你好?"


@pytest.mark.parametrize("encoding", ["xyz", "base64", "rot13", ""])
def test_unknown_encoding_is_rejected_before_any_file_exists(tmp_path: Path, encoding) -> None:
    with pytest.raises(BadInputError, match=f"unknown text encoding '{encoding}'"):
        write_txt(BOOK, [chapter(1, "一", "x")], tmp_path / "x.txt", encoding=encoding)
    with pytest.raises(BadInputError):
        export_book(BOOK, [chapter(1, "一", "x")], "txt", tmp_path, encoding=encoding)
    assert files_in(tmp_path) == []


# -- streaming and atomicity ------------------------------------------------------------------


def test_chapters_are_streamed_to_a_part_file_in_the_same_folder(tmp_path: Path) -> None:
    seen: list[tuple[str, int]] = []

    def chapters() -> Iterator[ChapterText]:
        for i in range(1, 6):
            if i == 5:  # by now ~36 KB were handed over: well past any write buffer
                seen.extend((p.name, p.stat().st_size) for p in tmp_path.iterdir())
            yield chapter(i, f"第{i}章", "字" * 3_000)

    path = tmp_path / "s.txt"
    write_txt(BOOK, chapters(), path)
    assert len(seen) == 1
    name, size = seen[0]
    assert name.startswith(".s.txt.") and name.endswith(".part")
    assert size > 20_000
    assert files_in(tmp_path) == ["s.txt"]
    assert path.read_text(encoding="utf-8").count("字" * 3_000) == 5


def broken_chapters() -> Iterator[ChapterText]:
    yield chapter(1, "一", "fine")
    yield chapter(2, "二", "fine" * 5_000)
    raise RuntimeError("source went away")


def test_failure_midway_leaves_nothing_behind(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="source went away"):
        export_book(BOOK, broken_chapters(), "txt", tmp_path)
    assert files_in(tmp_path) == []


def test_failure_midway_keeps_the_previous_export(tmp_path: Path) -> None:
    first = export_book(BOOK, [chapter(1, "一", "old text")], "txt", tmp_path)
    with pytest.raises(RuntimeError):
        export_book(BOOK, broken_chapters(), "txt", tmp_path)
    assert files_in(tmp_path) == [first.name]
    assert "old text" in first.read_text(encoding="utf-8")


def test_export_overwrites_an_existing_file(tmp_path: Path) -> None:
    first = export_book(BOOK, [chapter(1, "一", "old text")], "txt", tmp_path)
    second = export_book(BOOK, [chapter(1, "一", "new text")], "txt", tmp_path)
    assert first == second == tmp_path / "测试之书.txt"
    assert files_in(tmp_path) == ["测试之书.txt"]
    content = second.read_text(encoding="utf-8")
    assert "new text" in content and "old text" not in content


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_new_files_get_normal_permissions(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    os.umask(umask)
    path = export_book(BOOK, [], "txt", tmp_path)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask


# -- export_book's checks ---------------------------------------------------------------------


def test_formats() -> None:
    assert FORMATS == ("epub", "txt")


@pytest.mark.parametrize("fmt", ["pdf", "EPUB ", "", "../txt"])
def test_unknown_format_is_rejected(tmp_path: Path, fmt: str) -> None:
    with pytest.raises(BadInputError) as caught:
        export_book(BOOK, [], fmt, tmp_path)
    assert str(caught.value) == f"unknown format {fmt!r} (choose epub or txt)"
    assert files_in(tmp_path) == []


def test_hostile_title_lands_inside_the_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    path = export_book(Book("demo", "1", "../a/b:<c>|?*"), [], "txt", out)
    assert path.parent == out and path.name == "a_b_c.txt"
    assert files_in(out) == ["a_b_c.txt"]
    assert files_in(tmp_path) == ["out"]


def test_empty_title_falls_back_to_the_book_id(tmp_path: Path) -> None:
    path = export_book(Book("demo", "98765", ""), [], "txt", tmp_path)
    assert path.name == "98765.txt"
    assert path.read_text(encoding="utf-8").startswith("98765\n")


@pytest.mark.parametrize("fmt", FORMATS)
def test_missing_folder_is_an_export_error(tmp_path: Path, fmt: str) -> None:
    missing = tmp_path / "no" / "such"
    with pytest.raises(ExportError) as caught:
        export_book(BOOK, [chapter(1, "一", "x")], fmt, missing)
    assert str(caught.value) == f"cannot write to {missing}: the folder does not exist"
    assert files_in(tmp_path) == []


def test_folder_that_is_a_file_is_an_export_error(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("keep me")
    with pytest.raises(ExportError, match="it is not a folder"):
        export_book(BOOK, [], "txt", not_a_folder)
    with pytest.raises(ExportError, match="it is not a folder"):
        write_txt(BOOK, [], not_a_folder / "book.txt")
    assert files_in(tmp_path) == ["file"]
    assert not_a_folder.read_text() == "keep me"


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
@pytest.mark.skipif(os.name == "posix" and os.geteuid() == 0, reason="root ignores permissions")
def test_read_only_folder_is_an_export_error(tmp_path: Path) -> None:
    tmp_path.chmod(0o555)
    try:
        with pytest.raises(ExportError, match="permission denied"):
            export_book(BOOK, [], "txt", tmp_path)
    finally:
        tmp_path.chmod(0o755)
    assert files_in(tmp_path) == []


# -- atomic_output's error translation --------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "problem"),
    [
        (errno.ENOSPC, "the disk is full"),
        (errno.EFBIG, "the file is too large"),
        (errno.EACCES, "permission denied"),
        (errno.EROFS, "the disk is read-only"),
    ],
)
def test_os_errors_while_writing_become_clear_export_errors(tmp_path: Path, code, problem) -> None:
    final = tmp_path / "book.txt"
    with pytest.raises(ExportError) as caught, atomic_output(final) as temp:
        temp.write_text("partial")
        raise OSError(code, os.strerror(code))
    assert str(caught.value).startswith(f"cannot write to {final}: {problem}")
    assert isinstance(caught.value.__cause__, OSError)
    assert files_in(tmp_path) == []


def test_unrelated_os_errors_pass_through_unchanged(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere" / "style.css"
    with pytest.raises(FileNotFoundError), atomic_output(tmp_path / "book.txt"):
        elsewhere.read_text()
    with pytest.raises(ConnectionResetError), atomic_output(tmp_path / "book.txt"):
        raise ConnectionResetError(errno.ECONNRESET, "reset")
    assert files_in(tmp_path) == []


def test_atomic_output_replaces_only_on_success(tmp_path: Path) -> None:
    final = tmp_path / "f.bin"
    final.write_bytes(b"old")
    with atomic_output(final) as temp:
        assert temp.parent == tmp_path and temp.exists()
        temp.write_bytes(b"new")
        assert final.read_bytes() == b"old"  # nothing visible before the block ends
    assert final.read_bytes() == b"new"
    assert files_in(tmp_path) == ["f.bin"]


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_file_size_limit_is_reported_as_too_large(tmp_path: Path) -> None:
    """A real EFBIG: a child process with a 64 KB file size limit, ignoring SIGXFSZ like the CLI."""
    script = """
import resource, signal, sys
from pathlib import Path
from novelfetch.core.errors import ExportError
from novelfetch.core.export import export_book
from novelfetch.core.models import Book, Chapter, ChapterText
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (65536, 65536))
chapters = (ChapterText(Chapter(i, str(i), "章"), "字" * 3000) for i in range(1, 50))
try:
    export_book(Book("demo", "1", "big"), chapters, "txt", Path(sys.argv[1]))
except ExportError as error:
    print(error)
"""
    result = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(REPO / "app")},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().startswith(
        f"cannot write to {tmp_path / 'big.txt'}: the file is too large"
    )
    assert files_in(tmp_path) == []


def test_a_killed_writers_temporary_file_is_swept_by_the_next_writer(tmp_path: Path) -> None:
    # What a SIGKILL leaves: a temporary file that no process holds any more.
    stale = tmp_path / ".s.txt.0badf00d.part"
    stale.write_text("half a book")
    other_book = tmp_path / ".other.txt.0badf00d.part"
    other_book.write_text("another book's, not ours to judge")
    live = AtomicFile(tmp_path / "s.txt")  # a writer still at work on the same book
    try:
        write_txt(BOOK, [chapter(1, "一", "x")], tmp_path / "s.txt")
        assert not stale.exists()
        assert live.temp.exists() and other_book.exists()
    finally:
        live.discard()
    assert sorted(p.name for p in tmp_path.iterdir()) == [other_book.name, "s.txt"]
