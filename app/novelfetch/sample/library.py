"""Generated books for the local sample server: deterministic, Chinese, any size."""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from functools import cache

_SENTENCES = (
    "山风从谷口吹来，带着松针和雨水的气味。",
    "他把灯芯挑亮了一些，纸上的字迹终于清楚起来。",
    "“你来得正好，”老人放下茶盏，“这盘棋还差一手。”",
    "远处的钟声响了三下，惊起一群白鹭。",
    "她没有回答，只是把那枚铜钱轻轻推到桌子中间。",
    "城门外的官道上尘土飞扬，一队骑兵正向北而去。",
    "少年握紧了剑柄，掌心里全是汗。",
    "雪下了整整一夜，到天亮时已经没过了脚踝。",
    "客栈的掌柜打着算盘，眼睛却一直盯着门口。",
    "江面上起了雾，渔船的灯火一盏一盏地熄灭了。",
    "“这条路我走过三十年，从没见过这样的天色。”",
    "书页间夹着一片干枯的银杏叶，边缘已经发脆。",
    "他忽然想起母亲说过的话：人要先学会等。",
    "院子里的桂花开了，香气一直飘到街口。",
    "马车在石桥上颠了一下，车帘掀起一角。",
    "众人面面相觑，谁也不敢先开口。",
    "月光落在青石板上，像一层薄薄的霜。",
    "信封上只有四个字：见字如面。",
    "铁匠铺里火星四溅，锤声一下紧似一下。",
    "她笑了笑，说：“明天的事，明天再说吧。”",
)
_VOLUME_NAMES = ("第一卷 风起", "第二卷 云涌", "第三卷 山河", "第四卷 归途")
_NUMERALS = "零一二三四五六七八九"


def _chinese_number(value: int) -> str:
    """1 -> 一, 15 -> 十五, 120 -> 一百二十, 2005 -> 二千零五 (up to 9999, digits beyond)."""
    if not 0 < value < 10000:
        return str(value)
    digits = [int(d) for d in str(value)]
    units = ["千", "百", "十", ""][-len(digits) :]
    out: list[str] = []
    for digit, unit in zip(digits, units, strict=True):
        if digit:
            out.append(_NUMERALS[digit] + unit)
        elif out and out[-1] != "零":
            out.append("零")
    text = "".join(out).rstrip("零")
    return text[1:] if text.startswith("一十") else text


@dataclass(frozen=True, slots=True)
class SampleBook:
    book_id: str
    title: str
    author: str
    intro: str
    chapter_count: int
    chars_per_chapter: int = 3000
    chapters_per_volume: int = 0  # 0: the catalog names no volumes
    paid_from: int | None = None  # chapters at or after this 1-based index are paid
    has_cover: bool = True
    cover_url: str = ""  # served as the cover address instead of the server's own, if set

    def chapter_id(self, index: int) -> str:
        # Real chapter IDs are large and not consecutive; mimic that.
        return str(1_500_000_000 + index * 37)

    def index_of(self, chapter_id: str) -> int | None:
        try:
            offset = int(chapter_id) - 1_500_000_000
        except ValueError:
            return None
        index, rest = divmod(offset, 37)
        return index if rest == 0 and 1 <= index <= self.chapter_count else None

    def chapter_title(self, index: int) -> str:
        return f"第{_chinese_number(index)}章 {_SENTENCES[index % len(_SENTENCES)][:6]}"

    def volume(self, index: int) -> str:
        if not self.chapters_per_volume:
            return ""
        number = (index - 1) // self.chapters_per_volume
        return _VOLUME_NAMES[number % len(_VOLUME_NAMES)] + ("" if number < 4 else f" {number}")

    def is_paid(self, index: int) -> bool:
        return self.paid_from is not None and index >= self.paid_from

    def chapter_text(self, index: int) -> str:
        return _chapter_text(self.book_id, index, self.chars_per_chapter)


@cache
def _paragraph_pool() -> tuple[str, ...]:
    # A fixed pool of paragraphs keeps generation cheap, so the server never dominates a
    # benchmark that shares its process.
    pool = []
    for start in range(len(_SENTENCES)):
        size = 3 + start % 4
        pool.append("".join(_SENTENCES[(start + k * 7) % len(_SENTENCES)] for k in range(size)))
    return tuple(pool)


def _chapter_text(book_id: str, index: int, length: int) -> str:
    pool = _paragraph_pool()
    seed = (zlib.crc32(book_id.encode()) + index * 2654435761) & 0xFFFFFFFF
    paragraphs: list[str] = []
    total = 0
    while total < length:
        seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
        # The high bits: an LCG's low bits repeat with a short period.
        paragraph = pool[(seed >> 16) % len(pool)]
        paragraphs.append("\u3000\u3000" + paragraph)
        total += len(paragraph) + 3
    return "\n".join(paragraphs)


def cover_png(book_id: str, width: int = 60, height: int = 80) -> bytes:
    """A small solid-colour PNG, tinted by book ID, made without an imaging library."""
    tint = zlib.crc32(book_id.encode())
    pixel = bytes(((tint >> 16) & 0xFF, (tint >> 8) & 0xFF, tint & 0xFF))
    raw = b"".join(b"\x00" + pixel * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def default_library() -> dict[str, SampleBook]:
    """The books the offline ``sample`` source offers."""
    books = [
        SampleBook(
            "1",
            "青云山海录",
            "林间客",
            "少年沈砚离开小镇，踏上寻找师门旧物的旅程。\n一部用来试用 NovelFetch 的示例小说。",
            chapter_count=120,
            chapters_per_volume=40,
        ),
        SampleBook(
            "2",
            "长河夜渡",
            "白石",
            "两千章的长篇示例，用来看看大部头的下载进度。",
            chapter_count=2000,
            chars_per_chapter=2000,
        ),
        SampleBook(
            "3",
            "半卷残书",
            "佚名",
            "前二十章免费，之后的章节需要付费：示例付费章节如何被跳过。",
            chapter_count=30,
            paid_from=21,
        ),
    ]
    return {book.book_id: book for book in books}
