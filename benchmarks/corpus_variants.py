"""The pages a section's rules run on in the dry run: one shaped as they read it, one bare.

The shaped page is JSON or HTML as the section's rules tell (``corpus_pages``), holding what
their scripts look for (``corpus_scripts``, ``corpus_evaled``); the bare one has nothing, as a
site's odd page (a script failing only there fails in Legado too).
"""

from __future__ import annotations

import re

from novelfetch.core.sources.rules.js_rules import script_steps

from . import corpus_evaled, corpus_scripts
from .corpus_embedded import with_script_json
from .corpus_pages import html_page, is_json_rule, json_page, list_page_kind, looks_like_keys
from .corpus_values import time_keys, with_times


def page_variants(
    list_rule: str, items: list[str], page: list[str], json_source: bool, extra: list[str]
) -> list[str]:
    """The shaped page, then the bare one, of a section with these list, item and page rules
    (``json_source``: the source reads JSON somewhere); ``extra``: texts its scripts match."""
    steps = script_steps(list_rule) or []
    # A list (init) rule that is all script reads the page; its items read its value.
    read_by_items = [] if steps and all(kind == "js" for kind, _ in steps) else items
    rules = [rule for rule in (list_rule, *read_by_items, *page) if rule]
    keys_only = json_source and rules and all(looks_like_keys(rule) for rule in rules)
    json_read = any(map(is_json_rule, rules)) or corpus_scripts.parses_page_as_json(rules)
    json_read = json_read or any(map(_decoded_json, rules))
    evaled = corpus_evaled.evaled_json_samples(list_rule, items)  # JSON in the page's code
    guess = (keys_only or json_read) and not evaled
    if list_page_kind(list_rule) == "json" or (list_page_kind(list_rule) is None and guess):
        reads = corpus_scripts.json_chains([list_rule, *page], True)
        item_reads = corpus_scripts.json_chains(items, True)
        shaped = json_page(list_rule, items, page, reads, item_reads)
        return [with_times(shaped, time_keys(rules)), "{}"]
    if not read_by_items and any(is_json_rule(rule) for rule in items):
        # The script cuts JSON out of the page (``__STATE__=(.*);``) for its items' rules.
        cut = json_page("", items, [], [], corpus_scripts.json_chains(items, True))
        patterns = [pattern for _, pattern in corpus_scripts.regexes([list_rule])]
        extra = [*filter(None, (corpus_scripts.sample(p, cut) for p in patterns)), *extra]
    extra = [*evaled, *extra]
    shaped = html_page(list_rule, items, page, extra=extra)
    shaped = with_script_json(shaped, rules)  # JSON in the page's last script, where parsed
    return [shaped, "<html><body></body></html>"]


# a script that is one call of a function on the page: ``<js>decode(result)</js>``
_PAGE_CALL = re.compile(
    r"\s*[A-Za-z_$][\w$.]*\(\s*(?:String\(\s*)?(?:result|src)\s*\)?\s*\)\s*;?\s*"
)


def _decoded_json(rule: str) -> bool:
    """Whether ``rule`` reads JSON in what one call of a function made of the page (书耽:
    ``<js>decode(result)</js>$.data.chapter_info.txt_content``, decrypting it): that call
    undoes what the site did to its JSON, so the page is that JSON (``corpus_crypto``
    encrypts it as the source's key decrypts it)."""
    steps = script_steps(rule) or []
    return (
        len(steps) == 2
        and steps[0][0] == "js"
        and bool(_PAGE_CALL.fullmatch(steps[0][1]))
        and is_json_rule(steps[1][1].strip())
    )
