"""Disk trouble: an output folder that is read-only, full or over a file size limit, and a
chapter store whose disk is unusable or fills up. Each gives a clear message and exit 2,
leaves no partial file, and keeps every chapter fetched (the next run refetches none). A
folder that cannot be written at all is found before the first chapter is requested; a disk
that fills up while the book is being written lets the download finish into the store.

Read-only and full disks are real: small tmpfs mounts when the tests run as root with the
right to mount (root ignores file permissions, so chmod proves nothing for root), chmod
otherwise. The file size limit is a real RLIMIT_FSIZE in the CLI process.
"""

from __future__ import annotations

import contextlib
import os
import resource
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from novelfetch.sample.library import SampleBook
from novelfetch.sample.server import SampleServer
from tests.cli_support import run_cli
from tests.reliability.support import (
    assert_clear_failure,
    download_args,
    integrity,
    stored_chapters,
)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX mounts and limits")

# Big enough that its book (about 500 KB as TXT) and its store overflow the small disks below.
BOOK = SampleBook(
    "41", "满盘之书", "某人", "简介。", chapter_count=60, chars_per_chapter=3000, paid_from=None
)
LIBRARY = {BOOK.book_id: BOOK}
ALL_IDS = {BOOK.chapter_id(i) for i in range(1, BOOK.chapter_count + 1)}


def _can_mount() -> bool:
    return os.geteuid() == 0 and shutil.which("mount") is not None


@contextlib.contextmanager
def _tmpfs(folder: Path, options: str) -> Iterator[None]:
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def _remount(folder: Path, options: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{options}", str(folder)], check=True)


@contextlib.contextmanager
def read_only_folder(folder: Path) -> Iterator[str]:
    """``folder``, unwritable for this user; yields the problem the CLI should name."""
    if os.geteuid() != 0:
        folder.mkdir(parents=True, exist_ok=True)
        folder.chmod(0o555)
        try:
            yield "permission denied"
        finally:
            folder.chmod(0o755)
    elif _can_mount():
        with _tmpfs(folder, "ro,size=1m"):
            yield "the disk is read-only"
    else:
        pytest.skip("running as root without the right to mount: cannot make a folder read-only")


@contextlib.contextmanager
def small_disk(folder: Path, size: str) -> Iterator[None]:
    if not _can_mount():
        pytest.skip("needs root and mount for a small real disk (RLIMIT_FSIZE is tested below)")
    with _tmpfs(folder, f"size={size}"):
        yield


async def _assert_rerun_fetches_nothing(server: SampleServer, tmp_path: Path) -> None:
    """The chapters survived the failure: a run to a good folder needs no chapter request."""
    server.stats.reset()
    result = await run_cli(*download_args(server, "41", tmp_path / "good", tmp_path / "cache"))
    assert result.code == 0, result.err
    assert not server.stats.chapter_requests
    assert stored_chapters(tmp_path / "cache").keys() == ALL_IDS


@pytest.mark.parametrize("fmt", ["epub", "txt"])
async def test_read_only_output_folder(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / "out"
    with read_only_folder(out) as problem:
        async with SampleServer(LIBRARY) as server:
            result = await run_cli(*download_args(server, "41", out, tmp_path / "cache", "-f", fmt))
            assert_clear_failure(result, 2, f"Error: Cannot write to {out}", problem)
            assert list(out.iterdir()) == []
            # The book is started before the first chapter request, so this costs no download.
            assert not server.stats.chapter_requests


@pytest.mark.parametrize("fmt", ["epub", "txt"])
async def test_full_output_disk(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / "out"
    with small_disk(out, "64k"):
        async with SampleServer(LIBRARY) as server:
            result = await run_cli(*download_args(server, "41", out, tmp_path / "cache", "-f", fmt))
            assert_clear_failure(
                result, 2, f"Error: Cannot write to {out / BOOK.title}.{fmt}", "full"
            )
            assert list(out.iterdir()) == []  # not even the temporary file
            await _assert_rerun_fetches_nothing(server, tmp_path)


def _limit_file_size() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (256 * 1024, 256 * 1024))


async def test_file_size_limit(tmp_path: Path) -> None:
    async with SampleServer(LIBRARY) as server:
        cache = tmp_path / "cache"
        # Chapters first, without the limit: the limit applies to the store's files as well.
        fetched = await run_cli(
            *download_args(server, "41", tmp_path / "first", cache, "-f", "txt")
        )
        assert fetched.code == 0, fetched.err
        server.stats.reset()
        out = tmp_path / "out"
        out.mkdir()
        result = await run_cli(
            *download_args(server, "41", out, cache, "-f", "txt"), preexec_fn=_limit_file_size
        )
        assert_clear_failure(result, 2, f"Error: Cannot write to {out}", "file is too large")
        assert list(out.iterdir()) == []
        assert not server.stats.chapter_requests
        assert integrity(cache) == "ok" and stored_chapters(cache).keys() == ALL_IDS


async def test_store_folder_that_cannot_exist(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    cache = tmp_path / "a-file" / "cache"
    async with SampleServer(LIBRARY) as server:
        result = await run_cli(*download_args(server, "41", tmp_path / "out", cache))
        assert not server.stats.requests  # found out before asking the source anything
    assert_clear_failure(result, 2, "Error: Cannot open the chapter store", str(cache))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


async def test_store_disk_filling_up_mid_download(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    # Room for the store's and the library's tables and some chapters, not for the book.
    with small_disk(cache, "256k"):
        async with SampleServer(LIBRARY) as server:
            args = download_args(server, "41", tmp_path / "out", cache, "-j", "4")
            result = await run_cli(*args)
            assert_clear_failure(result, 2, "Error: Cannot write the chapter store", "full")
            assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())
            assert integrity(cache) == "ok"
            kept = stored_chapters(cache)
            assert 0 < len(kept) < BOOK.chapter_count
            _remount(cache, "size=16m")
            server.stats.reset()
            again = await run_cli(*args)
            assert again.code == 0, again.err
            assert set(server.stats.chapter_requests) == ALL_IDS - kept.keys()
