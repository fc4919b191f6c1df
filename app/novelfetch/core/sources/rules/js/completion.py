"""A script's value as Legado's Rhino gives it: the last expression statement it ran.

A rule's script returns its *completion value*. Rhino (ES5 rules) keeps the value of the last
expression statement executed outside functions; an ``if`` not taken, a loop that never ran
or an empty ``try`` leave it as it was. QuickJS follows ES2015, where such a statement makes
the value ``undefined``. So a Legado script such as

    result = result.replace(/\\s+/g, "");
    if (result.indexOf("广告") > -1) { result = result.split("广告")[0] }

gives the cleaned text in Legado and nothing here when the page has no advertisement. Where a
script has such a statement outside functions, each of its expression statements there is
made to keep its value (``__nf_cv = (…)``) and the script ends with that value. Scripts
without one are left alone, and so is anything the parser (tree-sitter's JavaScript grammar)
cannot read, or not within its time budget (``syntax.parse_within_budget``): QuickJS then
reports the error itself.
"""

from __future__ import annotations

import functools
from typing import Any

#: Statements whose ES2015 completion differs from ES5's when their body leaves no value.
_RESETTING = frozenset(
    {
        "if_statement",
        "for_statement",
        "for_in_statement",
        "while_statement",
        "do_statement",
        "try_statement",
        "switch_statement",
        "with_statement",
    }
)
_VALUE = "__nf_cv"


@functools.lru_cache(maxsize=256)
def with_rhino_completion(script: str) -> str:
    """``script`` rewritten to give Rhino's completion value (see the module's text)."""
    if not any(word in script for word in ("if", "for", "while", "try", "switch", "with")):
        return script  # the common case, without a parse
    # Imported on first use: most workers never run a script with such a statement.
    from novelfetch.core.sources.rules.js.syntax import parse_within_budget

    source = script.encode("utf-8")
    tree = parse_within_budget(source)
    if tree is None or tree.root_node.has_error:
        return script
    root = tree.root_node
    expressions: list[tuple[int, int]] = []
    if not _visit(root, expressions):
        return script
    edits = bytearray()
    position = 0
    for start, end in expressions:
        edits += source[position:start] + f"{_VALUE}=(".encode() + source[start:end] + b")"
        position = end
    edits += source[position:] + f"\n;var {_VALUE};{_VALUE}".encode()
    return edits.decode("utf-8")


def _visit(node: Any, expressions: list[tuple[int, int]]) -> bool:
    """Collect the byte ranges of the expression statements in ``node``'s statements that
    are outside functions and classes; whether one of them resets the completion value."""
    resetting = False
    for child in node.named_children:
        resetting |= _statement(child, expressions)
    return resetting


def _statement(node: Any, expressions: list[tuple[int, int]]) -> bool:
    kind = node.type
    if "function" in kind or "class" in kind or kind == "method_definition":
        return False  # their statements never make the script's value
    if kind == "expression_statement":
        if node.named_children:  # functions inside it run elsewhere: not this script's value
            expression = node.named_children[0]
            expressions.append((expression.start_byte, expression.end_byte))
        return False
    if kind == "for_statement":  # its initializer and test parse as statements: not those
        body = node.child_by_field_name("body")
        return body is None or _statement(body, expressions) or True
    return _visit(node, expressions) | (kind in _RESETTING)
