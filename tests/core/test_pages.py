"""Reading a page's bytes as a browser would: header, then <meta>, then detection."""

from __future__ import annotations

import pytest

from novelfetch.core.net.walls import BlockedError
from novelfetch.core.sources.rules.pages import Page, check_not_blocked, decode_page

TEXT = "第一章 少年握紧了剑柄，掌心里全是汗。" * 20


def page(charset_meta: str = "") -> str:
    meta = f'<meta charset="{charset_meta}">' if charset_meta else ""
    return f"<html><head>{meta}<title>书</title></head><body><p>{TEXT}</p></body></html>"


def test_the_http_header_wins_over_the_meta_tag() -> None:
    body = page("utf-8").encode("gb18030")
    text, charset = decode_page(body, "text/html; charset=GBK")
    assert charset == "gb18030" and TEXT in text


def test_a_meta_charset_is_read_when_the_header_names_none() -> None:
    text, charset = decode_page(page("gb2312").encode("gb18030"), "text/html")
    assert charset == "gb18030" and TEXT in text


def test_undeclared_gbk_is_detected_and_the_next_page_reuses_what_was_found() -> None:
    body = page().encode("gb18030")
    text, charset = decode_page(body)
    assert TEXT in text and charset == "gb18030"
    assert decode_page(body, seen=charset) == (text, charset)
    # A page the remembered charset cannot read is detected afresh, never garbled.
    utf8 = page().encode("utf-8")
    assert decode_page(utf8, seen="ascii") == (page(), "utf-8")


@pytest.mark.parametrize(
    "wall",
    [
        "<title>Just a moment...</title><div id='challenge-platform'></div>",
        "<form><div class='g-recaptcha'></div>请输入验证码</form>",
    ],
)
def test_an_anti_bot_page_is_refused(wall: str) -> None:
    with pytest.raises(BlockedError, match="anti-bot check"):
        check_not_blocked(Page("https://example.org/1.html", f"<html>{wall}</html>", "utf-8"))


def test_a_long_chapter_that_mentions_a_captcha_is_a_chapter() -> None:
    long_text = "他输入了验证码。请输入验证码" + "正文" * 20_000
    page_ = Page("https://example.org/1.html", long_text, "utf-8")
    assert check_not_blocked(page_) is page_
