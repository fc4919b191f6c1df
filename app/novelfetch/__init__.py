"""NovelFetch: save offline reading copies of web novels as EPUB or TXT."""

from __future__ import annotations

from functools import cache


@cache
def _installed_version() -> str:
    # importlib.metadata scans every installed distribution: ~30 ms that the command line
    # would pay at every start for a value only --version and the About box show.
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("novelfetch")
    except PackageNotFoundError:  # running from a source checkout that was never installed
        return "0+unknown"


def __getattr__(name: str) -> str:
    """``__version__``, looked up on first use."""
    if name == "__version__":
        return _installed_version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
