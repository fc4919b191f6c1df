"""Addresses rules read off a page, checked for code that came with the page (``{{…}}``
scripts, ``<js>``/``@js:``, a ``js`` URL option): text from a site is never code here; such an
address is fetched as plain text."""

from __future__ import annotations

import html
import json
import re
from urllib.parse import quote

from novelfetch.core.sources.rules.document import absolute_url
from novelfetch.core.sources.rules.js_rules import script_steps, url_needs_scripts
from novelfetch.core.sources.rules.templates import TEMPLATE, is_rule_body, is_simple
from novelfetch.core.sources.rules.url_js_option import split_js_option
from novelfetch.core.sources.rules.usability import runs_javascript


def address_from_rule(base: str, value: str, rule: str, page: str = "") -> str:
    """The address a rule gave (``value``, made absolute against ``base``), with any code from
    the ``page`` it was read on made plain text: a ``{{…}}`` script, ``<js>``/``@js:`` or a
    ``js`` option that is not the rule's own. Legado would run it; NovelFetch runs no code a
    site sends, and fetches the address as the page wrote it (a chapter whose link is an
    unrendered template fails alone, as it would have when its script failed).

    A rule without scripts reads its address off the page, so any code in it must be the
    rule's text (a replacement appending options the rule file wrote); a rule with scripts
    owns what they make (晋江文学城Android's scripts write a js option with the page's numbers
    in it), unless it passed code from the page through as it was."""
    url = absolute_url(base, value)
    if not url_needs_scripts(url):
        return url
    address, option = split_js_option(url)
    pieces = [option] if option else []
    pieces += [b for b in TEMPLATE.findall(address) if not is_rule_body(b) and not is_simple(b)]
    pieces += [text for kind, text in script_steps(address) or [] if kind == "js"]
    written = [p for p in pieces if p in rule or json.dumps(p, ensure_ascii=False)[1:-1] in rule]
    if runs_javascript(rule):
        seen = html.unescape(page)
        if not any(piece.strip() in seen for piece in pieces if piece not in written):
            return url
    elif len(written) == len(pieces):
        return url
    return _inert(address)


#: Where a URL rule's code starts or ends, and the same text percent-encoded (inert).
_CODE_MARKS = re.compile(r"\{\{|\}\}|</?js>|@js:", re.IGNORECASE)


def _inert(address: str) -> str:
    """``address`` (its ``js`` option already dropped) with the marks that start or end code
    percent-encoded: nothing in it runs, the rest is fetched as written."""
    return _CODE_MARKS.sub(lambda m: quote(m.group(0), safe=":/"), address)
