"""Which names a rule's scripts use that NovelFetch does not provide, read without running them.

A source whose core path (search, book page, catalog, chapter) needs one of these is refused
with the names; everything else in Legado's ``java`` object is in ``prelude.py``.
"""

from __future__ import annotations

import re

from novelfetch.core import messages as said
from novelfetch.core.messages import Kind, Message

#: Legado's ``java`` methods the prelude provides (prelude.py's ``java`` object).
PROVIDED = frozenset(
    [
        "ajax",
        "ajaxAll",
        "getZipStringContent",
        "connect",
        "get",
        "post",
        "head",
        "put",
        "getString",
        "getStringList",
        "getElement",
        "getElements",
        "setContent",
        "base64Decode",
        "base64DecodeToByteArray",
        "base64Encode",
        "hexDecodeToString",
        "hexEncodeToString",
        "hexDecodeToByteArray",
        "encodeURI",
        "decodeURI",
        "utf8ToGbk",
        "strToBytes",
        "bytesToStr",
        "md5Encode",
        "md5Encode16",
        "digestHex",
        "digestBase64Str",
        "HMacHex",
        "HMacBase64",
        "createSymmetricCrypto",
        "aesDecodeToString",
        "aesBase64DecodeToString",
        "aesDecodeToByteArray",
        "aesBase64DecodeToByteArray",
        "aesEncodeToString",
        "aesEncodeToByteArray",
        "aesEncodeToBase64String",
        "aesDecodeArgsBase64Str",
        "aesEncodeArgsBase64Str",
        "desDecodeToString",
        "desBase64DecodeToString",
        "desEncodeToString",
        "desEncodeToBase64String",
        "tripleDESDecodeStr",
        "tripleDESEncodeBase64Str",
        "tripleDESDecodeArgsBase64Str",
        "tripleDESEncodeArgsBase64Str",
        "timeFormat",
        "timeFormatUTC",
        "t2s",
        "s2t",
        "htmlFormat",
        "randomUUID",
        "toNumChapter",
        "log",
        "logType",
        "toast",
        "longToast",
        "getCookie",
        "androidId",
    ]
)
#: Why some well-known missing names are missing (the message shows this).
_WHY: dict[str, Kind] = {
    "webView": said.FOR_BROWSER, "webViewGetSource": said.FOR_BROWSER,
    "webViewGetOverrideUrl": said.FOR_BROWSER, "startBrowser": said.FOR_BROWSER,
    "startBrowserAwait": said.FOR_BROWSER, "getVerificationCode": said.FOR_CAPTCHA,
    "queryTTF": said.FOR_FONTS, "queryBase64TTF": said.FOR_FONTS, "replaceFont": said.FOR_FONTS,
}  # fmt: skip
_JAVA_NAME = re.compile(r"(?<![\w.$])java\.([A-Za-z_$][\w$]*)")
_JAVA_CLASSES = re.compile(
    r"(?<![\w.$])(?:Packages\.|JavaImporter\b|importClass\b|importPackage\b|"
    r"java\.(?:lang|util|net|io|nio|security|text|math)\.|javax\.|org\.jsoup\.(?!Jsoup\.parse\b))"
)
_ANDROID_ONLY = ("lang", "util", "net", "io", "nio", "security", "text", "math")


def missing_in(script: str) -> list[Message | str]:
    """The names ``script`` uses that no NovelFetch script can, in order, each once: a
    ``java.`` name as written, with why it is missing when that is known (a message)."""
    missing: list[Message | str] = []
    if _JAVA_CLASSES.search(script):
        missing.append(said.JAVA_CLASSES())
    for match in _JAVA_NAME.finditer(script):
        name = match.group(1)
        if name in PROVIDED or name in _ANDROID_ONLY:
            continue
        why = _WHY.get(name)
        label = said.MISSING_FOR(name=f"java.{name}", why=why()) if why else f"java.{name}"
        if label not in missing:
            missing.append(label)
    return missing
