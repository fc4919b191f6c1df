"""Book ID and address parsing for the Baidu source."""

from __future__ import annotations

import pytest

from novelfetch.core.errors import BadInputError
from novelfetch.core.sources import SourceRegistry
from novelfetch.core.sources.baidu import BaiduSource


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4308080950", "4308080950"),
        ("  4308080950\n", "4308080950"),
        ("https://dushu.baidu.com/pc/detail?gid=4308080950", "4308080950"),
        ("https://dushu.baidu.com/pc/reader?gid=4308080950&cid=1569782244", "4308080950"),
        ("dushu.baidu.com/pc/detail?gid=123", "123"),
        ("http://DUSHU.BAIDU.COM/pc/reader?cid=1&gid=77#top", "77"),
    ],
)
def test_parses_ids_and_addresses(text: str, expected: str) -> None:
    assert BaiduSource.parse_book_id(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "abc",
        "12 34",
        "-5",
        "https://dushu.baidu.com/pc/detail",
        "https://dushu.baidu.com/pc/detail?gid=abc",
        "https://evil.example.com/pc/detail?gid=123",
        "../../etc/passwd",
    ],
)
def test_rejects_malformed_input_with_its_own_error(text: str) -> None:
    with pytest.raises(BadInputError):
        BaiduSource.parse_book_id(text)


def test_unknown_source_is_bad_input() -> None:
    with pytest.raises(BadInputError, match="unknown source 'nope'"):
        SourceRegistry.builtin_only().get("nope")
