"""Book covers: a site's image checked before it goes into a book, or one drawn for the book.

Sites answer a cover address with all sorts: an HTML error page, zero bytes, a JPEG cut off
half way, a BMP. A file whose magic bytes look right but which does not decode makes the
EPUB invalid (epubcheck PKG-021, "corrupted image") and shows as a broken image on a shelf,
so each cover is decoded in full (Pillow) before it is written: a cover that does not decode
is dropped with a note; one that decodes but is not an EPUB core image type is converted to
PNG. A book left without a usable cover gets one drawn: its title and author on a plain
design, so every book looks like a book on a reader's shelf.

Why a PNG drawn here rather than an SVG cover with the text in it: readers' shelves (Kobo,
Apple Books, calibre's thumbnails, KOReader's cover browser) rasterise a cover image, and
several ignore or mis-render an SVG one; a PNG shows everywhere. Drawing Chinese text needs
a CJK font: the system's (fonts-noto-cjk on Debian and Ubuntu, installed by ``.ci/run``;
PingFang on macOS; YaHei on Windows). Shipping one would add 16+ MB to the bundle for a
cover. Without a font that has the title's characters, no cover is drawn (the book is
still valid, just without a picture).
"""

from __future__ import annotations

import functools
import hashlib
import io
import logging
import os
import textwrap
from pathlib import Path

log = logging.getLogger(__name__)

# EPUB 3 core media types for images, by Pillow's format name.
CORE_FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
MAX_PIXELS = 40_000_000  # a decompression bomb is not a cover
COVER_SIZE = (600, 900)
# Plain, muted backgrounds; the title's hash picks one, so a book keeps its colour.
_PALETTE = ((46, 64, 87), (94, 56, 63), (52, 78, 65), (88, 74, 50), (60, 60, 84), (70, 70, 70))
_CJK_FONT_PATTERNS = (
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/System/Library/Fonts/PingFang.ttc",
    "/System/Library/Fonts/STHeiti Medium.ttc",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simsun.ttc",
)
#: Set to a font file to use it (tests use it to simulate a machine without CJK fonts).
FONT_ENVIRONMENT = "NOVELFETCH_COVER_FONT"


def checked_cover(data: bytes | None) -> tuple[bytes | None, str]:
    """The cover as it may go into a book, and a note when it was dropped or converted.

    ``(data, "")`` for a JPEG/PNG/GIF/WebP that decodes in full; PNG bytes for another
    image format that decodes; ``(None, why)`` for anything else (``(None, "")`` for None).
    """
    if data is None:
        return None, ""
    if not data:
        return None, "the cover was empty (0 bytes); left out"
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_PIXELS or not image.width or not image.height:
                return None, f"the cover is {image.width}×{image.height} pixels; left out"
            image.load()  # decodes every byte: a truncated file fails here
            kind = image.format or ""
            if kind in CORE_FORMATS:
                return data, ""
            converted = io.BytesIO()
            image.convert("RGBA" if "A" in image.getbands() else "RGB").save(converted, "PNG")
            return converted.getvalue(), f"the cover was {kind or 'an unusual image'}; converted"
    except UnidentifiedImageError:
        return None, "the cover address did not answer with an image; left out"
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as error:
        return None, f"the cover image is damaged ({error}); left out"


def _font_candidates() -> tuple[str, ...]:
    return _fonts_on_this_machine(os.environ.get(FONT_ENVIRONMENT))


@functools.lru_cache(maxsize=4)
def _fonts_on_this_machine(chosen: str | None) -> tuple[str, ...]:
    """Font files worth trying, searched once per process (a folder walk is slow)."""
    if chosen is not None:
        return (chosen,) if chosen else ()
    found = [path for path in _CJK_FONT_PATTERNS if Path(path).is_file()]
    for folder in ("/usr/share/fonts", "/usr/local/share/fonts", str(Path.home() / ".fonts")):
        root = Path(folder)
        if root.is_dir():
            found += sorted(str(p) for p in root.rglob("*CJK*") if p.suffix in (".ttc", ".otf"))
    return tuple(dict.fromkeys(found))


@functools.lru_cache(maxsize=8)
def _font(path: str, size: int):
    from PIL import ImageFont

    return ImageFont.truetype(path, size)


def _has_glyphs(path: str, text: str) -> bool:
    """Whether the font draws every character of ``text`` (not the 'missing' box)."""
    font = _font(path, 40)
    missing = font.getmask("\U0010fffd").getbbox()
    for char in set(text):
        if char.isspace():
            continue
        box = font.getmask(char).getbbox()
        if box is None or (box == missing and char.isalnum() and not char.isascii()):
            return False
    return True


def find_font(text: str) -> str | None:
    """A font file on this machine that has every character of ``text``, or None."""
    for path in _font_candidates():
        try:
            if _has_glyphs(path, text):
                return path
        except OSError:
            continue
    return None


def _wrapped(text: str, width: int) -> list[str]:
    if any(ord(char) > 0x2E7F for char in text):  # CJK: any character may end a line
        return [text[i : i + width] for i in range(0, len(text), width)] or [""]
    return textwrap.wrap(text, width * 2) or [""]


def generated_cover(title: str, author: str = "") -> bytes | None:
    """A PNG cover showing ``title`` and ``author``; None when no font here can draw them."""
    title = " ".join(title.split())[:60] or "?"
    author = " ".join(author.split())[:40]
    font_path = find_font(title + author)
    if font_path is None:
        log.info("no font with the characters of %r: no cover drawn", title)
        return None
    from PIL import Image, ImageDraw

    width, height = COVER_SIZE
    digest = hashlib.sha1(title.encode("utf-8")).digest()
    background = _PALETTE[digest[0] % len(_PALETTE)]
    image = Image.new("RGB", COVER_SIZE, background)
    draw = ImageDraw.Draw(image)
    ink = (244, 238, 224)
    draw.rectangle((30, 30, width - 31, height - 31), outline=ink, width=3)
    draw.rectangle((42, 42, width - 43, height - 43), outline=ink, width=1)
    lines = _wrapped(title, 7)
    size = 64 if len(lines) <= 3 else 48
    lines = _wrapped(title, 7 if size == 64 else 9)[:6]
    title_font = _font(font_path, size)
    top = 200 - (len(lines) - 1) * size // 4
    for number, line in enumerate(lines):
        position = (width / 2, top + number * size * 1.3)
        draw.text(position, line, font=title_font, fill=ink, anchor="mt")
    if author:
        draw.line((width / 2 - 60, height - 230, width / 2 + 60, height - 230), fill=ink, width=2)
        author_font = _font(font_path, 34)
        draw.text((width / 2, height - 190), author, font=author_font, fill=ink, anchor="mt")
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()
