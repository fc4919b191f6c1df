"""Sources: built-in adapters and imported rule files, reached through one registry.

The names below load on first use: a worker process evaluating rules imports
``core.sources.rules`` and must not pay for the registry and aiohttp, which it never uses
(about 140 ms of every worker's start, several times that on a busy machine).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from novelfetch.core.sources.base import Source, SourceSettings, SupportsSearch
    from novelfetch.core.sources.registry import (
        BUILTIN_ADAPTERS,
        DEFAULT_SOURCE,
        SourceEntry,
        SourceKind,
        SourceRegistry,
    )
    from novelfetch.core.user_folders import default_data_dir

_WHERE = {
    "Source": "novelfetch.core.sources.base",
    "SourceSettings": "novelfetch.core.sources.base",
    "SupportsSearch": "novelfetch.core.sources.base",
    "BUILTIN_ADAPTERS": "novelfetch.core.sources.registry",
    "DEFAULT_SOURCE": "novelfetch.core.sources.registry",
    "SourceEntry": "novelfetch.core.sources.registry",
    "SourceKind": "novelfetch.core.sources.registry",
    "SourceRegistry": "novelfetch.core.sources.registry",
    "default_data_dir": "novelfetch.core.user_folders",
}

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


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_WHERE[name]), name)
    globals()[name] = value
    return value
