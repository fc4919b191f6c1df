"""Legado URL rules (``url,{options}``) turned into one concrete HTTP request.

Follows Legado's ``AnalyzeUrl``: ``{{…}}`` templates, then ``<a,b,c>`` (the page-th value,
the last once pages run out), then the URL is resolved against the base. Query fields (GET)
and form fields (POST) are percent-encoded in the option ``charset`` (``escape`` =
JavaScript's ``escape()``); values already percent-encoded are kept when no charset is given.
A body that is JSON or XML, or comes with its own ``Content-Type``, is sent as it is; a JSON
object body is sent as JSON. The path is encoded as UTF-8 (as Legado's HTTP client does),
whatever the charset. Only ``POST`` changes the method (as in Legado); the ``type`` option
(binary answers) is used for ``data:`` URLs only (``data_urls.py``), which stay unresolved.

Unlike Legado, the values of ``{{key}}``/``{{page}}`` are data: a key holding ``&``, ``#``
or ``<a,b>`` is encoded where it lands instead of being read as URL syntax.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, quote_plus, urljoin, urlsplit

from novelfetch.core.sources.rules.data_urls import checked_data_url, is_data_url
from novelfetch.core.sources.rules.gson_lenient import loads_gson_lenient
from novelfetch.core.sources.rules.model import (
    NEEDS_BROWSER,
    RuleFileError,
    UrlNeedsBrowserError,
    UrlNeedsJavaScriptError,
)
from novelfetch.core.sources.rules.templates import TEMPLATE, TemplateError, evaluate, is_rule_body
from novelfetch.core.sources.rules.textjson import loads_lenient

_OPTIONS_START = re.compile(r",\s*(?=\{(?!\{))")  # not r"\s*,…": quadratic in blanks
_PAGE_LIST = re.compile(r"<([^<>]*?)>")
_JS_MARK = re.compile(r"<js>|@js:", re.IGNORECASE)
_PERCENT_ENCODED = re.compile(r"%[0-9A-Fa-f]{2}")
_ALREADY_ENCODED = re.compile(r"(?:[A-Za-z0-9*._~+-]|%[0-9A-Fa-f]{2})*")
_FORM = "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class RequestSpec:
    method: str  # "GET" or "POST"
    url: str
    body: bytes | None
    headers: dict[str, str]
    charset: str  # how key and body were percent-encoded; '' = utf-8
    retry: int = 0  # extra attempts the rule asks for
    options: Mapping[str, Any] = field(default_factory=dict)  # the parsed URL options


def split_url_rule(url_rule: str) -> tuple[str, str]:
    """``("url part", "options JSON text")``; the options text is '' when there are none."""
    match = _OPTIONS_START.search(url_rule)
    if match is None:
        return url_rule.strip(), ""
    return url_rule[: match.start()].strip(), url_rule[match.end() :].strip()


def parse_url_options(options_text: str, *, what: str = "URL") -> dict[str, Any]:
    """The options object of a URL rule, read as leniently as Legado does (single quotes,
    trailing commas, unquoted values, ``;`` between members). Legado ignores options it
    cannot read, and so does this: ``{}`` (``options_unreadable`` tells them apart)."""
    del what  # options are never an error (see the docstring)
    options = _read_options(options_text)
    return options if options is not None else {}


def options_unreadable(options_text: str) -> bool:
    """Whether a URL rule's options text is not an object even to Gson's lenient reader."""
    return bool(options_text) and _read_options(options_text) is None


def _read_options(options_text: str) -> dict[str, Any] | None:
    if not options_text:
        return {}
    # Options holding an unquoted template (``"page": {{page}}``) only parse once filled.
    for text in dict.fromkeys((options_text, TEMPLATE.sub("0", options_text))):
        for load in (loads_lenient, loads_gson_lenient):
            try:
                options = load(text)
            except (ValueError, RecursionError):  # RecursionError: hostile nesting
                continue
            if isinstance(options, dict):
                return options
    return None


def options_need_browser(options: Mapping[str, Any]) -> bool:
    return options.get("webView") not in (None, "", False, "false")


def normalize_charset(name: str, *, what: str = "URL") -> str:
    """The Python codec for a Legado/so-novel charset name: '' for UTF-8, gb18030 for the
    GB family (a superset that also encodes what GBK cannot), 'escape' kept."""
    cleaned = name.strip().lower()
    if cleaned in ("", "utf-8", "utf8"):
        return ""
    if cleaned == "escape":
        return "escape"
    if cleaned in ("gbk", "gb2312", "gb-2312", "gb_2312", "gb18030", "cp936", "x-gbk"):
        return "gb18030"
    try:
        info = codecs.lookup(cleaned)
    except LookupError:
        raise RuleFileError(f"{what}: unknown charset {name!r}") from None
    if not is_text_encoding(info):
        raise RuleFileError(f"{what}: {name!r} is not a text encoding")
    return info.name


def is_text_encoding(info: codecs.CodecInfo) -> bool:
    """Whether a codec turns text into bytes: ``hex``, ``base64``, ``zlib`` and ``rot13`` are
    codecs too, but decoding a page with them fails (or bombs)."""
    return getattr(info, "_is_text_encoding", True) is not False


def build_request(
    url_rule: str,
    base_url: str,
    *,
    key: str = "",
    page: int = 1,
    headers: Mapping[str, str] | None = None,
    resolve: Callable[[str], str] | None = None,
    variables: Mapping[str, str] | None = None,
    javascript: Callable[[str], str] | None = None,
) -> RequestSpec:
    """The request a Legado URL rule describes, for search ``key`` and result ``page``.

    ``resolve`` evaluates embedded rules (``{{@css:…}}``, ``{{$.id}}``) on the current page;
    ``variables`` fills extra ``{{name}}`` templates (e.g. so-novel's ``{{bookId}}``).
    Raises RuleFileError (UrlNeedsJavaScriptError, UrlNeedsBrowserError) naming the URL.
    """
    rule = url_rule.strip()
    if not rule:
        raise RuleFileError("empty URL rule")
    if _JS_MARK.search(rule):
        raise UrlNeedsJavaScriptError(f"URL {_short(rule)} needs JavaScript")
    values: dict[str, Any] = {"key": key, "page": page, "baseUrl": base_url, **(variables or {})}
    templates = _Templates(values, resolve, rule, page, javascript)

    url_part, options_text = split_url_rule(rule)
    options = parse_url_options(options_text, what=f"URL {_short(rule)}")
    if options_need_browser(options):
        raise UrlNeedsBrowserError(f"URL {_short(rule)} {NEEDS_BROWSER}")
    if options.get("js") or options.get("webJs"):
        raise UrlNeedsJavaScriptError(f"URL {_short(rule)} needs JavaScript (js option)")
    charset = normalize_charset(str(options.get("charset") or ""), what=f"URL {_short(rule)}")
    method = "POST" if str(options.get("method") or "").strip().upper() == "POST" else "GET"
    merged_headers = {str(k): str(v) for k, v in (headers or {}).items()}
    merged_headers.update(_option_headers(options.get("headers"), rule))
    merged_headers = {name: templates.fill(value) for name, value in merged_headers.items()}

    if is_data_url(url_part):  # answered without a network (data_urls.py)
        url = checked_data_url(templates.fill(url_part), options)
        return RequestSpec("GET", url, None, merged_headers, charset, 0, options)
    # Key and page values stay masked until each URL part is encoded, so a key holding
    # '&', '#', '?' or '<a,b>' is data, never URL syntax.
    absolute = _absolute(templates.mask(url_part), base_url, rule)
    address, _, query = absolute.partition("?")
    address = _encode_path(templates.unmask(address, encode=_encode_path_value))
    body: bytes | None = None
    if method == "GET":
        url = f"{address}?{_encode_fields(query, charset, templates)}" if query else address
    else:
        query = _encode_query_as_is(templates.unmask(query)) if query else ""
        url = f"{address}?{query}" if query else address
        body, content_type = _post_body(options.get("body"), templates, charset, merged_headers)
        if content_type and not any(k.lower() == "content-type" for k in merged_headers):
            merged_headers["Content-Type"] = content_type
    retry = _int_option(options.get("retry"))
    return RequestSpec(method, url, body, merged_headers, charset, retry, options)


class _Templates:
    """Fills ``{{…}}`` and ``<a,b,c>`` in one URL rule.

    ``mask`` resolves embedded rules in place (their values are page data such as links, and
    take part in URL resolution) but leaves each simple template's value as a placeholder
    that ``unmask`` swaps in afterwards, optionally encoding it."""

    _PLACEHOLDER = re.compile("\ue000(\\d+)\ue001")

    def __init__(
        self,
        values: Mapping[str, Any],
        resolve: Callable[[str], str] | None,
        rule: str,
        page: int,
        javascript: Callable[[str], str] | None = None,
    ) -> None:
        self.javascript = javascript
        self.values = values
        self.resolve = resolve
        self.rule = rule
        self.page = page
        self.slots: list[str] = []

    def mask(self, text: str) -> str:
        return _fill_pages(TEMPLATE.sub(self._replace, text), self.page)

    def unmask(self, text: str, encode: Callable[[str], str] | None = None) -> str:
        def value(match: re.Match[str]) -> str:
            filled = self.slots[int(match.group(1))]
            return encode(filled) if encode else filled

        return self._PLACEHOLDER.sub(value, text)

    def fill(self, text: str) -> str:
        return self.unmask(self.mask(text))

    def _replace(self, match: re.Match[str]) -> str:
        body = match.group(1)
        if is_rule_body(body):
            if self.resolve is None:
                raise RuleFileError(
                    f"URL {_short(self.rule)}: {{{{{body.strip()}}}}} needs the page it reads from"
                )
            return self.resolve(body.strip())
        try:
            filled = evaluate(body, self.values)
        except TemplateError:
            if self.javascript is None:
                raise UrlNeedsJavaScriptError(
                    f"URL {_short(self.rule)} needs JavaScript ({{{{{_short(body, 30)}}}}})"
                ) from None
            filled = self.javascript(body)  # a script's value, written into the URL as Legado does
        if not re.search(r"\bkey\b", body):
            # Not the user's words: the source's own address, a page number, or nothing
            # (``cookie.removeCookie(…)``), which take part in the URL as Legado writes it.
            return filled
        self.slots.append(filled)
        return f"\ue000{len(self.slots) - 1}\ue001"


def _fill_pages(text: str, page: int) -> str:
    # Legado: <a,b,c> takes the page-th value, the last one once the pages run out.
    def replace(match: re.Match[str]) -> str:
        choices = match.group(1).split(",")
        index = min(max(page, 1), len(choices)) - 1
        return choices[index].strip()

    if "," not in text:
        return text
    return _PAGE_LIST.sub(lambda m: replace(m) if "," in m.group(1) else m.group(0), text)


def _absolute(url: str, base_url: str, rule: str) -> str:
    base, _ = split_url_rule(base_url)
    absolute = urljoin(base.strip(), url.strip()) if base.strip() else url.strip()
    parts = urlsplit(absolute)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RuleFileError(f"URL {_short(absolute or rule)} is not an http(s) address")
    return absolute.partition("#")[0]


def _encode_path(address: str) -> str:
    # Keep reserved characters and existing %XX; encode spaces and non-ASCII as UTF-8.
    return quote(address, safe=":/?#[]@!$&'()*+,;=%-._~")


def _encode_path_value(value: str) -> str:
    # A template value inside the path: '?' and '#' would end the path, so they are data.
    return quote(value, safe="/%:@!$&'()*+,;=-._~")


def _encode_value(value: str, charset: str) -> str:
    if _ALREADY_ENCODED.fullmatch(value) and (_PERCENT_ENCODED.search(value) or not charset):
        # Already percent-encoded (``{{java.encodeURI(key, 'gbk')}}``): Legado sends it as is.
        return value
    if not charset:
        if _PERCENT_ENCODED.search(value):
            return value
        return quote_plus(value, safe="*")
    if charset == "escape":
        return _js_escape(value)
    try:
        return quote_plus(value, safe="*", encoding=charset, errors="strict")
    except UnicodeEncodeError:
        raise RuleFileError(f"{value!r} cannot be written in {charset}") from None


def _encode_fields(fields: str, charset: str, templates: _Templates) -> str:
    """``a=1&b=…`` with each value percent-encoded (Legado's ``analyzeFields``); masked
    template values are swapped in per field, so their '&' and '=' stay data."""
    encoded = []
    for pair in fields.split("&"):
        if not pair.strip():
            continue
        name, has_value, value = pair.partition("=")
        name = quote(templates.unmask(name), safe="%-._~*!'()[]")
        value = templates.unmask(value)
        encoded.append(f"{name}={_encode_value(value, charset)}" if has_value else name)
    return "&".join(encoded)


def _encode_query_as_is(query: str) -> str:
    return quote(query, safe="=&%-._~*!'()[]+,;:@/?")


def _post_body(
    raw_body: Any,
    templates: _Templates,
    charset: str,
    headers: Mapping[str, str],
) -> tuple[bytes | None, str]:
    if raw_body is None or raw_body == "":
        return b"", _FORM
    if isinstance(raw_body, dict | list):
        filled = _fill_json(raw_body, templates.fill)
        text = json.dumps(filled, ensure_ascii=False, separators=(",", ":"))
        masked = text
    else:
        masked = templates.mask(str(raw_body))
        text = templates.unmask(masked)
    content_type = _header(headers, "Content-Type")
    stripped = text.strip()
    if content_type:
        return text.encode(_content_charset(content_type) or "utf-8"), ""
    if _is_json(stripped):
        return text.encode("utf-8"), "application/json; charset=UTF-8"
    if stripped.startswith("<"):
        return text.encode("utf-8"), "text/xml; charset=UTF-8"
    return _encode_fields(masked, charset, templates).encode("ascii"), _FORM


def _fill_json(value: Any, fill: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return fill(value)
    if isinstance(value, list):
        return [_fill_json(item, fill) for item in value]
    if isinstance(value, dict):
        return {k: _fill_json(v, fill) for k, v in value.items()}
    return value


def _is_json(text: str) -> bool:
    if not text.startswith(("{", "[")):
        return False
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def _option_headers(value: Any, rule: str) -> dict[str, str]:
    """The ``headers`` option: an object, or (as Legado also takes) JSON text of one; Legado
    ignores headers it cannot read, and so does this."""
    del rule
    if value is None or value == "":
        return {}
    if isinstance(value, str):
        value = _read_options(value.strip())
    if not isinstance(value, dict):
        return {}
    return {str(k).strip(): str(v) for k, v in value.items() if str(k).strip()}


def _header(headers: Mapping[str, str], name: str) -> str:
    for key, value in headers.items():
        if key.lower() == name.lower():
            return value
    return ""


def _content_charset(content_type: str) -> str:
    match = re.search(r"charset=([\w-]+)", content_type, re.IGNORECASE)
    return (normalize_charset(match.group(1)) or "utf-8") if match else ""


def _int_option(value: Any) -> int:
    try:
        return max(0, int(value))
    except (TypeError, ValueError):
        return 0


def _js_escape(text: str) -> str:
    out = []
    for char in text:
        code = ord(char)
        if char.isascii() and (char.isalnum() or char in "@*_+-./"):
            out.append(char)
        elif code < 256:
            out.append(f"%{code:02X}")
        else:
            out.append(f"%u{code:04X}")
    return "".join(out)


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
