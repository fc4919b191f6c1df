"""``novelfetch --self-test``: the check packagers run on every build."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from novelfetch.gui.app.self_test import SelfTestFailure, check_epub


def test_self_test_downloads_and_checks_the_sample_book(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_STATE_HOME": str(tmp_path / "s"),
    }
    env.pop("QT_QPA_PLATFORM", None)  # it must choose offscreen by itself
    result = subprocess.run(
        [sys.executable, "-m", "novelfetch", "--self-test"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "self-test passed: 青云山海录.epub with 120 chapters" in result.stdout
    assert "12 chapters of a rule source read by worker processes" in result.stdout
    assert "their book written by a process of its own" in result.stdout
    assert "propagateSizeHints" not in result.stderr  # the offscreen platform's noise
    assert not (tmp_path / "config").exists() or not any((tmp_path / "config").rglob("*.conf"))


def _epub(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as epub:
        for name, data in entries.items():
            epub.writestr(name, data)
    return path


GOOD_PAGE = b'<html xmlns="http://www.w3.org/1999/xhtml"><body><p>x</p></body></html>'


def test_check_accepts_a_complete_book(tmp_path: Path) -> None:
    book = _epub(
        tmp_path / "b.epub",
        {
            "mimetype": b"application/epub+zip",
            "EPUB/style.css": b"",
            "EPUB/c00001.xhtml": GOOD_PAGE,
        },
    )
    check_epub(book, 1)


@pytest.mark.parametrize(
    ("entries", "chapters", "problem"),
    [
        ({"EPUB/c00001.xhtml": GOOD_PAGE}, 1, "mimetype"),
        (
            {
                "mimetype": b"application/epub+zip",
                "EPUB/style.css": b"",
                "EPUB/c00001.xhtml": GOOD_PAGE,
            },
            2,
            "1 chapters, not 2",
        ),
        (
            {
                "mimetype": b"application/epub+zip",
                "EPUB/style.css": b"",
                "EPUB/c00001.xhtml": b"<html><p>unclosed</html>",
            },
            1,
            "mismatched tag",
        ),
        ({"mimetype": b"application/epub+zip", "EPUB/c00001.xhtml": GOOD_PAGE}, 1, "stylesheet"),
    ],
)
def test_check_names_what_is_wrong(
    tmp_path: Path, entries: dict[str, bytes], chapters: int, problem: str
) -> None:
    with pytest.raises(SelfTestFailure, match=problem):
        check_epub(_epub(tmp_path / "b.epub", entries), chapters)


def test_check_rejects_a_truncated_file(tmp_path: Path) -> None:
    book = tmp_path / "b.epub"
    book.write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(SelfTestFailure, match=r"b\.epub"):
        check_epub(book, 1)


async def test_the_self_test_runs_one_javascript_rule_in_a_worker(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from novelfetch.core.workers import pool as workers
    from novelfetch.gui.app import self_test

    pool = workers.WorkerPool(1)
    before = workers.use_shared_pool(pool)
    try:
        await self_test.check_javascript()  # the engine and the ciphers are there
        assert pool.stats.tasks == 1 and pool.pids()  # in the worker
        monkeypatch.setattr(self_test, "JS_RULE", "tag.p@text@js:result + '!'")
        with pytest.raises(SelfTestFailure, match="JavaScript rule gave"):
            await self_test.check_javascript()
        workers.use_shared_pool(workers.InProcess())
        with pytest.raises(SelfTestFailure, match="not evaluated in worker processes"):
            await self_test.check_javascript()
    finally:
        workers.use_shared_pool(before)
        pool.close()
