"""JSON a site's page carries in a ``<script>`` element, for scripts that parse it.

花火文学: ``JSON.parse(String(java.getElements('script.-1')).replace(/<\\/?script>/g, ''))``,
then ``data.my.search.novelList.result``: the site's search page ends with a script holding
its state as JSON. The dry run's page ends with one holding the keys the script reads of it
(followed through its names and loops as ``corpus_json_reads`` does).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from .corpus_json_reads import _closing, json_reads

# a script element read with a rule or a selector: ``java.getElements('script.-1')``,
# ``java.getElement("tag.script.0")``, ``doc.select("script")``
_SCRIPT_ELEMENT = re.compile(
    r"(?:java\s*\.\s*getElements?|\.\s*select(?:First)?)\(\s*(['\"])(?:@css:)?(?:tag\.)?script\b"
)
_PARSE = re.compile(r"JSON\s*\.\s*parse\s*\(")
_HELD = "__script_json__"  # a name standing for the parsed element in the script's text


def script_json_reads(texts: Iterable[str]) -> list[list[str | None]]:
    """The key chains scripts read of JSON they parse out of a page's script element."""
    chains: list[list[str | None]] = []
    for text in texts:
        for call in _PARSE.finditer(text):
            close = _closing(text, call.end() - 1)
            if close < 0 or not _SCRIPT_ELEMENT.search(text, call.end(), close):
                continue
            code = text[: call.start()] + _HELD + text[close + 1 :]
            chains += json_reads(code, page_only=True, bound={_HELD: []})
    return sorted({tuple(chain): chain for chain in chains}.values(), key=len)


def with_script_json(page: str, texts: Iterable[str]) -> str:
    """``page`` ending with a script element holding JSON of what the scripts in ``texts``
    read of one (the page as it is when none does)."""
    from .corpus_pages import SAMPLE_LINK, _put_path

    chains = script_json_reads(texts)
    if not chains:
        return page
    document: Any = {}
    for chain in chains:
        document = _put_path(document, chain, SAMPLE_LINK)
    held = json.dumps(document, ensure_ascii=False).replace("</", "<\\/")
    return page.replace("</body>", f"<script>{held}</script></body>")
