"""The pure functions of Legado's ``java`` object: encodings, digests, ciphers, time, 简繁.

Each is named after the Legado method it stands for (JsExtensions.kt, JsEncodeUtils.kt) and
behaves as it does there: strings in and out, UTF-8 unless a charset is named, Android's
Base64 flags, hutool's "hex or Base64" input for ciphers. Nothing here touches the network.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import html
import re
import time
import uuid
from datetime import UTC, datetime, timedelta, timezone
from urllib.parse import quote_plus, unquote_plus

from Crypto.Cipher import AES, DES, DES3
from Crypto.Util.Padding import pad, unpad

from novelfetch.core.sources.rules.closed_patterns import ClosedPattern

# Android's android.util.Base64 flags (Legado passes them through from scripts).
_NO_PADDING, _NO_WRAP, _URL_SAFE = 1, 2, 8
_HEX = re.compile(r"^(?:[0-9a-fA-F]{2})+$")


def charset_of(name: str | None) -> str:
    """A Java charset name as Python knows it (GBK, gb2312, UTF-8 …)."""
    name = (name or "utf-8").strip() or "utf-8"
    return "gb18030" if name.lower() in ("gbk", "gb2312") else name


def encode_uri(text: str, charset: str | None = None) -> str:
    """Java's ``URLEncoder.encode``: letters, digits and ``.-*_`` stay, space is ``+``."""
    return quote_plus(text, safe="*", encoding=charset_of(charset)).replace("~", "%7E")


def decode_uri(text: str, charset: str | None = None) -> str:
    return unquote_plus(text, encoding=charset_of(charset))


def base64_encode(text: str, flags: int = _NO_WRAP, charset: str | None = None) -> str:
    return _b64encode(text.encode(charset_of(charset)), flags)


def _b64encode(data: bytes, flags: int = _NO_WRAP) -> str:
    encoded = base64.urlsafe_b64encode(data) if flags & _URL_SAFE else base64.b64encode(data)
    out = encoded.decode("ascii")
    if flags & _NO_PADDING:
        out = out.rstrip("=")
    if not flags & _NO_WRAP:  # Android's DEFAULT: a newline every 76 characters and at the end
        out = "".join(out[i : i + 76] + "\n" for i in range(0, len(out), 76))
    return out


def base64_bytes(text: str) -> bytes:
    """Android's lenient decoder: URL-safe or not, padding optional, whitespace ignored."""
    cleaned = re.sub(r"\s+", "", text).replace("-", "+").replace("_", "/")
    cleaned += "=" * (-len(cleaned) % 4)
    return base64.b64decode(cleaned)


_NOT_BASE64 = re.compile(r"[^A-Za-z0-9+/_-]")


def hutool_base64_bytes(text: str) -> bytes:
    """hutool's ``Base64.decode`` (Legado's ``java.base64Decode(s)``, and a cipher's Base64
    input): any character outside the alphabet is skipped (padding, spaces, any other), and
    a last lone character gives nothing; it never fails."""
    cleaned = _NOT_BASE64.sub("", text).replace("-", "+").replace("_", "/")
    cleaned = cleaned[: len(cleaned) - len(cleaned) % 4] if len(cleaned) % 4 == 1 else cleaned
    return base64.b64decode(cleaned + "=" * (-len(cleaned) % 4))


def base64_decode(text: str, charset: str | None = None) -> str:
    return hutool_base64_bytes(text).decode(charset_of(charset), errors="replace")


def hex_encode(text: str, charset: str | None = None) -> str:
    return text.encode(charset_of(charset)).hex()


def hex_decode(text: str, charset: str | None = None) -> str:
    return binascii.unhexlify(text.strip()).decode(charset_of(charset), errors="replace")


def md5_encode(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()


def md5_encode16(text: str) -> str:
    return md5_encode(text)[8:24]


def _hash_name(algorithm: str) -> str:
    name = algorithm.lower().replace("-", "").replace("_", "").removeprefix("hmac")
    if name not in hashlib.algorithms_available:
        raise ValueError(f"unknown digest algorithm {algorithm!r}")
    return name


def digest_hex(data: str, algorithm: str) -> str:
    return hashlib.new(_hash_name(algorithm), data.encode()).hexdigest()


def digest_base64(data: str, algorithm: str) -> str:
    return _b64encode(hashlib.new(_hash_name(algorithm), data.encode()).digest())


def hmac_hex(data: str, algorithm: str, key: str) -> str:
    return hmac.new(key.encode(), data.encode(), _hash_name(algorithm)).hexdigest()


def hmac_base64(data: str, algorithm: str, key: str) -> str:
    return _b64encode(hmac.new(key.encode(), data.encode(), _hash_name(algorithm)).digest())


# --- symmetric ciphers (hutool's SymmetricCrypto as Legado uses it) ------------------------

_CIPHERS = {"AES": AES, "DES": DES, "DESEDE": DES3, "3DES": DES3, "TRIPLEDES": DES3}


def _cipher(transformation: str, key: bytes, iv: bytes | None):  # type: ignore[no-untyped-def]
    parts = [part.strip().upper() for part in transformation.split("/")]
    algorithm = _CIPHERS.get(parts[0])
    if algorithm is None:
        raise ValueError(f"unsupported cipher {transformation!r}")
    mode_name = parts[1] if len(parts) > 1 else "ECB"
    padding = parts[2] if len(parts) > 2 else "PKCS5PADDING"
    mode = getattr(algorithm, f"MODE_{mode_name}", None)
    if mode is None:
        raise ValueError(f"unsupported cipher mode {transformation!r}")
    if algorithm is not AES:
        algorithm, key = _des_key(algorithm, key)
    if mode_name == "ECB":
        cipher = algorithm.new(key, mode)
    elif mode_name == "CTR":
        cipher = algorithm.new(key, mode, nonce=b"", initial_value=iv or b"")
    else:
        block = algorithm.block_size
        cipher = algorithm.new(key, mode, iv=(iv or b"\0" * block)[:block].ljust(block, b"\0"))
    return cipher, padding, algorithm.block_size, mode_name


def _des_key(algorithm, key: bytes):  # type: ignore[no-untyped-def]
    """Java's DES key specs, as hutool makes keys: DES takes a key's first 8 bytes, DESede
    its first 24 (a shorter key is refused). Three-key DESede whose parts repeat (K1 = K2 or
    K2 = K3) is one DES with the remaining part, which pycryptodome wants said so."""
    size = 8 if algorithm is DES else 24
    if len(key) < size:
        raise ValueError(f"{'DES' if size == 8 else 'DESede'} needs a key of {size} bytes or more")
    key = key[:size]
    if size == 24:
        first, second, third = key[:8], key[8:16], key[16:]
        if _des_part(first) == _des_part(second):
            return DES, third  # encrypt-decrypt with the same key cancels out
        if _des_part(second) == _des_part(third):
            return DES, first
    return algorithm, key


def _des_part(key: bytes) -> bytes:
    return bytes(byte & 0xFE for byte in key)  # DES reads no parity bit


def _cipher_input(data: str) -> bytes:
    """hutool's ``decryptStr(String)``: the text is hex when it looks like hex, else Base64."""
    data = data.strip()
    return binascii.unhexlify(data) if _HEX.match(data) else hutool_base64_bytes(data)


def decrypt(transformation: str, key: bytes, iv: bytes | None, data: str) -> bytes:
    if not data.strip():
        return b""  # nothing to decrypt (an empty field), not an error
    cipher, padding, block, mode = _cipher(transformation, key, iv)
    plain = cipher.decrypt(_cipher_input(data))
    if mode in ("CTR", "CFB", "OFB") or padding == "NOPADDING":
        return plain
    if padding == "ZEROPADDING":
        return plain.rstrip(b"\0")
    return unpad(plain, block)


def encrypt(transformation: str, key: bytes, iv: bytes | None, data: str) -> bytes:
    cipher, padding, block, mode = _cipher(transformation, key, iv)
    raw = data.encode()
    if mode not in ("CTR", "CFB", "OFB"):
        if padding == "ZEROPADDING" or padding == "NOPADDING":
            raw = raw + b"\0" * (-len(raw) % block)
        else:
            raw = pad(raw, block)
    return cipher.encrypt(raw)


def encrypt_base64(transformation: str, key: bytes, iv: bytes | None, data: str) -> str:
    return _b64encode(encrypt(transformation, key, iv, data))


def encrypt_hex(transformation: str, key: bytes, iv: bytes | None, data: str) -> str:
    return encrypt(transformation, key, iv, data).hex()


def decrypt_str(transformation: str, key: bytes, iv: bytes | None, data: str) -> str:
    return decrypt(transformation, key, iv, data).decode("utf-8", errors="replace")


# --- time, text ----------------------------------------------------------------------------

_JAVA_DATE = re.compile(r"yyyy|yy|MM|dd|HH|hh|mm|ss|SSS|EEE|a|'[^']*'")
_JAVA_TO_PY = {"yyyy": "%Y", "yy": "%y", "MM": "%m", "dd": "%d", "HH": "%H", "hh": "%I",
               "mm": "%M", "ss": "%S", "EEE": "%a", "a": "%p"}  # fmt: skip


def java_date_format(moment: datetime, pattern: str) -> str:
    """``SimpleDateFormat`` for the letters sources use."""

    def one(match: re.Match[str]) -> str:
        token = match.group(0)
        if token.startswith("'"):
            return token[1:-1]
        if token == "SSS":
            return f"{moment.microsecond // 1000:03d}"
        return moment.strftime(_JAVA_TO_PY[token])

    return _JAVA_DATE.sub(one, pattern)


def time_format(millis: float) -> str:
    """Legado's ``timeFormat``: ``yyyy/MM/dd HH:mm`` in local time."""
    return java_date_format(datetime.fromtimestamp(float(millis) / 1000), "yyyy/MM/dd HH:mm")


def time_format_utc(millis: float, pattern: str, offset_hours: float) -> str:
    zone = timezone(timedelta(hours=float(offset_hours)))
    return java_date_format(
        datetime.fromtimestamp(float(millis) / 1000, UTC).astimezone(zone), pattern
    )


def now_millis() -> int:
    return int(time.time() * 1000)


def random_uuid() -> str:
    return str(uuid.uuid4())


_converters: dict[str, object] = {}


def chinese_convert(text: str, config: str) -> str:
    """简繁: ``t2s`` / ``s2t`` with OpenCC (already a dependency for the text options)."""
    import opencc

    if config not in _converters:
        _converters[config] = opencc.OpenCC(config)
    return _converters[config].convert(text)  # type: ignore[attr-defined]


# Each ends with ">", so none is tried past the last one: quadratic in "<" without ">" else.
# An image's attributes hold no "<": "<img<img…" is not rescanned from every "<img".
_BLOCK_TAGS = ClosedPattern(r"(?i)<\s*(?:br|/p|p|/div|div|/h\d|h\d|/li)\b[^>]*>", ">")
_IMG = ClosedPattern(r"(?i)<img\b[^<>]*?\bsrc\s*=\s*['\"]([^'\"]+)['\"][^>]*>", ">")
_TAG = ClosedPattern(r"<[^>]+>", ">")


def html_format(text: str) -> str:
    """Legado's ``htmlFormat``: markup to paragraphs (lines), images kept as ``<img>``."""
    images: list[str] = []

    def keep(match: re.Match[str]) -> str:
        images.append(f'<img src="{match.group(1)}">')
        return f"\x00{len(images) - 1}\x00"

    text = _IMG.sub(keep, text)
    text = _TAG.sub("", _BLOCK_TAGS.sub("\n", text))
    text = html.unescape(text).replace("\u00a0", " ")
    text = re.sub(r"\x00(\d+)\x00", lambda m: images[int(m.group(1))], text)
    lines = (line.strip() for line in text.split("\n"))
    return "\n".join("\u3000\u3000" + line for line in lines if line)


_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}  # fmt: skip
_CN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000, "亿": 100000000}
_CN_CHAPTER = re.compile(r"^(.*?第)([零〇一二两三四五六七八九十百千万亿]+)([章节回卷集部篇话].*)$")


def chinese_number(text: str) -> int:
    """一千零二十 → 1020; digits alone (二〇二四) read as digits."""
    if all(char in _CN_DIGITS for char in text):
        return int("".join(str(_CN_DIGITS[char]) for char in text))
    total = section = digit = 0
    for char in text:
        if char in _CN_DIGITS:
            digit = _CN_DIGITS[char]
        elif char in ("万", "亿"):
            total = (total + section + digit) * _CN_UNITS[char]
            section = digit = 0
        else:
            section += (digit or 1) * _CN_UNITS[char]
            digit = 0
    return total + section + digit


def to_num_chapter(title: str) -> str:
    """Legado's ``toNumChapter``: 第一百零三章 → 第103章 (other titles unchanged)."""
    match = _CN_CHAPTER.match(title or "")
    if match is None:
        return title
    return f"{match.group(1)}{chinese_number(match.group(2))}{match.group(3)}"
