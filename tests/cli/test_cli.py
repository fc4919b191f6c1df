"""The command line as a user runs it: a real process against the real local server."""

from __future__ import annotations

import asyncio
import json
import signal
import sqlite3
import sys
import zipfile
from pathlib import Path

import pytest

from novelfetch.core.store.chapter_store import STORE_FILE
from novelfetch.sample.server import SampleServer
from tests.cli_support import run_cli, start_cli, total_chapter_requests, wait_until
from tests.conftest import HOSTILE_TITLE, LONG_PARAGRAPH
from tests.epubcheck_support import assert_epubcheck_clean


def assert_no_traceback(stderr: str) -> None:
    assert "Traceback" not in stderr, stderr


async def test_sample_source_writes_valid_epub(tmp_path: Path) -> None:
    code, out, err = await run_cli(
        "download",
        "1",
        "--source",
        "sample",
        "-f",
        "epub",
        "-o",
        tmp_path / "out",
        "--cache-dir",
        tmp_path / "cache",
        env={"NOVELFETCH_BAIDU_API_BASE": "http://127.0.0.1:9"},
    )
    assert code == 0, err
    path = Path(out.strip())
    assert path.parent == tmp_path / "out" and path.name == "青云山海录.epub"
    with zipfile.ZipFile(path) as epub:
        names = epub.namelist()
    assert sum(n.endswith(".xhtml") and "/c0" in n for n in names) == 120
    assert_epubcheck_clean(path)


async def test_txt_through_api_base_with_chapter_range(
    server: SampleServer, tmp_path: Path
) -> None:
    code, out, err = await run_cli(
        "download",
        "https://dushu.baidu.com/pc/detail?gid=1",
        "-f",
        "txt",
        "--chapters",
        "2-4",
        "--api-base",
        server.api_base,
        "-o",
        tmp_path,
        "--cache-dir",
        tmp_path / "cache",
    )
    assert code == 0, err
    # A part of the book says which part in its name (the whole-book rule).
    book_text = (tmp_path / "测试之书 (第2-4章).txt").read_text("utf-8")
    assert Path(out.strip()) == tmp_path / "测试之书 (第2-4章).txt"
    assert "第二章" in book_text and "第四章" in book_text and "第五章" not in book_text
    assert "\n\u3000\u3000" in book_text
    assert sum(server.stats.chapter_requests.values()) == 3


async def test_api_base_from_environment(server: SampleServer, tmp_path: Path) -> None:
    code, out, err = await run_cli(
        "info",
        "1",
        "--json",
        "--cache-dir",
        tmp_path,
        env={"NOVELFETCH_BAIDU_API_BASE": server.api_base},
    )
    assert code == 0, err
    facts = json.loads(out)
    assert (facts["title"], facts["chapters"], facts["stored"]) == ("测试之书", 40, 0)


async def test_info_counts_stored_chapters(server: SampleServer, tmp_path: Path) -> None:
    base = ["--api-base", server.api_base, "--cache-dir", tmp_path / "cache"]
    await run_cli("download", "1", "--chapters", "1-5", "-o", tmp_path, *base)
    code, out, _ = await run_cli("info", "1", *base)
    assert code == 0 and "40 (5 stored, 0 paid)" in out and "测试作者" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["download", "abc"], "Error: Not a book ID"),
        (["download", "424242"], "Error: Book 424242 not found"),
        (["download", "1", "-f", "pdf"], "Error: Unknown format 'pdf'"),
        (["download", "1", "-j", "0"], "Error: Argument -j/--jobs: must be at least 1, not 0\n"),
        (["download", "1", "--chapters", "50-"], "Error: The book has 40 chapters"),
        (["download", "1", "--encoding", "klingon"], "Error: Unknown text encoding"),
        (["download", "1", "--source", "nope"], "Error: Unknown source 'nope'"),
    ],
)
async def test_bad_input_exits_2_with_a_message(
    server: SampleServer, tmp_path: Path, args: list[str], message: str
) -> None:
    if "--encoding" in args:
        args = [*args, "-f", "txt"]
    code, _, err = await run_cli(
        *args,
        "--api-base",
        server.api_base,
        "-o",
        tmp_path / "out",
        "--cache-dir",
        tmp_path / "cache",
    )
    assert code == 2 and message in err, err
    assert_no_traceback(err)
    assert not (tmp_path / "out").exists()
    assert not server.stats.chapter_requests  # bad input is caught before any download


async def test_unreachable_source_exits_2(tmp_path: Path) -> None:
    code, _, err = await run_cli(
        "download",
        "1",
        "--api-base",
        "http://127.0.0.1:9/api",
        "--retries",
        "1",
        "--cache-dir",
        tmp_path,
    )
    assert code == 2 and "Error: Cannot reach http://127.0.0.1:9/api" in err
    assert_no_traceback(err)


async def test_output_folder_is_created_when_missing(server: SampleServer, tmp_path: Path) -> None:
    code, out, err = await run_cli(
        "download",
        "1",
        "--chapters",
        "1-2",
        "--api-base",
        server.api_base,
        "-o",
        tmp_path / "new" / "books",
        "--cache-dir",
        tmp_path / "cache",
    )
    assert code == 0, err
    assert Path(out.strip()).parent == tmp_path / "new" / "books"


async def test_unusable_output_folder_exits_2_before_any_chapter_is_fetched(
    server: SampleServer, tmp_path: Path
) -> None:
    # The book is written while it downloads, so the folder is checked first: a typo in -o
    # costs one request for the catalog, not a whole download.
    (tmp_path / "a-file").write_text("not a folder")
    code, _, err = await run_cli(
        "download",
        "1",
        "--api-base",
        server.api_base,
        "-o",
        tmp_path / "a-file" / "books",
        "--cache-dir",
        tmp_path / "cache",
    )
    assert code == 2 and "Error: Cannot create the output folder" in err, err
    assert_no_traceback(err)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file", "cache"]
    assert sum(server.stats.chapter_requests.values()) == 0


async def test_paid_chapters_exit_1_named_and_left_out(
    server: SampleServer, tmp_path: Path
) -> None:
    code, out, err = await run_cli(
        "download",
        "3",
        "-f",
        "txt",
        "--api-base",
        server.api_base,
        "-o",
        tmp_path,
        "--cache-dir",
        tmp_path / "cache",
    )
    assert code == 1
    assert "2 chapters need a purchase" in err and err.count("5. 第五章") == 1
    assert "WITHOUT" not in err  # paid chapters are not failures
    text = Path(out.strip()).read_text("utf-8")
    assert "第四章" in text and "第五章" not in text


async def test_hostile_text_stays_text_in_both_formats(
    server: SampleServer, tmp_path: Path
) -> None:
    for fmt in ("txt", "epub"):
        code, out, err = await run_cli(
            "download",
            "7",
            "-f",
            fmt,
            "--api-base",
            server.api_base,
            "-o",
            tmp_path / "out",
            "--cache-dir",
            tmp_path / "cache",
        )
        assert code == 0, err
        path = Path(out.strip())
        assert path.parent == tmp_path / "out"  # the title's ../ and : did not escape
        assert "/" not in path.name and ":" not in path.name
    txt = next((tmp_path / "out").glob("*.txt")).read_text("utf-8")
    assert "<script>alert('x')</script> & &amp; ]]> 1 < 2 > 0 <c>" in txt
    assert "段落\n\u3000\u3000evil()" in txt
    assert "控制字符与表情👨‍👩‍👧🎉" in txt and LONG_PARAGRAPH in txt and HOSTILE_TITLE in txt
    with zipfile.ZipFile(next((tmp_path / "out").glob("*.epub"))) as epub:
        chapter = next(epub.read(n).decode() for n in epub.namelist() if "c00001" in n)
    assert "&lt;script&gt;" in chapter and "<script" not in chapter


async def test_killed_run_resumes_without_refetching(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    async with SampleServer(latency=0.03) as server:  # the default library: book 1 has 120
        args = [
            "download",
            "1",
            "-j",
            "4",
            "-q",
            "--api-base",
            server.api_base,
            "-o",
            tmp_path,
            "--cache-dir",
            cache,
        ]
        process = await start_cli(*args)
        await wait_until(lambda: total_chapter_requests(server) >= 40, "the download to start")
        process.kill()
        await process.wait()
        db = sqlite3.connect(cache / STORE_FILE)
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        kept = {row[0] for row in db.execute("SELECT chapter_id FROM chapters")}
        db.close()
        assert 30 <= len(kept) < 120
        assert not list(tmp_path.glob("*.epub"))
        server.stats.reset()
        code, out, err = await run_cli(*args)
        assert code == 0, err
        refetched = set(server.stats.chapter_requests)
    assert not kept & refetched and len(refetched) == 120 - len(kept)
    with zipfile.ZipFile(out.strip()) as epub:
        assert sum("/c0" in n for n in epub.namelist()) == 120


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
async def test_interrupt_exits_130_with_a_message(tmp_path: Path) -> None:
    async with SampleServer(latency=0.05) as server:
        process = await start_cli(
            "download",
            "2",
            "-j",
            "2",
            "-q",
            "--api-base",
            server.api_base,
            "-o",
            tmp_path,
            "--cache-dir",
            tmp_path,
            capture_stderr=True,
        )
        await wait_until(lambda: total_chapter_requests(server) >= 4, "the download to start")
        process.send_signal(signal.SIGINT)
        _, err = await asyncio.wait_for(process.communicate(), 20)
    assert process.returncode == 130
    assert "Interrupted" in err.decode() and "Traceback" not in err.decode()


async def test_no_arguments_prints_help() -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        "import sys; from novelfetch.cli.entry import main; sys.exit(main([]))",
        stdout=asyncio.subprocess.PIPE,
    )
    out, _ = await process.communicate()
    assert process.returncode == 0 and b"download" in out and b"info" in out
