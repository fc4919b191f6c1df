"""Text a script cuts out of the page with a pattern and decodes: the site's is encoded.

多看阅读: ``java.base64Decode(b64.match(/'(.+?)'/)[1])``, then ``JSON.parse(str).p``: the
site's answer holds, inside the quotes, Base64 of JSON with the keys the script reads. The
pattern's sample (``'a'``) is no Base64 a site would send (hutool's decoder skips what is
not Base64, so nothing fails there: ``JSON.parse`` does, on what it decoded), and it is too
short for the encrypted-page rehearsal (``corpus_crypto``) to find again in the page. So the
page holds, first, the pattern's sample with its group encoded as the decoder reads it: the
JSON of the keys the script reads after ``JSON.parse`` (the script's sample text when it
parses none).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from novelfetch.core.sources.rules.js import codecs

from .corpus_json_reads import json_reads
from .corpus_scripts import _LITERAL, sample

#: What a site does to a text that the script's decoder undoes.
_ENCODERS = {
    "base64Decode": codecs.base64_encode,
    "base64DecodeToByteArray": codecs.base64_encode,
    "hexDecodeToString": codecs.hex_encode,
}
_DECODED_MATCH = re.compile(
    r"java\s*\.\s*("
    + "|".join(_ENCODERS)
    + r")\(\s*(?:String\(\s*)?[\w$.]+\s*\.\s*match\(\s*"
    + _LITERAL
    + r"\s*\)\s*(?:\?\.)?\[\s*(\d)\s*\]"
)


def decoded_samples(texts: Iterable[str]) -> list[str]:
    """Samples of the patterns whose group a script decodes, that group encoded (above)."""
    from .corpus_pages import SAMPLE_LINK, SAMPLE_TEXT, _put_path

    out: list[str] = []
    for text in texts:
        for found in _DECODED_MATCH.finditer(text):
            decoder, pattern, group = found.group(1), found.group(2), int(found.group(3))
            document: Any = {}
            for chain in json_reads(text[found.end() :]):
                document = _put_path(document, chain, SAMPLE_LINK)
            plain = json.dumps(document, ensure_ascii=False) if document else SAMPLE_TEXT
            encoded = _ENCODERS[decoder](plain)
            made = sample(pattern, encoded)
            if made and _group(pattern, made, group) == encoded:
                out.append(made)
    return list(dict.fromkeys(out))


def _group(pattern: str, text: str, group: int) -> str | None:
    try:
        found = re.search(re.sub(r"\(\?<(?=[A-Za-z_])", "(?P<", pattern), text)
        return found.group(group) if found else None
    except (re.error, IndexError):
        return None
