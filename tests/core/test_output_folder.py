"""The output folder rule both front ends share: made if missing, a clear error if it can't be."""

from __future__ import annotations

from pathlib import Path

import pytest

from novelfetch.core.errors import ExportError
from novelfetch.core.export import check_output_folder, prepare_output_folder


def test_missing_folders_are_made(tmp_path: Path) -> None:
    prepare_output_folder(tmp_path / "a" / "b")
    assert (tmp_path / "a" / "b").is_dir()
    prepare_output_folder(tmp_path / "a" / "b")  # already there: fine


def test_a_file_in_the_way_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("x")
    with pytest.raises(ExportError, match=r"cannot create the output folder .*a-file/books: "):
        prepare_output_folder(tmp_path / "a-file" / "books")


def test_the_check_before_a_download_makes_nothing_and_finds_the_same(tmp_path: Path) -> None:
    check_output_folder(tmp_path / "new" / "books")  # would be made: fine, and not made yet
    assert not (tmp_path / "new").exists()
    (tmp_path / "a-file").write_text("x")
    with pytest.raises(ExportError, match=r"cannot create the output folder .*a-file/books: "):
        check_output_folder(tmp_path / "a-file" / "books")
