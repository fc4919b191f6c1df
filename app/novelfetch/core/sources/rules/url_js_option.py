"""Legado's ``js`` URL option (``url,{"js": "…"}``): code that rewrites the address a URL rule
built. AnalyzeUrl runs it once the address is made, with ``result`` the address, and takes
its value as the new one (晋江文学城Android's chapter links: ``{"js": "book?result:…"}``).
The code runs in the sandbox like any of the rule's scripts (``extract.scripted_request``)."""

from __future__ import annotations

import json

from novelfetch.core.sources.rules.urls import parse_url_options, split_url_rule


def split_js_option(url_rule: str) -> tuple[str, str]:
    """The URL rule without its ``js`` option, and that option's code ('' when none)."""
    url_part, options_text = split_url_rule(url_rule)
    if "js" not in options_text:
        return url_rule, ""
    options = parse_url_options(options_text)
    code = options.pop("js", None)
    if not isinstance(code, str) or not code.strip():
        return url_rule, ""
    rest = "," + json.dumps(options, ensure_ascii=False) if options else ""
    return url_part + rest, code
