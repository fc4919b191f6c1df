"""Tests never touch the user's real folders (tests/user_folders.py)."""

from __future__ import annotations

import os
from pathlib import Path

from novelfetch.core.sources import default_data_dir
from novelfetch.core.store.location import old_cache_dir
from tests.cli_support import run_cli
from tests.user_folders import changed_files, real_app_folders, snapshot


def test_the_app_folders_of_a_test_are_its_own(private_user_folders: Path) -> None:
    for folder in (default_data_dir(), old_cache_dir()):
        assert folder.is_relative_to(private_user_folders), folder
    real = real_app_folders()
    assert all(folder.is_relative_to(private_user_folders) for folder in real)


async def test_a_command_line_run_writes_its_store_in_the_tests_home(
    private_user_folders: Path,
) -> None:
    result = await run_cli("library")  # opens (creates) the default chapter store
    assert result.code == 0, result.err
    written = snapshot([private_user_folders])
    assert any(path.endswith("chapters.sqlite3") for path in written), written


def test_a_change_in_a_watched_folder_is_noticed(tmp_path: Path) -> None:
    (tmp_path / "kept.txt").write_text("a")
    before = snapshot([tmp_path])
    (tmp_path / "new.sqlite3").write_text("b")
    os.utime(tmp_path / "kept.txt", ns=(0, 0))
    assert changed_files(before, snapshot([tmp_path])) == [
        str(tmp_path / "kept.txt"),
        str(tmp_path / "new.sqlite3"),
    ]
    assert changed_files(before, before) == []
