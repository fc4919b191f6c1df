"""NovelFetch: save offline reading copies of web novels as EPUB or TXT."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("novelfetch")
except PackageNotFoundError:  # running from a source checkout that was never installed
    __version__ = "0+unknown"
