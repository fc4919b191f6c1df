"""Chapter ranges as users type them."""

from __future__ import annotations

import pytest

from novelfetch.core.errors import BadInputError
from novelfetch.core.jobs.selection import parse_range, select_chapters
from novelfetch.core.models import Chapter


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("1-100", (1, 100)),
        ("50-", (50, 120)),
        ("-20", (1, 20)),
        ("7", (7, 7)),
        (" 3 - 9 ", (3, 9)),
        ("100-120", (100, 120)),
    ],
)
def test_ranges(spec: str, expected: tuple[int, int]) -> None:
    assert parse_range(spec, 120) == expected


@pytest.mark.parametrize("spec", ["", "-", "a-b", "0-5", "9-3", "1-2-3", "121-"])
def test_bad_ranges(spec: str) -> None:
    with pytest.raises(BadInputError):
        parse_range(spec, 120)


@pytest.mark.parametrize("spec", ["100-500", "-121", "121"])
def test_a_range_past_the_end_is_refused_naming_the_chapter_count(spec: str) -> None:
    with pytest.raises(BadInputError, match="the book has 120 chapters"):
        parse_range(spec, 120)
    with pytest.raises(BadInputError, match="the book has 1 chapter;"):
        parse_range("1-2", 1)


def test_select_keeps_order() -> None:
    chapters = [Chapter(i, str(i), str(i)) for i in range(1, 11)]
    assert [c.index for c in select_chapters(chapters, "3-5")] == [3, 4, 5]
    assert select_chapters(chapters, None) == chapters
