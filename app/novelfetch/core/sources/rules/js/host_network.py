"""A script's requests (java.ajax, ajaxAll, connect, get, post, head), as Legado answers them.

Legado's ``ajax`` and ``connect`` never fail the script: a request that cannot be made gives
the error's text (ajax) or an answer holding it (connect, with Legado's code 200), and the
script goes on, as 魄岁冰桐's ``java.ajax('')`` does. ``ajaxAll``, ``get``, ``post`` and
``head`` raise, as Legado's do. Whatever the call, a refused address is never fetched (the
app's ``fetch`` refuses it), and the text a script sees is a short fixed phrase: neither our
messages (a refused name's local address, a proxy) nor a stack trace reach it. The full
reason is kept for the person (``request_failures``): a script that then fails says why.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from novelfetch.core.errors import (
    BudgetExceededError,
    CertificateError,
    FetchError,
    RefusedAddressError,
)
from novelfetch.core.net.walls import BlockedError
from novelfetch.core.sources.rules.js.archives import archive_bytes, entry_text, zip_entry
from novelfetch.core.sources.rules.model import (
    RuleFileError,
    UrlNeedsBrowserError,
    UrlNeedsJavaScriptError,
)
from novelfetch.core.sources.rules.urls import split_url_rule


@dataclass(frozen=True)
class HttpAnswer:
    url: str
    code: int
    headers: dict[str, str]  # names in lower case
    body: str
    cookies: dict[str, str] = field(default_factory=dict)  # what the answer set (Set-Cookie)
    raw: bytes = b""  # the body's bytes, for a request that asked for them (and no text)


#: ``fetch(method, url_rule, headers, body[, jsoup])``: one request through the app's HTTP
#: path. The URL may be a Legado URL rule (``url,{"method":"POST",…}``). Raises when the
#: request is refused (network policy) or fails. Legado has two clients: OkHttp's (ajax,
#: connect, ajaxAll) follows redirects and answers an error status with its page (code and
#: body); jsoup's (java.get, post, head: ``jsoup=True``, passed only then) follows none, a
#: redirect is the answer (its status and Location), and an error status raises.
Fetch = Callable[..., HttpAnswer]


#: What ``java.ajax("")`` answers: in Legado the empty address reaches its HTTP client,
#: which refuses it, and ajax returns the error's text instead of failing the script.
NO_ADDRESS = "java.lang.IllegalArgumentException: Expected URL scheme 'http' or 'https'"

#: The failures of one request (the network, the policy, the address, a size or time limit);
#: anything else (no network in this place, an evaluation budget) is not the request's.
REQUEST_FAILURES = (FetchError, RuleFileError, TimeoutError)


_NOT_HERE = (UrlNeedsBrowserError, UrlNeedsJavaScriptError)


def failure_text(error: BaseException) -> str:
    """What a Legado script reads for a failed request: Java's exception name and a short
    fixed phrase (Legado gives the stack trace; scripts test it for "Exception")."""
    if isinstance(error, RefusedAddressError):
        return "java.net.ConnectException: refused by NovelFetch's network policy"
    if isinstance(error, BlockedError):
        return "java.io.IOException: the site answered with an anti-bot check"
    if isinstance(error, CertificateError):
        return "javax.net.ssl.SSLHandshakeException: the certificate could not be verified"
    if isinstance(error, BudgetExceededError):
        return "java.io.IOException: the answer is over NovelFetch's size or time limit"
    if isinstance(error, TimeoutError):
        return "java.net.SocketTimeoutException: timeout"
    if isinstance(error, RuleFileError):
        return NO_ADDRESS
    status = getattr(error, "status", None)
    if isinstance(status, int):
        return f"java.io.IOException: HTTP {status}"
    return "java.io.IOException: the request failed"


class NetworkCalls:
    """``JsHost``'s network calls; ``fetch`` is the app's (None: no network here)."""

    fetch: Fetch | None

    def __init__(self, fetch: Fetch | None) -> None:
        self.fetch = fetch
        self.request_failures: list[str] = []  # why requests failed, for the person

    def _request(
        self,
        method: str,
        url: str,
        headers: dict[str, str] | None,
        body: str | None,
        jsoup: bool = False,
        binary: bool = False,
    ) -> HttpAnswer:
        if self.fetch is None:
            raise PermissionError("no network here")
        # Only the forms the app's fetch knows: (…), (…, jsoup) and (…, jsoup, binary).
        extra = (jsoup, True) if binary else (True,) if jsoup else ()
        try:
            answer = self.fetch(method, url, dict(headers or {}), body, *extra)
        except _NOT_HERE:
            raise  # what NovelFetch cannot do (a browser): said so, not a failed request
        except REQUEST_FAILURES as error:
            self.request_failures.append(f"{url[:100]}: {error}")
            raise
        if answer.code >= 400:  # an answer for the script; for the person, a likely reason
            self.request_failures.append(f"{url[:100]}: HTTP {answer.code}")
        return answer

    def _raising(
        self,
        method: str,
        url: str,
        headers: dict[str, str] | None,
        body: str | None,
        jsoup: bool = False,
    ) -> dict[str, Any]:
        """A call that fails the script when its request fails (ajaxAll, get, post, head)."""
        try:
            return self._response(self._request(method, url, headers, body, jsoup))
        except RefusedAddressError as error:  # in the words ajax gives (above)
            raise PermissionError(failure_text(error)) from None

    def _ajax(self, url: str) -> str:
        if not url.strip():  # Legado's ajax answers the failure's text: nothing is fetched
            return NO_ADDRESS
        try:
            return self._request("GET", url, None, None).body
        except _NOT_HERE:
            raise
        except REQUEST_FAILURES as error:
            return failure_text(error)

    def _getZipStringContent(self, url: str, path: str, charset: str | None) -> str:
        """The text of the file at ``path`` in a zip archive at ``url`` (or given as a hex
        string), as Legado reads it: "" when the archive has no such file; a request that
        fails, or bytes that are not an archive, fail the script."""
        if url.strip().lower().startswith(("http://", "https://")):
            try:
                archive = self._request("GET", url, None, None, binary=True).raw
            except RefusedAddressError as error:
                raise PermissionError(failure_text(error)) from None
        else:
            archive = archive_bytes(url)
        data = zip_entry(archive, path)
        return "" if data is None else entry_text(data, charset)

    def _ajaxAll(self, urls: list[str]) -> list[dict[str, Any]]:
        return [self._raising("GET", url, None, None) for url in urls]

    def _connect(self, url: str, header: str | None) -> dict[str, Any]:
        try:  # Legado reads the header map leniently and drops one it cannot read
            headers = json.loads(header) if header else {}
        except ValueError:
            headers = {}
        try:
            return self._response(
                self._request("GET", url, headers if isinstance(headers, dict) else {}, None)
            )
        except _NOT_HERE:
            raise
        except REQUEST_FAILURES as error:
            # Legado's connect: an answer for the address, code 200, the error's text as body
            address = split_url_rule(url)[0].strip()
            return self._response(HttpAnswer(address, 200, {}, failure_text(error)))

    def _http(self, method: str, url: str, headers: Any, body: str | None) -> dict[str, Any]:
        headers = headers if isinstance(headers, dict) else {}
        return self._raising(method, url, headers, body, jsoup=True)

    @staticmethod
    def _response(answer: HttpAnswer) -> dict[str, Any]:
        facts = ("url", "code", "headers", "body", "cookies")
        return {"__nf_response": {name: getattr(answer, name) for name in facts}}
