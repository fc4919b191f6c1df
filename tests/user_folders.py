"""Every test runs with a home and XDG folders of its own, never the user's real ones.

The real folders (where a user's chapter store, library, sources, queue and settings live) are
noted when the suite starts; the suite fails if any file in them changed by the end, naming the
files, so a test that escapes the isolation cannot go unnoticed.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from platformdirs import user_cache_dir, user_config_dir, user_data_dir, user_state_dir

#: What each test's environment points at a fresh folder (subprocesses inherit it).
FOLDER_VARIABLES = ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME")


def real_app_folders() -> list[Path]:
    """The folders the app writes to for the user running the suite (as it starts)."""
    return [
        Path(user_data_dir("novelfetch", appauthor=False)),
        Path(user_cache_dir("novelfetch", appauthor=False)),
        Path(user_state_dir("novelfetch", appauthor=False)),
        Path(user_config_dir("novelfetch", appauthor=False)),
        Path(user_config_dir("NovelFetch", appauthor=False)),  # QSettings("NovelFetch", ...)
    ]


Snapshot = dict[str, tuple[int, int]]


def snapshot(folders: list[Path]) -> Snapshot:
    """Every file under ``folders``: its size and modification time."""
    files: Snapshot = {}
    for folder in folders:
        for root, _, names in os.walk(folder):
            for name in names:
                path = os.path.join(root, name)
                try:
                    status = os.stat(path)
                except OSError:
                    continue
                files[path] = (status.st_size, status.st_mtime_ns)
    return files


def changed_files(before: Snapshot, after: Snapshot) -> list[str]:
    return sorted(
        path for path in before.keys() | after.keys() if before.get(path) != after.get(path)
    )


@pytest.fixture(autouse=True)
def private_user_folders(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """HOME and the XDG folders of this test, under a temporary folder of its own."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    for variable in FOLDER_VARIABLES:
        monkeypatch.setenv(variable, str(home / variable.lower()))
    yield home
