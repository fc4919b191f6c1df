"""clean_text / clean_line: raw web text in, clean paragraphs out, every real character kept."""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from novelfetch.core.text.cleaning import clean_line, clean_text, single_line, strip_invalid_chars

FAMILY = "👨\u200d👩\u200d👧"  # one ZWJ sequence, five code points
RTL = "\u200fשלום עולם\u200e"
# What cleaning drops by design: controls, lone surrogates, and the noncharacters U+FFFE and
# U+FFFF, which XML 1.0 cannot hold (hypothesis found U+FFFE missing from this list).
JUNK = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


# -- entities and tags ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a &amp; b", "a & b"),
        ("&lt;b&gt;bold?&lt;/b&gt;", "<b>bold?</b>"),  # escaped markup is text, not a tag
        ("&#20320;&#x597D;", "你好"),
        ("&quot;hi&quot; &hellip;", '"hi" …'),
        ("&amp;nbsp;", "&nbsp;"),  # double-escaped: decoded exactly once
        ("&amp;lt;", "&lt;"),
        ("AT&T & co", "AT&T & co"),
    ],
)
def test_entities_are_decoded_once(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "一<br>二<BR/>三<br />四",
        "一<p>二</p>三<P class='x'>四</p>",
        "<p>一</p><p>二</p>\n<p>三</p><p></p><br><br>四",
    ],
)
def test_br_and_p_tags_become_paragraph_breaks(raw: str) -> None:
    assert clean_text(raw) == "一\n二\n三\n四"


def test_other_tags_are_dropped_but_their_text_kept() -> None:
    raw = '<div><span class="a">甲</span><script>alert(1)</script><a href="/x">乙</a></div>'
    assert clean_text(raw) == "甲alert(1)乙"


def test_pre_and_param_are_not_mistaken_for_p() -> None:
    assert clean_text("a<pre>b</pre>c<param name=x>d") == "abcd"


@pytest.mark.parametrize(
    "text",
    ["a < b > c", "1<2", "x <= y >= z", "<<>>", "<>", "< p >", "3<4 and 5>4", "<3y>", "i <3 u"],
)
def test_text_that_only_looks_like_markup_survives(text: str) -> None:
    assert clean_text(text) == text


# -- line ends, control characters, surrogates ------------------------------------------------


def test_line_ends_are_normalised() -> None:
    assert clean_text("一\r\n二\r三\n四\u2028五\u2029六") == "一\n二\n三\n四\n五\n六"


def test_control_characters_are_removed() -> None:
    raw = "a\x00b\x07c\x0bd\x0ce\x1bf\x7fg\x80h\x85i\x9fj\ufeffk"
    assert clean_text(raw) == "abcdefghijk"


def test_entity_decoded_control_characters_and_returns_are_handled() -> None:
    assert clean_text("a&#1;b&#13;c&#x7f;d") == "ab\ncd"


def test_lone_surrogates_are_dropped_and_split_pairs_rejoined() -> None:
    assert clean_text("a\ud800b\udfffc") == "abc"
    assert clean_text("smile \ud83d\ude00!") == "smile \U0001f600!"


# -- whitespace -------------------------------------------------------------------------------


def test_indentation_and_trailing_space_of_every_kind_is_stripped() -> None:
    raw = "\u3000\u3000第一段\u3000 \n    第二段\xa0\xa0\n\t&nbsp;&nbsp;第三段 \r\n"
    assert clean_text(raw) == "第一段\n第二段\n第三段"


def test_runs_of_spaces_and_tabs_inside_a_paragraph_collapse() -> None:
    assert clean_text("one  two\t\tthree \t four\xa0five") == "one two three four five"


def test_inner_full_width_space_is_kept() -> None:
    assert clean_text("第一章\u3000开始") == "第一章\u3000开始"


def test_empty_and_blank_paragraphs_are_dropped() -> None:
    assert clean_text("\n\n一\n \n\u3000\n\xa0\n\t\n二\n\n") == "一\n二"
    assert clean_text("") == ""
    assert clean_text(" \n\u3000\r\n<br><p></p>&nbsp;") == ""


# -- real characters are kept -----------------------------------------------------------------


def test_cjk_emoji_zwj_and_rtl_text_are_kept_exactly() -> None:
    text = f"你好，世界！{FAMILY}\n{RTL}\n𠀀𪚥 ❤️ 🇨🇳"
    assert clean_text(text) == text


def test_very_long_paragraph_is_kept_whole() -> None:
    paragraph = ("天地玄黄宇宙洪荒" * 1250)[:10_000]
    assert clean_text(f"\u3000\u3000{paragraph}\n短") == f"{paragraph}\n短"


# -- clean_line -------------------------------------------------------------------------------


def test_clean_line_folds_everything_onto_one_line() -> None:
    assert clean_line("  第一章\n\n<b>开始</b>&amp;结束\r\n ") == "第一章 开始&结束"
    assert clean_line("\u3000") == ""


# -- the exporters' non-interpreting helpers --------------------------------------------------


def test_strip_invalid_chars_removes_only_what_xml_cannot_hold() -> None:
    text = "<b>&amp;</b> ]]> \x00\x08\x0b\x1f\x7f\x9f\ud800\ufffe\uffff 好\t\n"
    assert strip_invalid_chars(text) == "<b>&amp;</b> ]]>  好\t\n"


def test_single_line_keeps_markup_text_and_folds_line_breaks() -> None:
    assert single_line(" <c>&amp;\r\n\n卷一\x01 ") == "<c>&amp; 卷一"


# -- properties -------------------------------------------------------------------------------

# Plain text without the two characters that start markup or entities: cleaning must then be
# pure whitespace/control normalisation.
plain_text = st.text(
    alphabet=st.characters(blacklist_characters="&<", blacklist_categories=()), max_size=300
)


def _visible(text: str) -> str:
    return "".join(ch for ch in JUNK.sub("", text.replace("\ufeff", "")) if not ch.isspace())


@given(plain_text)
def test_property_every_visible_character_is_kept_in_order(raw: str) -> None:
    assert _visible(clean_text(raw)) == _visible(raw)


@given(plain_text)
def test_property_cleaning_is_idempotent(raw: str) -> None:
    once = clean_text(raw)
    assert clean_text(once) == once


@given(st.text(max_size=300))
def test_property_output_shape(raw: str) -> None:
    cleaned = clean_text(raw)
    assert JUNK.search(cleaned) is None
    assert "\r" not in cleaned and "\t" not in cleaned and "  " not in cleaned
    for paragraph in cleaned.split("\n") if cleaned else []:
        assert paragraph and paragraph == paragraph.strip()
    assert "\n" not in clean_line(raw)


# -- speed ------------------------------------------------------------------------------------


def test_a_large_book_cleans_quickly() -> None:
    """5,000 chapters of ~3,000 characters: a per-character Python loop would take many seconds."""
    sentence = "他说：“天地玄黄，宇宙洪荒…”日月盈昃，辰宿列张。"
    base = "&nbsp;" * 4 + sentence.replace("…", "&hellip;") + "<br><br>\r\n"
    chapters = [f"第{i}章\r\n" + base * 60 for i in range(100)]  # distinct strings, ~3,000 chars
    assert 3_000 <= len(chapters[0]) < 4_500
    start = time.perf_counter()
    for i in range(5_000):
        clean_text(chapters[i % 100])
    elapsed = time.perf_counter() - start
    assert elapsed < 3.0, f"cleaning 5,000 chapters took {elapsed:.2f} s"
    assert clean_text(chapters[0]).split("\n")[1] == sentence


def test_literal_angle_bracket_text_is_kept() -> None:
    # Not HTML: a title like "../a/b:<c>" or a novel about programming keeps its characters.
    assert clean_line("../a/b:<c>|?* <T> <vector>") == "../a/b:<c>|?* <T> <vector>"
