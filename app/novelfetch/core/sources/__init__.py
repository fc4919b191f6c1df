"""Sources: built-in adapters and imported rule files, reached through one registry."""

from __future__ import annotations

from novelfetch.core.sources.base import Source, SourceSettings, SupportsSearch
from novelfetch.core.sources.registry import (
    BUILTIN_ADAPTERS,
    DEFAULT_SOURCE,
    SourceEntry,
    SourceKind,
    SourceRegistry,
)
from novelfetch.core.user_folders import default_data_dir

__all__ = [
    "BUILTIN_ADAPTERS",
    "DEFAULT_SOURCE",
    "Source",
    "SourceEntry",
    "SourceKind",
    "SourceRegistry",
    "SourceSettings",
    "SupportsSearch",
    "default_data_dir",
]
