"""The dry run's network: ``java.ajax``, ``connect``, ``get``, ``post`` answered from memory.

A real run sends a script's requests through the app's HTTP path; the dry run has no site,
so this fetch answers every request with a synthetic page shaped as the source's scripts and
rules expect: HTML holding every element its rules and its scripts' ``.select`` read and text
matching its scripts' regular expressions, or JSON holding every key its JSONPath rules and
its scripts' ``JSON.parse(…).a.b`` read. Which of the two a script wanted cannot be read from
the request, so the dry run tries a failing rule again with JSON answers (``mode``).

The request is still built as the app builds it (``build_request``): a URL rule the app
cannot read fails here as it would on the real site. Nothing leaves this process.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from typing import TypeVar
from urllib.parse import parse_qs, urlsplit

from novelfetch.core.budgets import MAX_PAGE_BYTES
from novelfetch.core.sources.rules.data_urls import data_url_body, is_data_url
from novelfetch.core.sources.rules.eval_errors import RuleError
from novelfetch.core.sources.rules.js.host import HttpAnswer
from novelfetch.core.sources.rules.model import RuleFileError, RuleSource
from novelfetch.core.sources.rules.urls import build_request

from . import corpus_decoded, corpus_evaled, corpus_scripts
from .corpus_pages import html_page, is_json_rule, json_document
from .corpus_values import time_keys, with_times

#: Pages a site has for one rule's scripts: a script that walks "next" links till none is
#: left meets a bare page after these, as on a site's last page.
PAGES_PER_RULE = 8
T = TypeVar("T")
_BARE = {"html": "<html><body></body></html>", "json": "{}"}

#: Headers a site's answer carries that scripts read (``.header("Location")``, cookies).
_HEADERS = {"set-cookie": "sid=1; Path=/"}


class FakeNetwork:
    """A ``js.host.Fetch`` answering with the source's synthetic pages; counts its requests."""

    def __init__(self, source: RuleSource, rewrite: Callable[[str], str] = str) -> None:
        self.source = source
        self.rewrite = rewrite  # pages as the site serves them (``corpus_crypto``)
        self.mode = "html"
        self.requests = 0
        self.pages_left = PAGES_PER_RULE
        texts = corpus_scripts.script_texts(source)
        found = corpus_scripts.regexes(texts)
        # first: a page's first match is what a script reads (the nesting one, not a bare one)
        self.samples = corpus_decoded.decoded_samples(texts) + corpus_evaled.eval_samples(texts)
        self.samples += corpus_scripts.nested_samples(found)
        self.samples += corpus_scripts.samples(p for _, p in found)
        self.samples += corpus_scripts.split_samples(texts)
        rules = corpus_scripts.rule_steps(corpus_scripts.rule_texts(source))
        html_rules = [rule for rule in rules if not is_json_rule(rule)]
        html_rules += corpus_scripts.selectors(texts)
        self.html = html_page("", [], [r for r in html_rules if len(r) < 300], extra=self.samples)
        json_paths = [rule for rule in rules if is_json_rule(rule)]
        tested = set(corpus_scripts.samples(corpus_scripts.tested_patterns(texts)))
        read = [text for text in self.samples if text not in tested]
        self.json = json_document(json_paths, corpus_scripts.json_chains(texts), read)
        self.json = with_times(self.json, time_keys(texts))
        self.json_addresses = json_addresses(texts, source.url)
        # The files scripts read out of a zip archive (``java.getZipStringContent``).
        self.zip_names = tuple(dict.fromkeys(_ZIP_NAME.findall("\n".join(texts))))

    def __call__(
        self,
        method: str,
        url_rule: str,
        headers: dict[str, str],
        body: str | None,
        jsoup: bool = False,  # java.get/post/head's request: no redirect nor error here anyway
        binary: bool = False,  # its bytes: an archive (java.getZipStringContent)
    ) -> HttpAnswer:
        self.requests += 1
        spec = build_request(url_rule, self.source.url, headers={**self.source.headers, **headers})
        if binary:  # an archive holding each file the scripts read, as JSON, as they parse it
            archive = _zipped({name: self.rewrite(self.json) for name in self.zip_names})
            return HttpAnswer(spec.url, 200, {"content-type": "application/zip"}, "", {}, archive)
        if is_data_url(spec.url):  # the rule wrote the page: answered as the real fetch does
            body = data_url_body(spec.url, MAX_PAGE_BYTES).decode("ascii")
            return HttpAnswer(spec.url, 200, {"content-type": "text/plain"}, body)
        # an address whose answer a script parses as JSON answers JSON (晋江文学城: its search
        # script parses one address's answer and reads the others' pages as HTML)
        mode = "json" if spec.url.startswith(self.json_addresses) else self.mode
        text = self.json if mode == "json" else self.html
        if self.pages_left <= 0:
            text = _BARE[mode]
        self.pages_left -= 1
        text = self.rewrite(text)
        if mode == "json" and (callback := _jsonp_callback(spec.url)):
            text = f"{callback}({text})"  # a JSONP address: the site wraps its JSON in the call
        kind = "application/json" if mode == "json" else "text/html; charset=utf-8"
        answer_headers = {**_HEADERS, "content-type": kind, "location": spec.url}
        return HttpAnswer(spec.url, 200, answer_headers, text)


_ZIP_NAME = re.compile(r"getZipStringContent\([^,]+,\s*\\?[`'\"]([^`'\"\\]+)")


def _zipped(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


_PARSED_FETCH = re.compile(
    r"JSON\s*\.\s*parse\(\s*(?:String\(\s*)?java\s*\.\s*(?:ajax|get|post|connect)\(\s*"
    r"(?:([`'\"])([^`'\"$]*)|([A-Za-z_$][\w$]*)\s*[,)])"
)


def json_addresses(texts: list[str], site: str) -> tuple[str, ...]:
    """The beginnings of the addresses whose answers the scripts parse as JSON
    (``JSON.parse(java.ajax(`https://a.example/api/search?k=${key}`))``, or through a name
    that literal was given to): the site answers those with JSON, whatever the others send."""
    heads: list[str] = []
    for text in texts:
        for found in _PARSED_FETCH.finditer(text):
            head = found.group(2)
            if found.group(3):  # a name: the literal it was given
                given = re.search(rf"(?<![\w$.]){re.escape(found.group(3))}\s*=\s*"
                                  r"([`'\"])([^`'\"$]*)", text)  # fmt: skip
                head = given.group(2) if given else None
            if head and head.startswith("/"):
                head = site.rstrip("/") + head
            if head and re.match(r"https?://[^/]+/[^?#]*\w", head):  # a host and a path
                heads.append(head)
    return tuple(dict.fromkeys(heads))


def _jsonp_callback(url: str) -> str | None:
    """The function a JSONP address names (``…&callback=cb&…``), when it is a JS name."""
    names = parse_qs(urlsplit(url).query).get("callback", [])
    return names[0] if names and re.fullmatch(r"[A-Za-z_$][\w$.]*", names[0]) else None


def attempt(network: FakeNetwork, evaluate: Callable[[], T]) -> T:
    """``evaluate()``; if it failed after asking the network, again with JSON answers (the
    request does not say which kind the script wanted); the first failure stands unless it
    was JSON.parse refusing the HTML answer: then the failure with JSON does."""
    before = network.requests
    network.mode = "html"
    network.pages_left = PAGES_PER_RULE
    try:
        return evaluate()
    except (RuleError, RuleFileError) as error:
        if network.requests == before:
            raise
        first = error
    network.mode, network.pages_left = "json", PAGES_PER_RULE
    try:
        return evaluate()
    except (RuleError, RuleFileError) as second:
        raise (second if "(in JSON.parse" in str(first) else first) from None
    finally:
        network.mode = "html"
