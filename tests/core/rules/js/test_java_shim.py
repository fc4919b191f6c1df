"""Legado's ``java`` object, function by function, against values computed elsewhere
(RFC/NIST vectors, known digests) and run through the sandbox as a script would call them."""

from __future__ import annotations

import pytest

from novelfetch.core.sources.rules.js.host import NO_ADDRESS, HttpAnswer, JsHost, ScriptState
from novelfetch.core.sources.rules.js.sandbox import ScriptError, run_script


def js(script: str, state: ScriptState | None = None, **host_options: object) -> object:
    host = JsHost(state or ScriptState(), **host_options)  # type: ignore[arg-type]
    return run_script(script, {"source": {"bookSourceUrl": "https://a.example"}}, host)


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        ("java.md5Encode('a')", "0cc175b9c0f1b6a831c399e269772661"),
        ("java.md5Encode16('a')", "c0f1b6a831c399e2"),
        ("java.base64Encode('hello 世界')", "aGVsbG8g5LiW55WM"),
        ("java.base64Decode('aGVsbG8g5LiW55WM')", "hello 世界"),
        ("java.base64Decode('xOO6ww==', 'GBK')", "你好"),
        # hutool's decoder (Legado's base64Decode) skips what is not Base64 and never fails:
        # 榕秋水黛's ``$.content@js:java.base64Decode(result)`` on any text gives text.
        ("java.base64Decode('aGVs 示例\\nbG8=!')", "hello"),
        ("typeof java.base64Decode('示例 /book/1/1.html')", "string"),
        ("java.base64Encode('??>', 8 | 2)", "Pz8-"),
        ("java.hexEncodeToString('ab')", "6162"),
        ("java.hexDecodeToString('e4bda0')", "你"),
        ("java.encodeURI('你好 a&b')", "%E4%BD%A0%E5%A5%BD+a%26b"),
        ("java.encodeURI('你好', 'GBK')", "%C4%E3%BA%C3"),
        ("java.digestHex('abc', 'SHA-1')", "a9993e364706816aba3e25717850c26c9cd0d89d"),
        ("java.digestBase64Str('abc', 'MD5')", "kAFQmDzST7DWlj99KOF/cg=="),
        (
            "java.HMacHex('The quick brown fox jumps over the lazy dog', 'HmacSHA256', 'key')",
            "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8",
        ),
        ("java.timeFormatUTC(0, 'yyyy-MM-dd HH:mm:ss', 8)", "1970-01-01 08:00:00"),
        # A Java long parameter: Rhino makes NaN 0 (息壤中文's ``timeFormat(chapter.time *
        # 1000)`` on a chapter without a time).
        ("java.timeFormatUTC('x' * 1000, 'yyyy-MM-dd', 8)", "1970-01-01"),
        ("java.t2s('漢字與書')", "汉字与书"),
        ("java.s2t('汉字')", "漢字"),
        ("java.strToBytes('你', 'GBK')", [196, 227]),
        ("java.bytesToStr([228, 189, 160])", "你"),
        ("java.randomUUID().length", 36),
        ("java.toNumChapter('第一百零三章 归来')", "第103章 归来"),
        ("java.toNumChapter('第十二回')", "第12回"),
        ("java.toNumChapter('第二〇二四章')", "第2024章"),
        ("java.toNumChapter('第一万零五章')", "第10005章"),
        ("java.toNumChapter('序章')", "序章"),
        ("java.htmlFormat('<p>a&amp;b</p><br>c')", "\u3000\u3000a&b\n\u3000\u3000c"),
    ],
)
def test_codec_functions(script: str, expected: object) -> None:
    assert js(script) == expected


def test_aes_nist_vector_through_create_symmetric_crypto() -> None:
    # FIPS-197 / SP 800-38A F.1.1: AES-128 ECB.
    script = """
      const key = java.hexDecodeToByteArray('2b7e151628aed2a6abf7158809cf4f3c');
      java.bytesToStr(java.createSymmetricCrypto('AES/ECB/NoPadding', key)
        .decrypt('3ad77bb40d7a3660a89ecaf32466ef97'), 'ISO-8859-1')
    """
    expected = bytes.fromhex("6bc1bee22e409f96e93d7e117393172a").decode("latin-1")
    assert js(script) == expected


def test_des_classic_vector() -> None:
    script = """
      const key = java.hexDecodeToByteArray('133457799bbcdff1');
      java.createSymmetricCrypto('DES/ECB/NoPadding', key).decrypt('85e813540f0ab405')
    """
    assert js(script) == list(bytes.fromhex("0123456789abcdef"))


def test_a_des_key_longer_than_8_bytes_is_read_as_java_reads_it() -> None:
    # Legado's crypto (hutool, Java's DESKeySpec) keys DES with the key's first 8 bytes: a
    # source's 22-character DES key works there.
    script = """
      const key = java.hexDecodeToByteArray('133457799bbcdff1a0b1c2d3e4f5');
      java.createSymmetricCrypto('DES/ECB/NoPadding', key).decrypt('85e813540f0ab405')
    """
    assert js(script) == list(bytes.fromhex("0123456789abcdef"))


def test_desede_keys_as_java_reads_them() -> None:
    # DESedeKeySpec: the first 24 bytes; a key whose parts repeat is single DES (Java takes
    # it; pycryptodome alone refuses it); a key under 24 bytes is refused, as in Legado.
    key = "133457799bbcdff1" * 2 + "0e329232ea6d0d73"
    script = f"""
      const key = java.hexDecodeToByteArray('{key}ffff');
      java.createSymmetricCrypto('DESede/ECB/NoPadding', key).encryptHex('ABCDEFGH')
    """
    single = "0e329232ea6d0d73"
    expected = js(f"""java.createSymmetricCrypto('DES/ECB/NoPadding',
      java.hexDecodeToByteArray('{single}')).encryptHex('ABCDEFGH')""")
    assert js(script) == expected
    with pytest.raises(ScriptError, match="24 bytes"):
        js("java.createSymmetricCrypto('DESede/ECB/NoPadding', '1234567890abcdef').encryptHex('a')")


def test_aes_cbc_round_trip_and_legacy_names() -> None:
    script = """
      const k = '1234567890abcdef', t = 'AES/CBC/PKCS5Padding', iv = 'abcdef1234567890';
      const enc = java.aesEncodeToBase64String('第一章 正文', k, t, iv);
      [enc, java.aesBase64DecodeToString(enc, k, t, iv)]
    """
    encrypted, decrypted = js(script)  # type: ignore[misc]
    assert decrypted == "第一章 正文"
    assert encrypted != decrypted


def test_triple_des_round_trip() -> None:
    key = "123456789012345678901234"
    script = f"""
      const e = java.tripleDESEncodeBase64Str('秘密', '{key}', 'CBC', 'PKCS5Padding', '12345678');
      java.tripleDESDecodeStr(e, '{key}', 'CBC', 'PKCS5Padding', '12345678')
    """
    assert js(script) == "秘密"


def test_put_and_get_persist_in_the_state_across_evaluations() -> None:
    state = ScriptState()
    js("java.put('token', 'abc')", state)
    assert state.variables == {"token": "abc"}
    assert js("java.get('token') + '!'", state) == "abc!"


def test_source_variable_cache_and_cookie() -> None:
    state = ScriptState()
    js(
        "source.setVariable('v1'); cache.put('k', {a: 1});"
        "cookie.setCookie('https://a.example/x', 'sid=42; u=me')",
        state,
    )
    script = (
        "[source.getKey(), source.getVariable(), cache.get('k'),"
        " cookie.getKey('https://a.example', 'sid')]"
    )
    assert js(script, state) == ["https://a.example", "v1", '{"a":1}', "42"]


def test_book_and_chapter_variables() -> None:
    state = ScriptState()
    js("book.putVariable('custom', 'x'); chapter.putVariable('p', 'y')", state)
    assert js("book.getVariable('custom') + chapter.getVariable('p')", state) == "xy"


def test_ajax_goes_through_the_given_fetch() -> None:
    requests = []

    def fetch(method: str, url: str, headers: dict, body: str | None, *_: bool) -> HttpAnswer:
        requests.append((method, url, body))
        return HttpAnswer(url, 200, {"content-type": "text/plain"}, '{"n": 3}')

    script = """
      const a = JSON.parse(java.ajax('https://a.example/api')).n;
      const r = java.post('https://a.example/p', 'x=1', {});
      [a, r.body(), r.code(), r.header('Content-Type')]
    """
    assert js(script, fetch=fetch) == [3, '{"n": 3}', 200, "text/plain"]
    assert requests == [
        ("GET", "https://a.example/api", None),
        ("POST", "https://a.example/p", "x=1"),
    ]


def test_an_answers_cookies_are_readable() -> None:
    def fetch(method: str, url: str, headers: dict, body: str | None, *_: bool) -> HttpAnswer:
        return HttpAnswer(url, 200, {}, "", {"hm": "a1b2"})

    script = "java.head('https://a.example/hm', {}).cookies().hm + '|' + java.connect('https://a.example/').cookies().x"
    assert js(script, fetch=fetch) == "a1b2|undefined"


def test_without_a_network_ajax_fails_clearly() -> None:
    with pytest.raises(ScriptError, match="ajax: no network here"):
        js("java.ajax('https://a.example/')")


def test_ajax_of_an_empty_address_answers_the_failure_as_legado_does() -> None:
    requests = []

    def fetch(method: str, url: str, headers: dict, body: str | None, *_: bool) -> HttpAnswer:
        requests.append(url)
        return HttpAnswer(url, 200, {}, "page")

    # Legado's ajax returns its HTTP client's error text for "" (nothing is fetched), and
    # scripts go on with it (``Jsoup.parse(java.ajax('')).select(…).val()``).
    answer = js("java.ajax('') + '|' + java.ajax('  ').length", fetch=fetch)
    assert answer == f"{NO_ADDRESS}|{len(NO_ADDRESS)}"
    assert requests == []


def test_a_missing_name_is_a_clear_error() -> None:
    with pytest.raises(ScriptError, match=r"java\.webView is not available in NovelFetch"):
        js("java.webView(null, 'https://a.example', null)")
