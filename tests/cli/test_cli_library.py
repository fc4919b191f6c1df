"""The library through the real command line and a real local server: download, update, export,
remove, and the whole-book rule (a book file is never silently replaced by a smaller one)."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import zipfile
from pathlib import Path

import pytest

from novelfetch.sample.server import FaultPlan, SampleServer
from tests.cli_support import run_cli, total_chapter_requests
from tests.conftest import make_library

TITLE = "测试之书"  # book 1 of make_library(): 40 chapters


def _chapter_pages(path: Path) -> list[str]:
    """The chapter titles of an EPUB we wrote, in reading order."""
    with zipfile.ZipFile(path) as epub:
        pages = sorted(n for n in epub.namelist() if n.rsplit("/", 1)[-1].startswith("c0"))
        return [epub.read(n).decode().split("<h2>", 1)[1].split("</h2>", 1)[0] for n in pages]


def _stored_ids(store: Path) -> set[str]:
    db = sqlite3.connect(store / "chapters.sqlite3")
    try:
        return {row[0] for row in db.execute("SELECT chapter_id FROM chapters")}
    finally:
        db.close()


@pytest.fixture
def base(server: SampleServer, tmp_path: Path) -> list[str | Path]:
    return ["-q", "--api-base", server.api_base, "--store-dir", tmp_path / "store"]


async def test_a_range_after_the_whole_book_goes_to_its_own_file(
    server: SampleServer, tmp_path: Path, base: list[str | Path]
) -> None:
    """Issue 11's bug: ``download 1 -o ow`` then ``--chapters 1-5 -o ow`` left 5 chapters."""
    out = tmp_path / "ow"
    whole = await run_cli("download", "1", "-o", out, *base)
    assert whole.code == 0, whole.err
    before = whole.path.read_bytes()
    part = await run_cli("download", "1", "--chapters", "1-5", "-o", out, *base)
    assert part.code == 0, part.err
    assert part.path == out / f"{TITLE} (第1-5章).epub"
    assert len(_chapter_pages(part.path)) == 5
    assert whole.path.read_bytes() == before  # the whole book, untouched
    assert len(_chapter_pages(whole.path)) == 40


async def test_fetching_only_what_is_missing_still_writes_the_whole_book(
    server: SampleServer, tmp_path: Path, base: list[str | Path]
) -> None:
    first = await run_cli("download", "1", "--chapters", "1-5", "-o", tmp_path, *base)
    assert first.code == 0, first.err
    server.stats.chapter_requests.clear()
    whole = await run_cli("download", "1", "-o", tmp_path, *base)
    assert whole.code == 0, whole.err
    assert total_chapter_requests(server) == 35
    assert whole.path == tmp_path / f"{TITLE}.epub"
    assert len(_chapter_pages(whole.path)) == 40


async def test_an_unchanged_book_is_left_untouched_and_the_user_told(
    server: SampleServer, tmp_path: Path, base: list[str | Path]
) -> None:
    first = await run_cli("download", "1", "-f", "txt", "-o", tmp_path, *base)
    assert first.code == 0, first.err
    stamp = first.path.stat().st_mtime_ns
    again = await run_cli("download", "1", "-f", "txt", "-o", tmp_path, *base)
    assert again.code == 0, again.err
    assert again.path == first.path and "Nothing changed" in again.err
    assert first.path.stat().st_mtime_ns == stamp


async def test_a_smaller_book_never_replaces_a_bigger_one_without_force(
    server: SampleServer, tmp_path: Path
) -> None:
    """A book file from another store (so unknown to this library) is counted from the file."""
    out = tmp_path / "out"
    api = ["-q", "--api-base", server.api_base, "-o", out]
    for fmt in ("epub", "txt"):
        full = await run_cli("download", "1", "-f", fmt, *api, "--store-dir", tmp_path / "a")
        assert full.code == 0, full.err
    server.library["1"] = dataclasses.replace(server.library["1"], chapter_count=5)
    for fmt in ("epub", "txt"):
        book = out / f"{TITLE}.{fmt}"
        before = book.read_bytes()
        refused = await run_cli(
            "download", "1", "-f", fmt, *api, "--store-dir", tmp_path / f"b-{fmt}"
        )
        assert refused.code == 2, refused.err
        assert "holds 40 chapters" in refused.err and "--force" in refused.err
        assert "Traceback" not in refused.err
        assert book.read_bytes() == before
        forced = await run_cli(
            "download", "1", "-f", fmt, *api, "--store-dir", tmp_path / f"b-{fmt}", "--force"
        )
        assert forced.code == 0, forced.err
        assert forced.path == book and book.read_bytes() != before
    assert len(_chapter_pages(out / f"{TITLE}.epub")) == 5


async def test_update_fetches_only_new_chapters_and_rewrites_every_file_in_place(
    server: SampleServer, tmp_path: Path, base: list[str | Path]
) -> None:
    """The catalog grows by 5, drops chapter 3 and swaps chapters 10 and 11."""
    out = tmp_path / "books"
    epub = await run_cli("download", "1", "-o", out, *base)
    txt = await run_cli("download", "1", "-f", "txt", "--encoding", "gb18030", "-o", out, *base)
    assert epub.code == 0 and txt.code == 0, epub.err + txt.err
    book = server.library["1"]
    server.library["1"] = dataclasses.replace(book, chapter_count=45)
    order = [1, 2, *range(4, 10), 11, 10, *range(12, 46)]
    server.catalogs["1"] = order
    new_ids = {book.chapter_id(i) for i in range(41, 46)}
    server.stats.chapter_requests.clear()

    checked = await run_cli("update", "--all", "--check-only", *base)
    assert checked.code == 0, checked.err
    assert "5 new chapters" in checked.err and "1 removed at the source" in checked.err
    assert total_chapter_requests(server) == 0
    [listed] = json.loads((await run_cli("library", "--json", *base[3:])).out)
    assert (listed["chapters"], listed["stored"], listed["new"]) == (44, 40, 5)

    updated = await run_cli("update", "1", *base)
    assert updated.code == 0, updated.err
    assert set(server.stats.chapter_requests) == new_ids  # only the new ones, once each
    assert sum(server.stats.chapter_requests.values()) == 5
    assert _stored_ids(tmp_path / "store") == {book.chapter_id(i) for i in range(1, 46)}
    # Both files rewritten where they were, with every chapter: the dropped one kept where it
    # was (after chapter 2), the swapped ones in the new order.
    expected = [book.chapter_title(i) for i in [1, 2, 3, *order[2:]]]
    assert _chapter_pages(epub.path) == expected
    text = txt.path.read_text("gb18030")
    positions = [text.index("\n" + title + "\n") for title in expected]
    assert positions == sorted(positions)
    assert set(updated.out.split()) == {str(epub.path), str(txt.path)}

    [listed] = json.loads((await run_cli("library", "--json", *base[3:])).out)
    assert (listed["stored"], listed["new"], listed["removed_at_source"]) == (45, 0, 1)
    shown = (await run_cli("library", *base[3:])).out
    # The dropped chapter is counted apart, never as "45/44".
    assert "44/44 chapters stored, 1 more removed at the source (kept), 0 new" in shown
    assert {f["path"]: f["options"]["encoding"] for f in listed["files"]} == {
        str(epub.path): "utf-8",
        str(txt.path): "gb18030",
    }
    server.stats.chapter_requests.clear()
    again = await run_cli("update", "--all", *base)
    assert again.code == 0 and total_chapter_requests(server) == 0, again.err
    assert again.err.count(": unchanged") == 2


async def test_update_exits_1_when_new_chapters_fail(tmp_path: Path) -> None:
    library = make_library()
    book = library["1"]
    failing = book.chapter_id(41)
    async with SampleServer(library, faults=FaultPlan(scripted={failing: ["500"] * 50})) as s:
        base = ["-q", "--api-base", s.api_base, "--store-dir", tmp_path / "store"]
        first = await run_cli("download", "1", "-o", tmp_path, *base, "--retries", "0")
        assert first.code == 0, first.err
        s.library["1"] = dataclasses.replace(book, chapter_count=42)
        updated = await run_cli("update", "1", *base, "--retries", "0")
    assert updated.code == 1, updated.err
    assert "1 new chapter fetched, 1 failed" in updated.err
    assert len(_chapter_pages(first.path)) == 41


async def test_export_needs_no_network_and_names_a_part(tmp_path: Path) -> None:
    async with SampleServer(make_library()) as server:
        base = ["--store-dir", tmp_path / "store"]
        first = await run_cli(
            "download", "1", "-q", "--api-base", server.api_base, "-o", tmp_path, *base
        )
        assert first.code == 0, first.err
    whole = await run_cli("export", TITLE, "-f", "txt", "-o", tmp_path / "x", *base)
    part = await run_cli("export", "baidu:1", "--chapters", "3-7", "-o", tmp_path / "x", *base)
    assert whole.code == 0 and part.code == 0, whole.err + part.err
    assert whole.path == tmp_path / "x" / f"{TITLE}.txt"
    assert part.path == tmp_path / "x" / f"{TITLE} (第3-7章).epub"
    assert len(_chapter_pages(part.path)) == 5
    unknown = await run_cli("export", "no such book", *base)
    assert unknown.code == 2 and "No book in the library matches" in unknown.err


async def test_remove_forgets_the_book_and_its_chapters(
    server: SampleServer, tmp_path: Path, base: list[str | Path]
) -> None:
    first = await run_cli("download", "1", "-o", tmp_path, *base)
    assert first.code == 0, first.err
    store = ["--store-dir", tmp_path / "store"]
    asked = await run_cli("remove", "1", *store)  # not a terminal: no one to ask
    assert asked.code == 2 and "--yes" in asked.err
    removed = await run_cli("remove", "1", "--yes", *store)
    assert removed.code == 0, removed.err
    assert json.loads((await run_cli("library", "--json", *store)).out) == []
    assert _stored_ids(tmp_path / "store") == set()
    assert first.path.exists()  # the book file is the user's


async def test_the_old_cache_store_moves_to_the_data_folder_once(
    server: SampleServer, tmp_path: Path
) -> None:
    xdg = {"XDG_CACHE_HOME": str(tmp_path / "cache"), "XDG_DATA_HOME": str(tmp_path / "data")}
    old, new = tmp_path / "cache" / "novelfetch", tmp_path / "data" / "novelfetch"
    api = ["-q", "--api-base", server.api_base, "-o", tmp_path]
    filled = await run_cli("download", "1", *api, "--cache-dir", old)  # the old default
    assert filled.code == 0, filled.err
    chapters = _stored_ids(old)
    assert len(chapters) == 40
    first = await run_cli("library", env=xdg)
    assert first.code == 0, first.err
    assert f"Moved the chapter store from {old} to {new}" in first.err
    assert not (old / "chapters.sqlite3").exists()
    assert _stored_ids(new) == chapters
    assert TITLE in first.out
    second = await run_cli("library", env=xdg)
    assert second.code == 0 and "Moved" not in second.err and TITLE in second.out
