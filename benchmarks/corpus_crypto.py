"""The dry run's encrypted pages: what a site serves to a script that decrypts or decodes.

A source whose script decrypts a value of the page (``java.createSymmetricCrypto(…)
.decryptStr(result)``, ``java.aesBase64DecodeToString``) or decodes it
(``java.hexDecodeToString``, ``java.base64Decode``) was written for a site serving that
value encrypted under the script's own key. The synthetic page holds plain sample text
there, which no key decrypts, so the script fails where it would not on the site.

The rehearsal: run the source once, watching the host's decrypting and decoding calls that
fail; each gives the transformation, the key and iv, and the input (a value the synthetic
page held, or the whole page). Then the pages are served again with that input replaced by
``encrypt(plain)`` under the same transformation, key and iv, ``plain`` being what the page
would have held unencrypted: the value itself, or the JSON document shaped as the source's
rules and scripts read JSON (``corpus_network``), whichever the source's run gets further
with. The host itself is untouched: it decrypts as it does for a real site, strictly.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from novelfetch.core.sources.rules.js import codecs, host

#: Host calls that take what the site sent apart, and how a site makes what they take.
_DECRYPTS = ("decrypt", "decryptStr")
_DECODERS: dict[str, Callable[[str], str]] = {
    "hexDecodeToString": codecs.hex_encode,
    "base64Decode": lambda plain: codecs.base64_encode(plain),
    "base64DecodeToByteArray": lambda plain: codecs.base64_encode(plain),
}
#: The failure class the rehearsal is for (``corpus_report``).
DECRYPT_CLASS = "decrypts or decodes"
#: Rounds of rehearsal: a decrypted value may hold the next encrypted one.
ROUNDS = 3


@dataclass(frozen=True)
class Decoding:
    """One failed call: its input, and how a site would have made that input from text."""

    data: str
    encode: Callable[[str], str]


@contextmanager
def watched() -> Iterator[list[Decoding]]:
    """The host's decrypting and decoding calls that fail, while the block runs."""
    failed: list[Decoding] = []
    originals = {name: host._PURE[name] for name in ("crypto", *_DECODERS)}

    def crypto(operation: str, transformation: str, key: Any, iv: Any, data: str) -> Any:
        try:
            return originals["crypto"](operation, transformation, key, iv, data)
        except Exception:
            if operation in _DECRYPTS:
                key_bytes, iv_bytes = host._key_bytes(key) or b"", host._key_bytes(iv)
                failed.append(Decoding(data, lambda plain: codecs.encrypt_base64(
                    transformation, key_bytes, iv_bytes, plain)))  # fmt: skip
            raise

    def decoder(name: str) -> Callable[..., Any]:
        def call(text: str, *rest: Any) -> Any:
            try:
                return originals[name](text, *rest)
            except Exception:
                failed.append(Decoding(str(text), _DECODERS[name]))
                raise

        return call

    host._PURE["crypto"] = crypto
    host._PURE.update({name: decoder(name) for name in _DECODERS})
    try:
        yield failed
    finally:
        host._PURE.update(originals)


#: Inputs shorter than this (a pattern's sample: ``"a"``) are no text to find everywhere.
_DISTINCT = 6


def _quoted_once(page: str, plain: str, served: str) -> str:
    """``page`` with the first quoted ``plain`` (``"a"``, ``'a'``) served instead: a short
    input a script cut out of the page between quotes (白马楼: ``d\\("(.*?)"``) is the first
    such text, where the script's pattern finds it; elsewhere the same letters are not it."""
    found = re.search(rf"([\"'])({re.escape(plain)})\1(?!\s*:)", page)  # no JSON key
    if found is None:
        return page
    return page[: found.start(2)] + served + page[found.end(2) :]


class Rewrite:
    """Pages as the site serves them: each watched input replaced by its encrypted form."""

    def __init__(self, swaps: dict[str, str] | None = None) -> None:
        self.swaps = dict(swaps or {})

    def __call__(self, page: str) -> str:
        if page in self.swaps:  # the whole page was the input
            return self.swaps[page]
        for plain, served in self.swaps.items():
            if plain.strip() and len(plain) < _DISTINCT:
                page = _quoted_once(page, plain, served)
            elif plain.strip():
                page = page.replace(plain, served)
                quoted = json.dumps(plain, ensure_ascii=False)[1:-1]  # as a JSON page holds it
                page = page.replace(quoted, json.dumps(served)[1:-1])
        return page

    def with_encrypted(self, found: list[Decoding], plain: Callable[[str], str]) -> Rewrite:
        swaps = dict(self.swaps)
        for decoding in found:
            if decoding.data not in swaps.values():  # already the site's form: plain is wrong
                swaps[decoding.data] = decoding.encode(plain(decoding.data))
        return Rewrite(swaps)


def rehearsed(run: Callable[[Rewrite], Any], document: str) -> Any:
    """``run(rewrite)`` watched, then again with pages the source's key decrypts, for as long
    as that gets the run further; ``document`` is the source's JSON page (a plain text some
    sources' scripts read as JSON once decrypted). The run with the fewest failures stands."""
    rewrite = Rewrite()
    with watched() as found:
        best = run(rewrite)
    for _ in range(ROUNDS):
        if not found or not best.failures:
            break
        tries = []
        for plain in (lambda data: data, lambda data: document):
            candidate = rewrite.with_encrypted(found, plain)
            with watched() as again:
                tries.append((run(candidate), candidate, again))
        outcome, candidate, again = min(tries, key=lambda t: _progress(t[0]))
        if _progress(outcome) >= _progress(best):
            break
        best, rewrite, found = outcome, candidate, again
    return best


def _progress(run: Any) -> tuple[int, int]:
    """How far a run failed: its failures, then those still in decrypting or decoding (the
    same count, past the decryption, is further: the next step meets what the site holds)."""
    return len(run.failures), sum(DECRYPT_CLASS in kind for kind, _ in run.failures)
