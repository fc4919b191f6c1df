"""Python's side of a script's host requests: Legado's ``java``, ``source``, ``cookie``,
``cache``, ``book``/``chapter`` variables, the element bridge and the network.

``ScriptState`` is what outlives one evaluation (java.put values, the source's variable,
cache, the log); ``JsHost`` answers requests against it. The network and the rules reach the
host only through three seams given by the caller: ``fetch`` (the app's HTTP path: its
session, the source's gate and cookies, the network policy), ``cookies`` (the source's cookie
jar, the one its requests send: ``net.cookies.SiteCookies``) and a ``RuleBridge`` (the page
being read, for java.getString, getElements, setContent and the elements' methods). The
network calls, and what a script sees when a request fails, are ``host_network.py``'s.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from lxml import etree

from novelfetch.core.budgets import MAX_SCRIPT_STATE_CHARS
from novelfetch.core.net.cookies import parse_cookie_header
from novelfetch.core.sources.rules import css
from novelfetch.core.sources.rules.document import absolute_url, parse_html
from novelfetch.core.sources.rules.eval_text import (
    element_text,
    outer_html,
    own_text,
    remove_keeping_tail,
)
from novelfetch.core.sources.rules.js import codecs
from novelfetch.core.sources.rules.js.host_network import (
    NO_ADDRESS,
    Fetch,
    HttpAnswer,
    NetworkCalls,
)
from novelfetch.core.sources.rules.js.state import CookieJar as CookieJar
from novelfetch.core.sources.rules.js.state import MemoryCookies as MemoryCookies
from novelfetch.core.sources.rules.js.state import ScriptState as ScriptState
from novelfetch.core.sources.rules.js.state import state_chars

__all__ = [
    "NO_ADDRESS",
    "CookieJar",
    "Fetch",
    "HttpAnswer",
    "JsHost",
    "MemoryCookies",
    "RuleBridge",
    "ScriptState",
]

MAX_LOG_LINES = 200


class RuleBridge(Protocol):
    """The rule evaluation a script runs inside (``analyze.Analyzer``)."""

    def js_get_string(self, rule: str, is_url: bool, content: Any = None) -> str: ...
    def js_get_string_list(self, rule: str) -> list[str]: ...
    def js_get_elements(self, rule: str) -> list[Any]: ...  # elements or JSON values
    def js_get_element(self, rule: str) -> Any: ...
    def js_set_content(self, content: str, base_url: str | None) -> None: ...


class JsHost(NetworkCalls):
    """Answers one evaluation's host requests (``sandbox.HostCall``)."""

    def __init__(
        self,
        state: ScriptState,
        *,
        fetch: Fetch | None = None,
        cookies: CookieJar | None = None,
        rules: RuleBridge | None = None,
        base_url: str = "",
    ) -> None:
        super().__init__(fetch)
        self.state = state
        self.cookies = cookies
        self.rules = rules
        self.base_url = base_url
        self.elements: list[etree._Element] = []  # handles given to the script
        self._kept: int | None = None  # characters the state keeps, counted on first put
        self._handle_of: dict[etree._Element, int] = {}

    def __call__(self, name: str, args: list[Any]) -> Any:
        handler = _PURE.get(name)
        if handler is not None:
            return handler(*args)
        method = getattr(self, "_" + name.replace(".", "_"), None)
        if method is None:
            raise LookupError(f"java.{name} is not available in NovelFetch")
        return method(*args)

    # -- elements ------------------------------------------------------------------------

    def handle(self, element: etree._Element) -> dict[str, int]:
        """One handle per element, so that the script can tell two elements apart as jsoup's
        ``equals`` does (``parents().contains(c)``)."""
        known = self._handle_of.get(element)
        if known is None:
            known = self._handle_of[element] = len(self.elements)
            self.elements.append(element)
        return {"__nf_el": known}

    def handles(self, elements: list[etree._Element]) -> dict[str, list[int]]:
        return {"__nf_els": [self.handle(element)["__nf_el"] for element in elements]}

    def element(self, handle: int) -> etree._Element:
        if not isinstance(handle, int) or not 0 <= handle < len(self.elements):
            raise LookupError("not an element of this page")
        return self.elements[handle]

    def _el_select(self, handle: int, selector: str) -> dict[str, list[int]]:
        return self.handles(css.select(self.element(handle), selector))

    def _el_text(self, handle: int) -> str:
        return element_text(self.element(handle))

    def _el_ownText(self, handle: int) -> str:
        return own_text(self.element(handle))

    def _el_html(self, handle: int) -> str:
        element = self.element(handle)
        inner = (element.text or "") + "".join(
            outer_html(child, drop_scripts=False) for child in element
        )
        return inner.strip()

    def _el_outerHtml(self, handle: int) -> str:
        return outer_html(self.element(handle), drop_scripts=False)

    def _el_attr(self, handle: int, name: str) -> str:
        return str(self.element(handle).get(name) or "")

    def _el_absUrl(self, handle: int, name: str) -> str:
        return absolute_url(self.base_url, self._el_attr(handle, name))

    def _el_tagName(self, handle: int) -> str:
        return str(self.element(handle).tag)

    def _el_children(self, handle: int) -> dict[str, list[int]]:
        return self.handles([c for c in self.element(handle) if isinstance(c.tag, str)])

    def _el_parent(self, handle: int) -> dict[str, int] | None:
        parent = self.element(handle).getparent()
        return None if parent is None else self.handle(parent)

    def _el_textNodes(self, handle: int) -> list[str]:
        """jsoup's textNodes(): the element's own text nodes as they are, blank ones too."""
        element = self.element(handle)
        texts = [element.text] + [child.tail for child in element]
        return [text for text in texts if text]

    def _el_parents(self, handle: int) -> dict[str, list[int]]:
        """jsoup's parents(): the parent, its parent, … up to the root element."""
        return self.handles(list(self.element(handle).iterancestors()))

    def _el_remove(self, handle: int) -> None:
        """jsoup's remove(): the element leaves its document; the text after it stays."""
        remove_keeping_tail(self.element(handle))

    def _jsoup_parse(self, html: str) -> dict[str, int]:
        return self.handle(parse_html(html))

    def _el_sibling(self, handle: int, step: int) -> dict[str, int] | None:
        element = self.element(handle)
        sibling = element.getnext() if step > 0 else element.getprevious()
        while sibling is not None and not isinstance(sibling.tag, str):
            sibling = sibling.getnext() if step > 0 else sibling.getprevious()
        return None if sibling is None else self.handle(sibling)

    # -- rules ---------------------------------------------------------------------------

    def _bridge(self) -> RuleBridge:
        if self.rules is None:
            raise LookupError("no page is being read here")
        return self.rules

    def _rule_getString(self, rule: str, is_url: bool, content: Any = None) -> str:
        if isinstance(content, dict) and "__nf_el" in content:
            content = self.element(content["__nf_el"])
        return self._bridge().js_get_string(rule, bool(is_url), content)

    def _rule_getStringList(self, rule: str) -> list[str]:
        return self._bridge().js_get_string_list(rule)

    def _rule_getElements(self, rule: str) -> Any:
        return self._found(self._bridge().js_get_elements(rule))

    def _rule_getElement(self, rule: str) -> Any:
        # Legado's getElement gives what the rule finds (jsoup's Elements, as getElements
        # does); on a JSON page, the value at the path.
        return self._found(self._bridge().js_get_element(rule))

    def _found(self, found: Any) -> Any:
        """Elements as handles; JSON values as they are."""
        if isinstance(found, list) and all(isinstance(v, etree._Element) for v in found):
            return self.handles(found)
        return found

    def _rule_setContent(self, content: str | None, base_url: str | None) -> None:
        if content is None:  # Legado: "Content cannot be null"
            raise ValueError("content cannot be null")
        self._bridge().js_set_content(content, base_url)

    # -- state ---------------------------------------------------------------------------

    def _keep(self, store: dict[str, str], key: str, value: str | None) -> None:
        """``store[key] = value`` (None: remove it) within ``MAX_SCRIPT_STATE_CHARS``."""
        if self._kept is None:
            self._kept = state_chars(self.state)
        old = store.get(key)
        change = (0 if value is None else len(key) + len(value)) - (
            0 if old is None else len(key) + len(old)
        )
        if change > 0 and self._kept + change > MAX_SCRIPT_STATE_CHARS:
            raise MemoryError(
                f"the scripts of a source may keep {MAX_SCRIPT_STATE_CHARS:,} characters "
                f"(cache, variables); this would make {self._kept + change:,}"
            )
        if value is None:
            store.pop(key, None)
        else:
            store[key] = value
        self._kept += change

    def _var_put(self, key: str, value: str) -> str:
        self._keep(self.state.variables, key, value)
        return value

    def _var_get(self, key: str) -> str:
        return self.state.variables.get(key, "")

    def _source_getVariable(self) -> str:
        return self.state.source.get("variable", "")

    def _source_setVariable(self, value: str) -> None:
        self._keep(self.state.source, "variable", value)

    def _book_getVariable(self, key: str | None) -> str:
        return self.state.book_variables.get(key or "custom", "")

    def _book_putVariable(self, key: str, value: str) -> None:
        self._keep(self.state.book_variables, key, value)

    def _chapter_getVariable(self, key: str | None) -> str:
        return self.state.chapter_variables.get(key or "custom", "")

    def _chapter_putVariable(self, key: str, value: str) -> None:
        self._keep(self.state.chapter_variables, key, value)

    def _cache_get(self, key: str) -> str | None:
        return self.state.cache.get(key)

    def _cache_put(self, key: str, value: str | None) -> None:
        self._keep(self.state.cache, key, value)

    def _jar(self, tag: str) -> CookieJar:
        """The source's jar for a web address, else the script's own tagged values (a jar that
        sends nothing: also the one of scripts run without a network)."""
        if self.cookies is not None and tag.strip().lower().startswith(("http://", "https://")):
            return self.cookies
        return self.state.tagged_cookies

    def _cookie_get(self, tag: str, key: str | None) -> str:
        cookie = self._jar(tag).read(tag)
        return cookie if key is None else parse_cookie_header(cookie).get(key, "")

    def _cookie_set(self, tag: str, cookie: str) -> None:
        if not self._jar(tag).write(tag, cookie):
            self._log(f"cookie.setCookie: {tag[:80]} is not this source's site: nothing kept")

    def _cookie_replace(self, tag: str, cookie: str) -> None:
        if not self._jar(tag).write(tag, cookie, merge=True):
            self._log(f"cookie.replaceCookie: {tag[:80]} is not this source's site: nothing kept")

    def _cookie_remove(self, tag: str) -> None:
        self._jar(tag).forget(tag)

    def _log(self, message: str) -> None:
        if len(self.state.log) < MAX_LOG_LINES:
            self.state.log.append(message[:500])


def _key_bytes(value: Any) -> bytes | None:
    if value is None:
        return None
    if isinstance(value, dict) and "bytes" in value:
        return bytes(b & 0xFF for b in value["bytes"])
    return str(value).encode()


def _crypto(operation: str, transformation: str, key: Any, iv: Any, data: str) -> Any:
    key_bytes, iv_bytes = _key_bytes(key) or b"", _key_bytes(iv)
    if operation in ("decrypt", "encrypt"):
        out = (codecs.decrypt if operation == "decrypt" else codecs.encrypt)(
            transformation, key_bytes, iv_bytes, data
        )
        return list(out)
    function = {"decryptStr": codecs.decrypt_str, "encryptBase64": codecs.encrypt_base64,
                "encryptHex": codecs.encrypt_hex}[operation]  # fmt: skip
    return function(transformation, key_bytes, iv_bytes, data)


def _base64_decode(text: str, charset_or_flags: Any = None) -> str:
    if isinstance(charset_or_flags, int | float):  # Legado's (str, flags): Android's decoder
        return codecs.base64_bytes(text).decode("utf-8", errors="replace")
    return codecs.base64_decode(text, charset_or_flags)


_PURE: dict[str, Callable[..., Any]] = {
    "base64Decode": _base64_decode,
    "base64DecodeToByteArray": lambda s: list(codecs.base64_bytes(s)),
    "base64Encode": lambda s, flags=2: codecs.base64_encode(s, int(flags or 0)),
    "hexDecodeToString": lambda s: codecs.hex_decode(s),
    "hexEncodeToString": lambda s: codecs.hex_encode(s),
    "hexDecodeToByteArray": lambda s: list(bytes.fromhex(s)),
    "encodeURI": codecs.encode_uri,
    "decodeURI": codecs.decode_uri,
    "utf8ToGbk": lambda s: s,  # a Java String has no encoding; Legado's round trip is lossless
    "strToBytes": lambda s, c="UTF-8": list(s.encode(codecs.charset_of(c))),
    "bytesToStr": lambda b, c="UTF-8": bytes(x & 0xFF for x in b).decode(
        codecs.charset_of(c), "replace"
    ),
    "md5Encode": codecs.md5_encode,
    "md5Encode16": codecs.md5_encode16,
    "digestHex": codecs.digest_hex,
    "digestBase64Str": codecs.digest_base64,
    "HMacHex": codecs.hmac_hex,
    "HMacBase64": codecs.hmac_base64,
    "crypto": _crypto,
    "timeFormat": codecs.time_format,
    "timeFormatUTC": codecs.time_format_utc,
    "t2s": lambda s: codecs.chinese_convert(s, "t2s"),
    "s2t": lambda s: codecs.chinese_convert(s, "s2t"),
    "htmlFormat": codecs.html_format,
    "randomUUID": codecs.random_uuid,
    "toNumChapter": codecs.to_num_chapter,
}
