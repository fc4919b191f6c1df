"""safe_filename / output_path: any title becomes one portable file inside the chosen folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from novelfetch.core.export.filenames import MAX_NAME_BYTES, output_path, safe_filename

FORBIDDEN = set('/\\:*?"<>|') | {chr(c) for c in range(32)} | {"\x7f"}
WINDOWS_DEVICES = {"con", "prn", "aux", "nul"} | {
    f"{dev}{n}" for dev in ("com", "lpt") for n in "0123456789¹²³"
}


def assert_portable(name: str, extension: str = "epub") -> None:
    """Everything Windows, macOS and Linux require of a plain file name."""
    assert name.endswith("." + extension)
    stem = name[: -len(extension) - 1]
    assert stem, name
    assert not FORBIDDEN & set(name), name
    assert name not in (".", "..")
    assert not name.startswith("."), "leading dot makes a hidden file"
    assert not stem.endswith((".", " ")), "Windows drops trailing dots and spaces"
    assert name.split(".", 1)[0].rstrip(" ").casefold() not in WINDOWS_DEVICES, name
    assert len(name.encode("utf-8")) <= MAX_NAME_BYTES


def test_path_tricks_and_forbidden_characters_are_neutralised() -> None:
    name = safe_filename("../a/b:<c>|?*", "epub")
    assert_portable(name)
    assert name == "a_b_c.epub"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("斗破苍穹", "斗破苍穹.epub"),
        ("Re:Zero", "Re_Zero.epub"),
        ('他说"你好"?', "他说_你好.epub"),
        ("C:\\Windows\\system32", "C_Windows_system32.epub"),
        ("  .hidden  ", "hidden.epub"),
        ("end. . .", "end.epub"),
        ("第一卷\n第二行\t", "第一卷 第二行.epub"),
        ("a\x00b\x1fc\x7fd", "abcd.epub"),
        ("v1.2 final", "v1.2 final.epub"),
    ],
)
def test_titles_become_readable_safe_names(title: str, expected: str) -> None:
    assert safe_filename(title, "epub") == expected
    assert_portable(expected)


@pytest.mark.parametrize(
    "title",
    ["CON", "con", "Prn", "aux", "NUL", "com0", "com1", "COM9", "lpt1", "LPT9", "com¹", "lpt³"],
)
def test_windows_device_names_are_prefixed(title: str) -> None:
    name = safe_filename(title, "txt")
    assert name == f"_{title}.txt"
    assert_portable(name, "txt")


@pytest.mark.parametrize("title", ["con.txt", "NUL.tar", "aux .x", "Com1.backup"])
def test_device_names_with_an_extension_are_reserved_too(title: str) -> None:
    name = safe_filename(title, "epub")
    assert name.startswith("_")
    assert_portable(name)


@pytest.mark.parametrize("title", ["console", "nullify", "com10", "auxiliary", "lpt"])
def test_names_that_merely_start_like_devices_are_left_alone(title: str) -> None:
    assert safe_filename(title, "epub") == f"{title}.epub"


@pytest.mark.parametrize(
    "title", ["", "   ", ".", "..", "...", "/", "\\/:*?", "\u3000\x00\x01", "_"]
)
def test_nothing_usable_gives_the_fallback(title: str) -> None:
    assert safe_filename(title, "epub") == "book.epub"
    assert safe_filename(title, "txt", fallback="12345") == "12345.txt"


def test_long_titles_are_capped_in_utf8_bytes() -> None:
    name = safe_filename("字" * 300, "epub")
    assert_portable(name)
    stem = name.removesuffix(".epub")
    assert set(stem) == {"字"}
    # As long as possible: one more three-byte character would not have fit.
    assert len(name.encode()) > MAX_NAME_BYTES - 3


def test_the_cap_never_cuts_a_character_in_half() -> None:
    title = "a" + "😀" * 100  # 1 + 4-byte characters: the byte cut lands mid-character
    name = safe_filename(title, "epub")
    assert_portable(name)
    assert name == "a" + "😀" * ((MAX_NAME_BYTES - len(".epub") - 1) // 4) + ".epub"


def test_truncation_does_not_leave_a_trailing_dot_or_space() -> None:
    title = "x" * (MAX_NAME_BYTES - len(".epub") - 1) + ". tail"
    name = safe_filename(title, "epub")
    assert_portable(name)
    assert name == "x" * (MAX_NAME_BYTES - len(".epub") - 1) + ".epub"


@given(st.text(max_size=400), st.sampled_from(["epub", "txt"]))
def test_property_any_title_gives_a_portable_name(title: str, extension: str) -> None:
    assert_portable(safe_filename(title, extension), extension)


def test_output_path_is_a_direct_child_of_the_folder(tmp_path: Path) -> None:
    path = output_path(tmp_path, "../../etc/passwd", "txt")
    assert path.parent == tmp_path
    assert path.name == "etc_passwd.txt"
    path.write_text("x")  # really creatable, and really inside tmp_path
    assert [p.name for p in tmp_path.iterdir()] == ["etc_passwd.txt"]


def test_output_path_accepts_a_relative_folder(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").mkdir()
    assert output_path(Path("out"), "书", "epub") == Path("out") / "书.epub"
