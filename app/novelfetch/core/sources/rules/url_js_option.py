"""Legado's ``js`` URL option (``url,{"js": "…"}``): code that rewrites the address a URL rule
built. AnalyzeUrl runs it once the address is made, with ``result`` the address, and takes
its value as the new one (晋江文学城Android's chapter links: ``{"js": "book?result:…"}``).
The code runs in the sandbox like any of the rule's scripts (``extract.scripted_request``)."""

from __future__ import annotations

import json

from novelfetch.core.sources.rules.document import absolute_url
from novelfetch.core.sources.rules.eval_errors import RuleError
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


def address_from_rule(base: str, value: str, rule: str) -> str:
    """The address a rule gave (``value``, made absolute against ``base``), refused when it
    holds code the rule does not: a rule that runs no script reads its address from the page,
    so a ``{{…}}`` script, ``<js>``/``@js:`` or a ``js`` option in it that is not the rule's own
    text (a replacement may append options the rule file wrote) is the site's. Legado would
    run it; NovelFetch runs no code a site sends. A rule with scripts owns what they make."""
    from novelfetch.core.sources.rules.js_rules import url_needs_scripts
    from novelfetch.core.sources.rules.usability import javascript_in

    url = absolute_url(base, value)
    if not url_needs_scripts(url) or javascript_in(rule) or split_js_option(rule)[1]:
        return url
    _, code = split_js_option(url)
    if code and (code in rule or json.dumps(code, ensure_ascii=False)[1:-1] in rule):
        if not url_needs_scripts(split_js_option(url)[0]):
            return url  # the only code is the option the rule file appended
    raise RuleError(rule, "gave an address holding code from the page; NovelFetch runs none")
