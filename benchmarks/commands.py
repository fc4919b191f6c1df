"""The command lines the cases run, in one place so every case runs the pipeline the same way."""

from __future__ import annotations

from pathlib import Path

from .sample_api import BOOK_ID


def download_arguments(api_base: str, jobs: int, workdir: Path) -> list[str]:
    """``novelfetch download`` arguments, as a user runs it: EPUB, a fresh store, quiet.

    ``workdir`` must be new and empty: the store in it starts empty, so every chapter is
    fetched, and the book is written into it.
    """
    return [
        "download",
        BOOK_ID,
        "--api-base",
        api_base,
        "-j",
        str(jobs),
        "-f",
        "epub",
        "-o",
        str(workdir / "books"),
        "--cache-dir",
        str(workdir / "store"),
        "-q",
    ]


def cli_command(api_base: str, jobs: int, workdir: Path) -> list[str]:
    """``python -m novelfetch download …`` (without the interpreter)."""
    return ["-m", "novelfetch", *download_arguments(api_base, jobs, workdir)]


def store_folder(workdir: Path) -> Path:
    return workdir / "store"
