"""Does a rule's script compile? Read at import, by a parser that runs nothing.

A script that is not JavaScript fails every time it is reached, in Legado too (Rhino refuses
to compile it): an unterminated regular expression, a rule glued after ``@js:`` code
(``@js:…||class.x@href``: ``@js:`` takes everything after it), an over-escaped regex. Such a
source is refused at import, naming the place, rather than failing mid-download.

Why tree-sitter's JavaScript grammar and not QuickJS: QuickJS has no compile-only call here,
and its ``new Function(code)`` pastes the code into a wrapper and evaluates it, so code
holding ``})`` would run; import happens in the app's own process, where no script runs.
Checked against QuickJS on every script of 1,674 real sources: the same verdicts, once bare
carriage returns are read as the line ends they are in JavaScript.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

import tree_sitter_javascript
from tree_sitter import Language, Node, Parser

# Unicode's format characters (zero-width space …), which Rhino skips in code as the sandbox
# does before running it (js_rules._FORMAT_CHARACTERS).
_FORMAT_CHARACTERS = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_LINE_ENDS = re.compile(r"\r\n?")


@cache
def _language() -> Language:
    return Language(tree_sitter_javascript.language())


def syntax_error(code: str) -> str | None:
    """Where ``code`` stops being JavaScript (``line 2, at '||class.x'``), or None."""
    text = _LINE_ENDS.sub("\n", _FORMAT_CHARACTERS.sub("", code))
    tree = Parser(_language()).parse(text.encode("utf-8"))  # a parser per call: thread-safe
    if not tree.root_node.has_error:
        return None
    node = _first_error(tree.root_node)
    if node is None:  # has_error without a node to show: say so plainly
        return "it does not compile"
    line = node.start_point.row + 1
    if node.is_missing:
        return f"line {line}: '{node.type}' is missing"
    snippet = node.text.decode("utf-8", "replace").strip().split("\n", 1)[0] if node.text else ""
    snippet = snippet if len(snippet) <= 40 else snippet[:39] + "…"
    return f"line {line}, at '{snippet}'"


def _first_error(root: Node) -> Node | None:
    """The first ERROR or MISSING node in document order (no recursion: scripts nest deep)."""
    stack = [root]
    while stack:
        node = stack.pop()
        if node.is_error or node.is_missing:
            return node
        if node.has_error:
            stack.extend(reversed(node.children))
    return None


# -- Rhino's completion value -------------------------------------------------------------

#: Statements whose inner statements a script's completion value can come from, and where
#: they sit (a loop's header is not one: ``for (i = 0; i < n; i++)``).
_BODIES = {
    "statement_block": None, "if_statement": ("consequence", "alternative"),
    "else_clause": None, "for_statement": ("body",), "for_in_statement": ("body",),
    "while_statement": ("body",), "do_statement": ("body",), "with_statement": ("body",),
    "labeled_statement": ("body",), "try_statement": ("body", "handler", "finalizer"),
    "catch_clause": ("body",), "finally_clause": ("body",), "switch_statement": ("body",),
    "switch_body": None, "switch_case": ("body",), "switch_default": ("body",),
}  # fmt: skip
_RESULT = "__nf_r"
_DIRECTIVES = frozenset({b'"use strict"', b"'use strict'"})


def with_rhino_completion(code: str) -> str:
    """``code`` ending in the value Rhino gives it: that of the last expression statement it
    ran outside functions. ES2015 engines give undefined after an ``if`` or a loop that ran
    nothing (``result = f(result); if (x) {…}``), which would end a Legado rule with no
    value. The code is returned as it is when it does not parse; no line moves."""
    # A rule's script runs once per item: small ones are remembered (filled-in ones vary, and
    # a worker's memory is bounded); a large one costs a parse of a few milliseconds.
    return _rewritten(code) if len(code) <= 20_000 else _rewrite(code)


@lru_cache(maxsize=256)
def _rewritten(code: str) -> str:
    return _rewrite(code)


def _rewrite(code: str) -> str:
    tree = Parser(_language()).parse(code.encode("utf-8"))
    if tree.root_node.has_error:
        return code
    spans = list(_expression_spans(tree.root_node))
    if not spans:
        return code
    source = code.encode("utf-8")
    for start, end in reversed(spans):
        source = source[:start] + f"{_RESULT}=(".encode() + source[start:end] + b")" + source[end:]
    return source.decode("utf-8") + f"\n;var {_RESULT};{_RESULT}"  # var is hoisted


def _expression_spans(root: Node) -> list[tuple[int, int]]:
    """Byte spans of the expressions of the script's expression statements, in order, not
    entering functions or classes (their statements give no completion value)."""
    spans: list[tuple[int, int]] = []
    stack = [root]
    while stack:
        node = stack.pop()
        children: list[Node] = []
        if node.type == "program":
            children = list(node.named_children)
        elif node.type == "expression_statement":
            expression = node.named_children[0] if node.named_children else None
            if expression is not None and expression.text not in _DIRECTIVES:
                spans.append((expression.start_byte, expression.end_byte))
            continue
        elif node.type in _BODIES:
            fields = _BODIES[node.type]
            for index, child in enumerate(node.children):
                if fields is None or node.field_name_for_child(index) in fields:
                    children.append(child)
        stack.extend(reversed([child for child in children if child.is_named]))
    return sorted(spans)
