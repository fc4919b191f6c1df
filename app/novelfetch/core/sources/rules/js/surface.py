"""Which names a rule's scripts use that NovelFetch does not provide, read without running them.

A source whose core path (search, book page, catalog, chapter) needs one of these is refused
with the names; everything else in Legado's ``java`` object is in ``prelude.py``.
"""

from __future__ import annotations

import re

#: Legado's ``java`` methods the prelude provides (prelude.py's ``java`` object).
PROVIDED = frozenset(
    [
        "ajax",
        "ajaxAll",
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
_WHY = {
    "webView": "a browser", "webViewGetSource": "a browser", "webViewGetOverrideUrl": "a browser",
    "startBrowser": "a browser", "startBrowserAwait": "a browser",
    "getVerificationCode": "a person to solve a captcha", "queryTTF": "font decoding",
    "queryBase64TTF": "font decoding", "replaceFont": "font decoding",
}  # fmt: skip
_JAVA_NAME = re.compile(r"(?<![\w.$])java\.([A-Za-z_$][\w$]*)")
_JAVA_CLASSES = re.compile(
    r"(?<![\w.$])(?:Packages\.|JavaImporter\b|importClass\b|importPackage\b|"
    r"java\.(?:lang|util|net|io|nio|security|text|math)\.|javax\.|org\.jsoup\.(?!Jsoup\.parse\b))"
)
_ANDROID_ONLY = ("lang", "util", "net", "io", "nio", "security", "text", "math")


def missing_in(script: str) -> list[str]:
    """The names ``script`` uses that no NovelFetch script can, in order, each once."""
    missing: list[str] = []
    if _JAVA_CLASSES.search(script):
        missing.append("Java classes (Packages, java.lang …)")
    for match in _JAVA_NAME.finditer(script):
        name = match.group(1)
        if name in PROVIDED or name in _ANDROID_ONLY:
            continue
        label = f"java.{name}" + (f" ({_WHY[name]})" if name in _WHY else "")
        if label not in missing:
            missing.append(label)
    return missing
