"""The output folder rule both front ends share: made if missing, a clear error if it can't be."""

from __future__ import annotations

from pathlib import Path

import pytest

from novelfetch.core.errors import ExportError
from novelfetch.core.export import prepare_output_folder


def test_missing_folders_are_made(tmp_path: Path) -> None:
    prepare_output_folder(tmp_path / "a" / "b")
    assert (tmp_path / "a" / "b").is_dir()
    prepare_output_folder(tmp_path / "a" / "b")  # already there: fine


def test_a_file_in_the_way_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("x")
    with pytest.raises(ExportError, match=r"cannot create the output folder .*a-file/books: "):
        prepare_output_folder(tmp_path / "a-file" / "books")
