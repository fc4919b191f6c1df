"""Code a script cuts out of the page and evals, or JSON it cuts out for its rule's steps: a
site's page holds it, so the dry run's does (``corpus_scripts`` makes the samples)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from novelfetch.core.sources.rules.js_rules import script_steps

from .corpus_json_reads import json_reads
from .corpus_scripts import _LITERAL, json_chains, sample

_EVAL_MATCH = re.compile(r"eval\(\s*(?:String\(\s*)?[\w.]+\s*\.\s*match\(\s*" + _LITERAL)
_HELD_MATCH = re.compile(r"([A-Za-z_$][\w$]*)\s*=\s*[\w.]+\s*\.\s*match\(\s*" + _LITERAL)
_FILL = '["2"]'  # what a sample's free run holds where code is evaled: a list of texts
_LEADING_NAME = re.compile(r"[A-Za-z_$][\w$]*")


def eval_samples(texts: Iterable[str]) -> list[str]:
    r"""Samples of the patterns whose match a script ``eval``s (古风漫画:
    ``eval(result.match(/chapterImages\s*=\s*[^;]*/)[0])``, then ``chapterImages.map``): a
    site's code there assigns a literal; a list of texts, which reads as a list and, joined,
    as a text (a number would be neither). Where the scripts read the name the code assigns
    (快看漫画: ``/__NUXT__[^<]*/``, then ``__NUXT__.data[0].topicInfo.title``), the literal
    holds the keys they read, and an ``=`` the pattern leaves to its free run assigns it."""
    after: dict[str, list[str]] = {}  # each pattern: the code after each eval of its match
    groups: dict[str, int] = {}  # and the group evaled (``[1]``: the first; the match: 0)
    for text in texts:
        for found in _EVAL_MATCH.finditer(text):
            after.setdefault(found.group(1), []).append(text[found.end() :])
            groups[found.group(1)] = _group_at(text, found.end())
        for found in _HELD_MATCH.finditer(text):  # ``next = src.match(/…/); eval(next[0])``
            name = re.escape(found.group(1))
            held = rf"eval\(\s*[^;)]*(?<![\w$.]){name}(?![\w$])"
            if evaled := re.compile(held).search(text, found.end()):
                after.setdefault(found.group(2), []).append(text[evaled.end() :])
                group = _group_at(text, found.end()) or _group_at(text, evaled.end())
                groups[found.group(2)] = group
    out: list[str] = []
    for pattern, codes in after.items():
        made = sample(pattern, _FILL)
        if made is None or _quoted_fill(_evaled(pattern, made, groups[pattern])):
            continue  # a quoted run (``new Array\(".*?"\)``) is a text, not code
        name = _LEADING_NAME.match(made or "")
        if made and name and any(re.search(rf"(?<![\w$.]){re.escape(name[0])}(?![\w$])", code)
                                 for code in codes):  # fmt: skip
            literal = _read_literal(codes, name[0])
            if not made[name.end() :].lstrip().startswith("="):
                literal = "=" + literal
            made = sample(pattern, literal) or made
        if made:
            out.append(made)
    return out


_GROUP = re.compile(r"\)?\s*(?:\?\.)?\[\s*(\d)\s*\]")


def _group_at(text: str, at: int) -> int:
    """The group index read right at ``at`` (``…/)?.[1]``, ``next[0]``), 0 when none is."""
    found = _GROUP.match(text, at)
    return int(found.group(1)) if found else 0


def _evaled(pattern: str, made: str, group: int) -> str:
    """What of the sample ``made`` the script evals: the match or one of its groups."""
    found = re.search(re.sub(r"\(\?<(?=[A-Za-z_])", "(?P<", pattern), made)
    try:
        return (found.group(group) or "") if found else made
    except IndexError:
        return made


def _quoted_fill(code: str) -> bool:
    """Whether the free run of the code a script evals sits inside a quoted text (``new
    Array("…")``), where a literal is no code; quotes around the group evaled (全本小说网:
    ``"(load_more\\(.*?\\))"`` then ``eval(more)`` of the group) leave it code."""
    at = code.find(_FILL)
    before = code[:at] if at >= 0 else code  # no free run: any quote may be the code's text
    return any(before.count(quote) % 2 for quote in "\"'")


def _read_literal(codes: list[str], name: str) -> str:
    """JSON holding the keys ``codes`` read of ``name`` (a list of texts when they read none)."""
    from .corpus_pages import SAMPLE_LINK, _put_path

    root = "\0" + name
    reads = [c[1:] for code in codes for c in json_reads(code, bound={name: [root]})
             if c[:1] == [root]]  # fmt: skip
    if not any(isinstance(step, str) for chain in reads for step in chain):
        return '["2"]'
    document: Any = {}
    for chain in sorted(reads, key=len):
        document = _put_path(document, chain, SAMPLE_LINK)
    return json.dumps(document, ensure_ascii=False)


def evaled_json_samples(list_rule: str, item_rules: list[str]) -> list[str]:
    r"""The code a list rule's first script cuts out of the page and evals, when JSONPath
    steps after it read what that code assigned (快看漫画: ``eval(result.match(/__NUXT__[^<]*/)
    [0]); result=JSON.stringify(__NUXT__)`` then ``$.data[*].comicList[*]``): the page is
    HTML holding the assignment of JSON those steps and the item rules read ([] otherwise);
    so too for a script that is a capture of the page (百度图片: ``result.match(/…,( [\s\S]+?,
    \{\}\]\})\)/)[1]``), the group capturing that JSON."""
    from .corpus_pages import is_json_rule, json_page

    steps = script_steps(list_rule) or []
    if len(steps) < 2 or steps[0][0] != "js":
        return []
    rest = next((text for kind, text in steps[1:] if kind == "rule"), "")
    if not is_json_rule(rest):
        return []
    cut = json_page(rest.strip(), item_rules, [], [], json_chains(item_rules, True))
    out = []
    for found in _EVAL_MATCH.finditer(steps[0][1]):
        made = sample(found.group(1), "=" + cut)
        if made and _LEADING_NAME.match(made):
            out.append(made)
    cut_out = _CUT_MATCH.fullmatch(steps[0][1])  # 百度图片: ``result.match(/…,( [\s\S]+?)\)/)[1]``
    # the JSON the group captures, less the closing brackets the pattern writes after its run
    pattern = cut_out.group(1) if cut_out else ""
    for made in (sample(pattern, cut[: len(cut) - k]) for k in range(3 if pattern else 0)):
        if made and _parses(_captured(pattern, made)):
            out.append(made)
            break
    return out


_CUT_MATCH = re.compile(
    r"\s*(?:result|src)\s*\.\s*match\(\s*" + _LITERAL + r"\s*\)\s*\[\s*1\s*\]\s*;?\s*"
)


def _captured(pattern: str, text: str) -> str:
    found = re.search(re.sub(r"\(\?<(?=[A-Za-z_])", "(?P<", pattern), text)
    return found.group(1) if found and found.lastindex else ""


def _parses(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True
