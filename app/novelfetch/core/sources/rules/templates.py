"""The few ``{{…}}`` expressions common enough to evaluate without a JavaScript engine.

Legado treats the body of ``{{…}}`` as JavaScript unless it starts with a rule prefix. Most
sources only use arithmetic on ``page``, ``key``, string literals, ``+`` concatenation, a
ternary on ``page``, ``encodeURI(key)`` / ``java.encodeURI(key)``, and read what Legado
binds for scripts: ``baseUrl``, ``title``, ``book.name``, ``source.getKey()`` … (see
``CONTEXT_NAMES``). ``cookie.removeCookie(…)`` (clear the site's cookies before a search)
gives nothing, as in Legado (``js_network.request_for`` clears the jar), and ``a = …; b``
sequences are read. This module parses exactly
that little language (JavaScript semantics for ``+``, ``==`` and number formatting) into a
tree and evaluates it; anything else is reported as "needs JavaScript". Nothing is ever
executed.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import quote, quote_plus

from novelfetch.core.sources.rules.closed_patterns import ClosedPattern

TEMPLATE = ClosedPattern(r"\{\{(.*?)\}\}", "}}", re.DOTALL)
RULE_PREFIXES = ("@", "$.", "$[", "//")

Value = int | float | str

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<number>\d+(?:\.\d+)?)
      | (?P<string>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
      | (?P<name>[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)
      | (?P<op>===|!==|==|!=|>=|<=|&&|\|\||[-+*/%?:()<>=;,])
    )""",
    re.VERBOSE,
)
#: What Legado binds for a script, as a template may read it; a name missing from the values
#: at hand reads as ''.
CONTEXT_NAMES = frozenset(
    {
        "key",
        "page",
        "baseUrl",
        "title",
        "book.name",
        "book.author",
        "book.bookUrl",
        "book.tocUrl",
        "book.origin",
        "book.kind",
        "book.durChapterTitle",
        "book.latestChapterTitle",
        "chapter.title",
        "chapter.url",
        "source.key",
        "source.bookSourceUrl",
        "source.bookSourceName",
    }
)


def _url_encoder(text: str, charset: str = "utf-8") -> str:
    """Java's URLEncoder.encode, behind Legado's ``java.encodeURI(text[, charset])``."""
    try:
        encoded = quote_plus(text, safe="*", encoding=charset.strip() or "utf-8")
    except (LookupError, UnicodeEncodeError):
        raise TemplateError(f"cannot encode {text!r} in {charset!r}") from None
    return encoded.replace("~", "%7E")


_FUNCTIONS: dict[str, Callable[..., str]] = {
    # JavaScript's reserved/unreserved sets; always UTF-8, as in a browser.
    "encodeURI": lambda s: quote(s, safe=";,/?:@&=+$-_.!~*'()#"),
    "encodeURIComponent": lambda s: quote(s, safe="-_.!~*'()"),
    "String": lambda s: s,
    "java.encodeURI": _url_encoder,
    # Clearing the site's cookies gives nothing (Rhino's undefined, which Legado prints as '').
    "cookie.removeCookie": lambda _url: "",
}
#: Methods that read a bound value: ``source.getKey()`` is ``source.key``.
_GETTERS = {"source.getKey": "source.key"}


class TemplateError(ValueError):
    """The body is not one of the simple templates (so it would need JavaScript)."""


@dataclass(frozen=True)
class _Node:
    op: str  # 'lit', 'var', 'call', 'neg', 'not', or a binary/ternary operator
    args: tuple = ()


def is_rule_body(body: str) -> bool:
    """True when a ``{{…}}`` body is an embedded rule rather than JavaScript."""
    return body.strip().startswith(RULE_PREFIXES)


def is_simple(body: str, names: Iterable[str] = CONTEXT_NAMES) -> bool:
    try:
        parse(body, frozenset(names))
    except TemplateError:
        return False
    return True


def evaluate(body: str, values: Mapping[str, Value]) -> str:
    """Evaluate a simple template body to the text JavaScript would give; TemplateError if it
    is not a simple template over the names in ``values``."""
    tree = parse(body, frozenset(values) | CONTEXT_NAMES)
    scope: dict[str, Value] = {name: "" for name in CONTEXT_NAMES}
    scope.update(values)
    return to_text(_eval(tree, scope))


# Real simple templates are a few dozen characters; longer bodies are scripts, and the
# limit also bounds the parser's recursion.
MAX_TEMPLATE_LENGTH = 200


@functools.lru_cache(maxsize=512)
def parse(body: str, names: frozenset[str]) -> _Node:
    if len(body) > MAX_TEMPLATE_LENGTH:
        raise TemplateError("template too long to be a simple one")
    tokens = _tokenize(body)
    parser = _Parser(tokens, names)
    tree = parser.program()
    if parser.pos != len(tokens):
        raise TemplateError(f"unexpected {tokens[parser.pos][1]!r} in {{{{{body}}}}}")
    return tree


def to_text(value: Value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _tokenize(body: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    pos = 0
    text = body.rstrip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None or match.end() == pos:
            raise TemplateError(f"not a simple template: {{{{{body}}}}}")
        kind = match.lastgroup or ""
        tokens.append((kind, match.group(kind)))
        pos = match.end()
    if not tokens:
        raise TemplateError("empty template {{}}")
    return tokens


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]], names: frozenset[str]) -> None:
        self.tokens = tokens
        self.names = set(names)
        self.pos = 0

    def program(self) -> _Node:
        """``statement (; statement)*``: the value of the last one (JavaScript's eval)."""
        statements = [self.statement()]
        while self._peek() == ";":
            self._take(";")
            if self.pos == len(self.tokens):
                break
            statements.append(self.statement())
        return statements[0] if len(statements) == 1 else _Node("seq", tuple(statements))

    def statement(self) -> _Node:
        ahead = self.tokens[self.pos : self.pos + 2]
        if len(ahead) == 2 and ahead[0][0] == "name" and ahead[1] == ("op", "="):
            name = ahead[0][1]
            if "." in name:
                raise TemplateError(f"assigning to {name} is JavaScript")
            self.pos += 2
            value = self.ternary()
            self.names.add(name)
            return _Node("assign", (name, value))
        return self.ternary()

    def _peek(self) -> str | None:
        return self.tokens[self.pos][1] if self.pos < len(self.tokens) else None

    def _take(self, expected: str | None = None) -> tuple[str, str]:
        if self.pos >= len(self.tokens):
            raise TemplateError("template ends too early")
        token = self.tokens[self.pos]
        if expected is not None and (token[0] != "op" or token[1] != expected):
            raise TemplateError(f"expected {expected!r}, found {token[1]!r}")
        self.pos += 1
        return token

    def ternary(self) -> _Node:
        condition = self.logic()
        if self._peek() != "?":
            return condition
        self._take("?")
        then = self.ternary()
        self._take(":")
        return _Node("?", (condition, then, self.ternary()))

    def logic(self) -> _Node:
        node = self.compare()
        while self._peek() in ("&&", "||"):
            op = self._take()[1]
            node = _Node(op, (node, self.compare()))
        return node

    def compare(self) -> _Node:
        node = self.additive()
        if self._peek() in ("==", "!=", "===", "!==", ">", "<", ">=", "<="):
            op = self._take()[1]
            node = _Node(op, (node, self.additive()))
        return node

    def additive(self) -> _Node:
        node = self.multiplicative()
        while self._peek() in ("+", "-"):
            op = self._take()[1]
            node = _Node(op, (node, self.multiplicative()))
        return node

    def multiplicative(self) -> _Node:
        node = self.unary()
        while self._peek() in ("*", "/", "%"):
            op = self._take()[1]
            node = _Node(op, (node, self.unary()))
        return node

    def unary(self) -> _Node:
        if self._peek() == "-":
            self._take("-")
            return _Node("neg", (self.unary(),))
        return self.primary()

    def primary(self) -> _Node:
        kind, text = self._take()
        if kind == "number":
            return _Node("lit", (float(text) if "." in text else int(text),))
        if kind == "string":
            return _Node("lit", (_unquote(text),))
        if kind == "name":
            if self._peek() == "(":
                if text not in _FUNCTIONS and text not in _GETTERS:
                    raise TemplateError(f"{text}() is JavaScript")
                self._take("(")
                arguments: list[_Node] = []
                while self._peek() != ")":
                    arguments.append(self.ternary())
                    if self._peek() != ",":
                        break
                    self._take(",")
                self._take(")")
                if text in _GETTERS:
                    if arguments:
                        raise TemplateError(f"{text}() takes nothing")
                    return _Node("var", (_GETTERS[text],))
                return _Node("call", (text, tuple(arguments)))
            if text in ("true", "false"):
                return _Node("lit", (text == "true",))
            if text not in self.names:
                raise TemplateError(f"{text!r} is not a value a template can read")
            return _Node("var", (text,))
        if text == "(":
            node = self.ternary()
            self._take(")")
            return node
        raise TemplateError(f"unexpected {text!r}")


def _unquote(literal: str) -> str:
    body = literal[1:-1]
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), body)


def _number(value: Value) -> float:
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(value.strip() or 0)
    except ValueError:
        return float("nan")


def _tidy(value: float) -> Value:
    return int(value) if value == value and value.is_integer() else value


def _eval(node: _Node, values: Mapping[str, Value]) -> Value:
    op, args = node.op, node.args
    if op == "lit":
        return args[0]
    if op == "var":
        return values[args[0]]
    if op == "call":
        texts = [to_text(_eval(argument, values)) for argument in args[1]]
        try:
            return _FUNCTIONS[args[0]](*texts)
        except TypeError:  # the wrong number of arguments
            raise TemplateError(f"{args[0]}() cannot take {len(texts)} arguments") from None
    if op == "seq":
        result: Value = ""
        for statement in args:
            result = _eval(statement, values)
        return result
    if op == "assign":
        values[args[0]] = _eval(args[1], values)  # type: ignore[index]
        return values[args[0]]
    if op == "neg":
        return _tidy(-_number(_eval(args[0], values)))
    if op == "?":
        chosen = args[1] if _truthy(_eval(args[0], values)) else args[2]
        return _eval(chosen, values)
    left = _eval(args[0], values)
    if op == "&&":
        return _eval(args[1], values) if _truthy(left) else left
    if op == "||":
        return left if _truthy(left) else _eval(args[1], values)
    right = _eval(args[1], values)
    if op == "+":
        if isinstance(left, str) or isinstance(right, str):
            return to_text(left) + to_text(right)
        return _tidy(_number(left) + _number(right))
    if op in ("==", "!=", "===", "!=="):
        if op in ("===", "!==") and isinstance(left, str) != isinstance(right, str):
            same = False
        elif isinstance(left, str) and isinstance(right, str):
            same = left == right
        else:
            same = _number(left) == _number(right)
        return same if op in ("==", "===") else not same
    a, b = _number(left), _number(right)
    if op in (">", "<", ">=", "<="):
        return {">": a > b, "<": a < b, ">=": a >= b, "<=": a <= b}[op]
    if op == "-":
        return _tidy(a - b)
    if op == "*":
        return _tidy(a * b)
    if b == 0:
        raise TemplateError("division by zero in a template")
    return _tidy(a / b if op == "/" else a % b)


def _truthy(value: Value) -> bool:
    if isinstance(value, str):
        return value != ""
    return bool(value) and value == value
