"""What a new user hit on the command line: message wording, -j bounds, plurals, ranges past
the end, a second run with nothing to fetch, progress bars off a terminal, Chinese paths and
titles under any output encoding."""

from __future__ import annotations

import asyncio
import os
import re
import struct
import sys
from pathlib import Path

import pytest

from novelfetch.sample.server import SampleServer
from tests.cli_support import cli_command, run_cli, total_chapter_requests

if sys.platform != "win32":
    import fcntl
    import termios


def download(server: SampleServer, tmp_path: Path, *args: str | Path) -> list[str | Path]:
    return [
        "download",
        *args,
        "--api-base",
        server.api_base,
        "-o",
        tmp_path / "out",
        "--cache-dir",
        tmp_path / "cache",
    ]


def assert_sentences(stderr: str) -> None:
    """Every message line starts with a capital letter (list lines start with a number)."""
    for line in stderr.splitlines():
        text = line.strip()
        if text and text[0].isascii() and text[0].isalpha():
            assert text[0].isupper(), f"not a sentence: {line!r}"


async def run_on_terminal(*args: str | Path) -> tuple[int, str, str]:
    """Run the CLI with standard error on a pseudo-terminal, as in an interactive shell."""
    controller, terminal = os.openpty()
    # 24 rows of 100 columns: a fresh pseudo-terminal is 0 wide, too narrow for any bar.
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    process = await asyncio.create_subprocess_exec(
        *cli_command(*args), stdout=asyncio.subprocess.PIPE, stderr=terminal
    )
    os.close(terminal)

    def drain() -> bytes:
        chunks = []
        while True:
            try:
                data = os.read(controller, 65536)
            except OSError:  # EIO: every writer has closed the terminal
                break
            if not data:
                break
            chunks.append(data)
        return b"".join(chunks)

    try:
        reading = asyncio.ensure_future(asyncio.to_thread(drain))
        out = await asyncio.wait_for(process.stdout.read(), 120)  # type: ignore[union-attr]
        await asyncio.wait_for(process.wait(), 120)
        err = await asyncio.wait_for(reading, 120)
    finally:
        os.close(controller)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode("utf-8", "replace")


@pytest.mark.parametrize(
    ("jobs", "problem"), [("0", "must be at least 1, not 0"), ("65", "must be at most 64, not 65")]
)
async def test_jobs_out_of_bounds_is_one_line_naming_the_problem(
    server: SampleServer, tmp_path: Path, jobs: str, problem: str
) -> None:
    code, out, err = await run_cli(*download(server, tmp_path, "1", "-j", jobs))
    assert code == 2 and out == ""
    assert err == f"Error: Argument -j/--jobs: {problem}\n"
    assert not server.stats.requests


async def test_argparse_errors_are_sentences_on_one_line(tmp_path: Path) -> None:
    for args in (["download"], ["download", "1", "--convert", "x"], ["nope"]):
        code, _, err = await run_cli(*args)
        assert code == 2 and err.startswith("Error: ") and err.count("\n") == 1, err
        assert_sentences(err)


async def test_one_chapter_is_singular(server: SampleServer, tmp_path: Path) -> None:
    code, _, err = await run_cli(*download(server, tmp_path, "1", "--chapters", "1"))
    assert code == 0, err
    assert "测试之书 — 测试作者: 1 chapter, 0 stored" in err
    assert not re.search(r"\b1 chapters\b|chapter\(s\)", err)


async def test_a_range_past_the_end_is_refused_before_any_chapter(
    server: SampleServer, tmp_path: Path
) -> None:
    code, _, err = await run_cli(*download(server, tmp_path, "1", "--chapters", "30-50"))
    assert code == 2, err
    assert err.strip() == "Error: The book has 40 chapters; '30-50' goes past the end"
    assert total_chapter_requests(server) == 0 and not (tmp_path / "out").exists()


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
async def test_progress_only_on_a_terminal_and_never_for_nothing(
    server: SampleServer, tmp_path: Path
) -> None:
    args = download(server, tmp_path, "1", "--chapters", "1-4")
    piped = await run_cli(*args)
    assert piped.code == 0, piped.err
    assert "ch/s" not in piped.err and "%|" not in piped.err and "\r" not in piped.err
    code, _, err = await run_on_terminal(*download(server, tmp_path, "1", "--chapters", "1-8"))
    assert code == 0 and "8/8" not in err.split("stored")[0]
    assert "4/4" in err and "ch/s" in err  # the bar, on a terminal, for the 4 to fetch
    server.stats.reset()
    code, _, err = await run_on_terminal(*args)
    assert code == 0, err
    assert "Nothing to fetch: all 4 chapters are stored." in err
    assert "0ch" not in err and "ch/s" not in err and "%|" not in err  # no empty bar
    assert total_chapter_requests(server) == 0
    assert_sentences(err)


async def test_every_message_of_a_run_is_a_sentence(server: SampleServer, tmp_path: Path) -> None:
    results = [
        await run_cli(*download(server, tmp_path, "3")),  # paid chapters
        await run_cli(*download(server, tmp_path, "3")),  # nothing to fetch
        await run_cli(*download(server, tmp_path, "999")),  # not found
        await run_cli(*download(server, tmp_path, "1", "-f", "pdf")),
        await run_cli("download", "1", "--api-base", "http://127.0.0.1:9", "--retries", "0"),
    ]
    for result in results:
        assert result.err.strip() and "Traceback" not in result.err
        assert_sentences(result.err)


async def test_chinese_output_folder(server: SampleServer, tmp_path: Path) -> None:
    folder = tmp_path / "书库" / "小说"
    code, out, err = await run_cli(
        "download",
        "1",
        "--chapters",
        "1",
        "--api-base",
        server.api_base,
        "-o",
        folder,
        "--cache-dir",
        tmp_path / "缓存",
    )
    assert code == 0, err
    written = folder / "测试之书 (第1章).epub"  # one chapter: a part, named as one
    assert Path(out.strip()) == written and written.is_file()


@pytest.mark.parametrize(
    "env",
    [
        {"PYTHONIOENCODING": "ascii"},
        {"LANG": "C", "LC_ALL": "", "LC_CTYPE": "", "PYTHONIOENCODING": ""},
        {"PYTHONIOENCODING": "latin-1"},
    ],
)
async def test_chinese_titles_and_paths_print_under_any_output_encoding(
    server: SampleServer, tmp_path: Path, env: dict[str, str]
) -> None:
    folder = tmp_path / "书库"
    code, out, err = await run_cli(
        "download",
        "3",
        "-f",
        "txt",
        "--api-base",
        server.api_base,
        "-o",
        folder,
        "--cache-dir",
        tmp_path / "cache",
        env=env,
    )
    assert code == 1, err  # the paid chapters are missing; everything else worked
    assert "Traceback" not in err and "UnicodeEncodeError" not in err
    assert "2 chapters need a purchase" in err
    assert (folder / "付费之书.txt").is_file()
    printed = out.strip()
    # Printed as is where the stream can, as \\u escapes where it cannot; never a crash.
    assert printed.endswith(("付费之书.txt", "\\u4e66.txt"))


async def test_a_system_that_cannot_name_chinese_files_gets_a_message(
    server: SampleServer, tmp_path: Path
) -> None:
    # The C locale with UTF-8 mode turned off: file names can only be ASCII.
    env = {"LANG": "C", "LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": ""}
    code, out, err = await run_cli(*download(server, tmp_path, "1", "--chapters", "1"), env=env)
    assert code == 2 and out == "", err
    assert "Traceback" not in err and "\nError: This system cannot name files" in err
    assert "PYTHONUTF8=1" in err
    assert total_chapter_requests(server) == 0


async def test_info_shows_the_intro_as_json_does(tmp_path: Path) -> None:
    # The text form left out the intro that --json gives.
    code, out, err = await run_cli(
        "info", "1", "--source", "sample", "--store-dir", tmp_path, "--data-dir", tmp_path
    )
    assert code == 0, err
    assert "\nIntro:    少年沈砚离开小镇，踏上寻找师门旧物的旅程。\n" in out, out
    assert "          一部用来试用 NovelFetch 的示例小说。" in out, out  # later lines aligned
