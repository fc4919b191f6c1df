"""The wheel carries the resources the app loads at run time."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_wheel_contains_package_and_resources(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
    )
    [wheel] = tmp_path.glob("novelfetch-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        "novelfetch/__main__.py",
        "novelfetch/core/jobs/downloader.py",
        "novelfetch/gui/window/main_window.py",
        "novelfetch/resources/epub/style.css",
        "novelfetch/resources/icons/hicolor/scalable/apps/io.github.novelfetch.NovelFetch.svg",
        "novelfetch/resources/sample/rules/sample-site.legado.json",
        "novelfetch/resources/sample/rules/sample-site.sonovel.json",
        # Compiled by hatch_build.py: the Chinese interface and the English plural forms.
        "novelfetch/resources/translations/novelfetch_zh_CN.qm",
        "novelfetch/resources/translations/novelfetch_en.qm",
    }
    assert expected <= names, expected - names
    assert not any(name.startswith(("tests/", "app/")) for name in names)
