"""What a source's scripts look for, read from their text, so the dry run can give it to them.

A real site's pages hold what its source's scripts were written against: the text their
regular expressions match (``result.match(/共(\\d+)页/)[1]``), the elements they select
(``Jsoup.parse(html).select("[name=_token]")``), the keys they read after ``JSON.parse``. A
synthetic page shaped only by the rules has none of it, and a script that reads it fails
where it would not on the site. This module finds those expectations (statically; nothing is
run) and makes text that meets them: for each regular expression the shortest plain string it
matches, built from the expression's parse tree.
"""

from __future__ import annotations

import re
import re._parser as sre_parse  # the standard library's own regex parser
from collections.abc import Iterable
from typing import Any

from novelfetch.core.sources.rules.js_rules import script_steps
from novelfetch.core.sources.rules.model import RuleSource

from .corpus_json_reads import script_reads

# A regex literal as a script writes one, right before .exec/.test or as .match's argument.
_LITERAL = r"/((?:\\.|\[(?:\\.|[^\]\\\n])*\]|[^/\\\n\[])+)/[dgimsuy]*"
_MATCH_CALL = re.compile(r"(\b\w+(?:\.\w+)*|\))\s*\.\s*(?:match|matchAll|search)\(\s*" + _LITERAL)
_EXEC_CALL = re.compile(_LITERAL + r"\s*\.\s*(?:exec|test)\(\s*(\w+)")
_NEW_REGEXP = re.compile(r"new\s+RegExp\(\s*(['\"])((?:\\.|(?!\1).)+)\1")
# ``var regex = /第(\d+)页/`` then ``src.match(regex)``
_NAMED_LITERAL = re.compile(r"\b\w+\s*=\s*" + _LITERAL)
_SPLIT = re.compile(r"\.split\(\s*(['\"])([^'\"\\\n]{1,12})\1\s*\)")
# ``o('.cl1 ul')`` where ``o = selector => J.select(selector).text()``: a class or id
# selector handed to a helper that selects with it
_SELECTOR_ARGUMENT = re.compile(r"\b\w+\(\s*(['\"])([.#][A-Za-z][\w-]*(?:[ >]+[\w.#-]+)*)\1\s*\)")
_SELECT = re.compile(r"\.(?:select|selectFirst)\(\s*(['\"])((?:\\.|(?!\1).)+)\1")
_RULE_CALL = re.compile(
    r"java\.(?:getString|getStringList|getElements?)\(\s*(['\"])((?:\\.|(?!\1).)+)\1"
)
_PARSED_PAGE = re.compile(
    # the page, parsed as JSON (through ``String`` or the source's own function: 笔阅读器's
    # ``JSON.parse(decode(result))``, its jsLib's decrypter, which passes plain JSON on), or
    r"JSON\.parse\(\s*(?:[A-Za-z_$][\w$]*\s*\(\s*){0,2}(?:result|src)\b"
    r"|java\.getString(?:List)?\(\s*['\"]\$[.\[]"  # read with a JSONPath (a JSON page only)
)

_SAMPLE_CHARS = "2a_ -"  # what a class stands for: a digit first (ids, page counts: a
# page count of 2, as where a site shows one: a script making pages 2 … n makes one)


def rule_texts(source: RuleSource) -> list[str]:
    """The rules of the source's sections (ruleSearch …), as written."""
    return [
        rule
        for value in source.raw.values()
        if isinstance(value, dict)
        for rule in value.values()
        if isinstance(rule, str) and rule.strip()
    ]


def rule_steps(rules: Iterable[str]) -> list[str]:
    """The rule steps of ``rules``, each apart: in ``$.link<js>java.ajax(result)</js>$.body``
    the page the script fetched is read by ``$.body``, the page before it by ``$.link``."""
    steps: list[str] = []
    for rule in rules:
        parts = script_steps(rule)
        steps.extend([rule] if parts is None else [text for kind, text in parts if kind == "rule"])
    return steps


def script_texts(source: RuleSource) -> list[str]:
    """Every text of the source a script may run or eval: rules, ``jsLib``, other fields."""
    texts: list[str] = []
    for value in source.raw.values():
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, dict):
            texts.extend(v for v in value.values() if isinstance(v, str))
    return texts


def regexes(texts: Iterable[str]) -> list[tuple[str, str]]:
    """``(what it is applied to, pattern)`` for the regular expressions in the scripts."""
    found: list[tuple[str, str]] = []
    for text in texts:
        found.extend((m.group(1).split(".")[-1], m.group(2)) for m in _MATCH_CALL.finditer(text))
        found.extend((m.group(2), m.group(1)) for m in _EXEC_CALL.finditer(text))
        found.extend(("", _unquote(m.group(2))) for m in _NEW_REGEXP.finditer(text))
        found.extend(("", m.group(1)) for m in _NAMED_LITERAL.finditer(text))
    return list(dict.fromkeys(found))


_TEST_CALL = re.compile(r"\.\s*search\(\s*" + _LITERAL + r"|" + _LITERAL + r"\s*\.\s*test\(")
_READ_CALL = re.compile(
    r"\.\s*(?:match|matchAll)\(\s*" + _LITERAL + r"|" + _LITERAL + r"\s*\.\s*exec\("
)


def tested_patterns(texts: Iterable[str]) -> set[str]:
    """Patterns the scripts only test a text with (笔阅读器: ``str.search(/JP2\\/W5V/) >= 0``
    then decrypt, else the text is plain JSON; ``/x/.test(s)``), reading none of what they
    match: whether a site's answer holds one is what the script asks, not what it reads."""
    texts = list(texts)
    tested = {m.group(1) or m.group(2) for text in texts for m in _TEST_CALL.finditer(text)}
    read = {m.group(1) or m.group(2) for text in texts for m in _READ_CALL.finditer(text)}
    return tested - read


def split_samples(texts: Iterable[str]) -> list[str]:
    """Text with the separators scripts split values at (``text.split(' | ')[1]``): a site's
    value holds them, or the script would not split it."""
    found = [m.group(2) for text in texts for m in _SPLIT.finditer(text)]
    return [f"2{separator}2" for separator in dict.fromkeys(found) if separator.strip()]


def selectors(texts: Iterable[str]) -> list[str]:
    """CSS selectors and rules the scripts read pages with (``.select``, ``java.getString``)."""
    found: list[str] = []
    for text in texts:
        found.extend("@css:" + _unquote(m.group(2)) for m in _SELECT.finditer(text))
        found.extend(_unquote(m.group(2)) for m in _RULE_CALL.finditer(text))
        found.extend("@css:" + m.group(2) for m in _SELECTOR_ARGUMENT.finditer(text))
    return list(dict.fromkeys(found))


def page_part(rule: str) -> str:
    """What of ``rule`` reads the page: the part before its first script (``a@href@js:…``
    reads the link, then the script reads that; ``<js>…</js>$.x`` reads what the script gave)."""
    steps = script_steps(rule)
    if steps is None:
        return rule
    rules = [text for kind, text in steps if kind == "rule"]
    if steps[0][0] == "rule":
        return rules[0]
    return rules[-1] if rules else ""  # the script's value is shaped as the page, mostly


def parses_page_as_json(rules: Iterable[str]) -> bool:
    """Whether a script reads the page itself as JSON (``JSON.parse(result)``, or
    ``java.getString("$.data")``, which Legado reads only on a JSON page)."""
    return any(_PARSED_PAGE.search(rule) for rule in rules)


def json_chains(texts: Iterable[str], page_only: bool = False) -> list[list[str | None]]:
    """Key paths scripts read in what ``JSON.parse`` gave (with ``page_only``, of the page
    only), or in what a JSONPath step before them gave (``corpus_json_reads``): a None step
    stands for an index."""
    return script_reads(texts, page_only)


def sample(pattern: str, fill: str = "") -> str | None:
    r"""A short plain string the (JavaScript) regular expression matches, or None; ``fill``
    is what its first free run (``.*``, ``[\s\S]+``) stands for, when the script's rules
    read it (the JSON a script cuts out of the page with ``__STATE__=(.*);``)."""
    python = re.sub(r"\(\?<(?=[A-Za-z_])", "(?P<", pattern)
    try:
        tree = sre_parse.parse(python)
        text = _generate(list(tree), [fill] if fill else [])
        return text if re.search(python, text) else None
    except Exception:  # a pattern Python cannot read, or one this generator cannot meet
        return None


#: What a script's pattern reads the page through: any other name holds text a script made,
#: most often what another pattern captured (``s = result.match(/x\{(.*?)\}/)[1]``).
_PAGE_NAMES = frozenset(("result", "src", "baseUrl", "content", "html", "body", ""))


def nested_samples(found: list[tuple[str, str]]) -> list[str]:
    r"""Samples of the page's patterns whose groups capture what a pattern on captured text
    matches (女读小说: ``s.match(/"(.*?)":"(.*?)"/)`` on what ``/replace.*?\{(.*?)\}/`` caught):
    a site's page holds both, or the script would not read the one out of the other."""
    inner = [(p, text) for on, p in found if on not in _PAGE_NAMES and (text := sample(p))]
    out: list[str] = []
    for on, pattern in found:
        if on in _PAGE_NAMES and "(" in pattern:
            for inner_pattern, text in inner[:5]:
                held = _holding(pattern, text, inner_pattern)
                if held:
                    out.append(held)
    return out


def _holding(pattern: str, text: str, inner_pattern: str) -> str | None:
    python = re.sub(r"\(\?<(?=[A-Za-z_])", "(?P<", pattern)
    try:
        made = _generate(list(sre_parse.parse(python)), [text] * 8)
        match = re.search(python, made)
        groups = [group for group in match.groups() if group] if match else []
        return made if any(finds(inner_pattern, group) for group in groups) else None
    except Exception:  # a pattern Python cannot read, or one this generator cannot meet
        return None


def page_address(site: str, rules: list[str], default: str) -> str:
    """The address of a page the rules read: ``default``, unless their scripts' patterns on
    ``baseUrl`` find nothing in it; then one holding what those patterns match too (a real
    site's addresses are what its scripts were written for)."""
    patterns = [pattern for on, pattern in regexes(rules) if on == "baseUrl"]
    missing = [pattern for pattern in patterns if not finds(pattern, default)]
    parts = [part.strip("/") for part in samples(missing) if "://" not in part]
    if not parts:
        return default
    site = site.rstrip("/")
    both = site + "/" + "/".join(parts) + default.removeprefix(site)  # /ebook/book/1.html
    if all(finds(pattern, both) for pattern in patterns):
        return both
    parts = [part.strip("/") for part in samples(patterns) if "://" not in part]
    return site + "/" + "/".join(parts)


_NAME = r"[A-Za-z_$][\w$]*"
_CALLED_WITH_ADDRESS = re.compile(r"(?<![\w$.])([A-Za-z_$][\w$]*)\(\s*baseUrl\s*[,)]")


def address_readers(rules: Iterable[str], texts: Iterable[str]) -> list[str]:
    """The bodies of the functions ``rules`` call with ``baseUrl`` (晋江文学城: ``bDe(baseUrl)``,
    ``getNid(baseUrl)``, its ``jsLib``'s), their parameter renamed ``baseUrl``: what their
    patterns look for in it, a site's address holds (``page_address``)."""
    names = {m.group(1) for rule in rules for m in _CALLED_WITH_ADDRESS.finditer(rule)}
    bodies: list[str] = []
    for text in texts:
        for name in names:
            for found in re.finditer(rf"function\s+{re.escape(name)}\s*\(\s*({_NAME})", text):
                start = text.find("{", found.end())
                body = text[start : _closing_brace(text, start) + 1] if start >= 0 else ""
                parameter = rf"(?<![\w$.\\]){re.escape(found.group(1))}(?![\w$])"  # not ``\d``
                bodies.append(re.sub(parameter, "baseUrl", body))
    return list(dict.fromkeys(bodies))


def _closing_brace(text: str, opening: int) -> int:
    """The index of the brace closing the one at ``opening`` (the text's end if none)."""
    depth = 0
    for index in range(opening, len(text)):
        depth += {"{": 1, "}": -1}.get(text[index], 0)
        if depth == 0:
            return index
    return len(text) - 1


def text_replaced(rule: str, text: str) -> str:
    r"""``text`` as a rule that rewrites it with a capture (``@text##.*\/(\d+)$##$1``) reads
    it: holding what the pattern matches (a site's text does, or its group would be empty)."""
    parts = page_part(rule).split("##")
    if len(parts) < 3 or not re.search(r"\$\d", parts[2]) or finds(parts[1], text):
        return text
    made = sample(parts[1])
    if not made:
        return text
    return f"{text} {made}" if finds(parts[1], f"{text} {made}") else made


def attribute_value(rule: str, link: str) -> str:
    r"""An attribute a rule reads: ``link``, followed by what the patterns of the script after
    the rule look for in it (``@onclick@js:result.match(/\('(.*?)'/)[1]``): the site's holds it."""
    missing = [pattern for _, pattern in regexes([rule]) if not finds(pattern, link)]
    return " ".join([link, *samples(missing)])


def finds(pattern: str, text: str) -> bool:
    """Whether the (JavaScript) regular expression finds something in ``text`` (False when
    Python cannot read it)."""
    try:
        return re.search(re.sub(r"\(\?<(?=[A-Za-z_])", "(?P<", pattern), text) is not None
    except re.error:
        return False


def samples(patterns: Iterable[str]) -> list[str]:
    return [text for text in (sample(p) for p in patterns) if text]


_CLOSERS = {ord("}"): "{", ord("]"): "["}


def _generate(items: list[tuple[Any, Any]], fill: list[str]) -> str:
    out: list[str] = []
    for index, (op, av) in enumerate(items):
        name = str(op)
        opener = _opener_before(items, index)
        if opener:  # ``([\s\S]+\})``: a site's text there is an object literal (eval'd)
            out.append(opener)
            continue
        if name == "LITERAL":
            out.append(chr(av))
        elif name == "NOT_LITERAL":
            out.append(next(c for c in _SAMPLE_CHARS if ord(c) != av))
        elif name == "ANY":
            out.append("a")
        elif name == "IN":
            out.append(_in_class(av))
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, high, body = av
            if fill and high > 1 and _free(list(body)):
                out.append(fill.pop())
                continue
            out.append(_generate(list(body), fill) * min(max(low, 1), high))
        elif name == "SUBPATTERN":
            out.append(_generate(list(av[-1]), fill))
        elif name == "ATOMIC_GROUP":
            out.append(_generate(list(av), fill))
        elif name == "BRANCH":
            out.append(_generate(list(av[1][0]), fill))
        elif name in ("AT", "ASSERT_NOT"):
            continue
        elif name == "ASSERT":
            continue  # a lookahead's text follows anyway in most scripts' patterns
        elif name == "GROUPREF":
            continue
        else:
            raise ValueError(name)
    return "".join(out)


def _free(body: list[tuple[Any, Any]]) -> bool:
    r"""Whether a repeat's body takes any text (``.``, ``[\s\S]``, ``[^<]``)."""
    if len(body) != 1:
        return False
    op, av = body[0]
    if str(op) == "NOT_LITERAL":  # ``[^;]``: all but one character
        return chr(av) not in '{"a:,[]'
    return str(op) == "ANY" or (str(op) == "IN" and all(_class_takes(av, c) for c in '{"a:,'))


def _opener_before(items: list[tuple[Any, Any]], index: int) -> str:
    """``{`` (``[``) for a repeat of a class that holds it, right before a literal ``}``
    (``]``): what a real page has there."""
    op, av = items[index]
    if str(op) not in ("MAX_REPEAT", "MIN_REPEAT") or index + 1 >= len(items):
        return ""
    after_op, after = items[index + 1]
    body = list(av[2])
    if str(after_op) != "LITERAL" or after not in _CLOSERS or len(body) != 1:
        return ""
    opener = _CLOSERS[after]
    before_op, before = items[index - 1] if index else (None, None)
    if str(before_op) == "LITERAL" and before == ord(opener):  # ``\{.*\}``: it is there
        return ""
    body_op, body_av = body[0]
    if str(body_op) == "ANY" or (str(body_op) == "IN" and _class_takes(body_av, opener)):
        return opener
    return ""


def _class_takes(items: list[tuple[Any, Any]], char: str) -> bool:
    negated = bool(items) and str(items[0][0]) == "NEGATE"
    return bool(re.fullmatch(_class_source(items), char)) != negated


def _in_class(items: list[tuple[Any, Any]]) -> str:
    negated = bool(items) and str(items[0][0]) == "NEGATE"
    compiled = re.compile(_class_source(items))
    for char in _SAMPLE_CHARS + "0Aa.,:/\"'<>中":
        if bool(compiled.fullmatch(char)) != negated:
            return char
    raise ValueError("empty class")


def _class_source(items: list[tuple[Any, Any]]) -> str:
    parts: list[str] = []
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            parts.append(re.escape(chr(av)))
        elif name == "RANGE":
            parts.append(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif name == "CATEGORY":
            parts.append(_CATEGORIES.get(str(av), ""))
    return "[" + "".join(parts) + "]" if parts else "[^\\s\\S]"


_CATEGORIES = {
    "CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_SPACE": r"\s",
    "CATEGORY_NOT_SPACE": r"\S", "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W",
}  # fmt: skip


def _unquote(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)
