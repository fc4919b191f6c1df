"""The source registry: adding a source means one module and one line here."""

from __future__ import annotations

from ..errors import BadInputError
from .baidu import BaiduSource
from .base import Source, SourceSettings
from .sample import SampleSource

SOURCES: dict[str, type[Source]] = {source.name: source for source in (BaiduSource, SampleSource)}


def source_class(name: str) -> type[Source]:
    try:
        return SOURCES[name]
    except KeyError:
        choices = ", ".join(SOURCES)
        raise BadInputError(f"unknown source {name!r} (choose {choices})") from None


__all__ = ["SOURCES", "Source", "SourceSettings", "source_class"]
