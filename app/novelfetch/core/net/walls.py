"""Recognising an anti-bot wall (a Cloudflare check, a captcha) in place of the page asked for.

Such a page is an answer, not a chapter: it is reported, never stored as text. Markers are
looked for in short pages only, so a long chapter whose story mentions a captcha is kept.
"""

from __future__ import annotations

from novelfetch.core.errors import PermanentFetchError

WALL_MARKERS = (
    "just a moment...",
    "cf-browser-verification",
    "challenge-platform",
    "cf_chl_",
    "attention required! | cloudflare",
    "ddos protection by",
    "g-recaptcha",
    "h-captcha",
    "hcaptcha.com",
    "请完成安全验证",
    "人机验证",
    "安全验证",
    "滑动验证",
    "请输入验证码",
)
WALL_PAGE_MAX_CHARS = 30_000


class BlockedError(PermanentFetchError):
    """The site answered with an anti-bot check or a captcha instead of the page.

    Not retried: asking again at once only deepens the block.
    """


def wall_marker(text: str) -> str | None:
    """The telltale found in ``text`` if it is a short anti-bot page, else None."""
    if len(text) > WALL_PAGE_MAX_CHARS:
        return None
    head = text.lower()
    return next((marker for marker in WALL_MARKERS if marker in head), None)


def blocked(where: str, marker: str) -> BlockedError:
    return BlockedError(
        f"the site answered with an anti-bot check instead of the page ({marker!r} at {where}); "
        "open the site in a browser, or try again later"
    )
