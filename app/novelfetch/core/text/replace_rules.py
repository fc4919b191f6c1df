"""Replacement rules (净化规则): find-and-replace a reader applies to a book as it is written.

A rule is plain text or a regular expression, scoped to every book, one source or one book,
and can be switched off. Rules are tried in ``order``; each sees the text the rules before it
left. Legado's replace-rule JSON (替换净化) can be imported; our own file keeps the same
fields under Python names.

Rule files are untrusted input: a pattern that does not compile, or that runs longer than
``RULE_TIMEOUT`` on one chapter (catastrophic backtracking), is reported and switched off for
the rest of the export, never allowed to crash or hang it. The ``regex`` module is used for
its per-call timeout, which the standard ``re`` lacks.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

import regex

from novelfetch.core import messages as said
from novelfetch.core.errors import BadInputError, NovelFetchError
from novelfetch.core.json_file import write_json_atomically
from novelfetch.core.models import Book
from novelfetch.core.pattern_budget import PatternError, PatternTooLarge, compile_bounded

__all__ = [
    "RULES_FILE",
    "RULE_TIMEOUT",
    "ReplaceRule",
    "RuleRunner",
    "default_rules_dir",
    "load_rules",
    "parse_rules",
    "rule_problem",
    "save_rules",
]

log = logging.getLogger(__name__)

RULES_FILE = "replace-rules.json"
# Seconds one rule may spend on one chapter. Real rules take microseconds; half a second is
# far beyond any honest pattern and still keeps a bad one from stalling an export for long.
RULE_TIMEOUT = 0.5
_FILE_VERSION = 1
_SCOPE_SEPARATORS = re.compile(r"[,;，；\n]")
# Java replacement syntax: "\x" is a literal x, "$1" / "${name}" a group.
_JAVA_REPLACEMENT = re.compile(r"\\(.)|\$(\d+)|\$\{(\w+)\}|(\\)", re.DOTALL)


@dataclass(frozen=True, slots=True)
class ReplaceRule:
    """One find-and-replace rule.

    Scope: ``source`` empty means every source; ``book_id`` (with ``source``) one book.
    ``scope_text`` is Legado's raw scope (book titles and source addresses separated by ``,``
    or ``;``); when set, the rule applies where any of its values names the book's title,
    source id or source address; ``exclude_text`` (Legado's ``excludeScope``) names books and
    sources it never applies to. ``replacement`` of a regex rule uses Python's syntax
    (``\\g<1>``); Legado's ``$1`` is converted on import.
    """

    pattern: str
    replacement: str = ""
    is_regex: bool = False
    enabled: bool = True
    order: int = 0
    name: str = ""
    source: str = ""
    book_id: str = ""
    scope_text: str = ""
    exclude_text: str = ""
    on_text: bool = True
    on_title: bool = True

    @property
    def label(self) -> str:
        """How messages name the rule."""
        return self.name or self.pattern

    def applies_to(self, book: Book, source_url: str = "") -> bool:
        if self.source and self.source != book.source:
            return False
        if self.book_id and self.book_id != book.book_id:
            return False
        if self.exclude_text and any(
            _scope_matches(v, book, source_url) for v in _scope_values(self.exclude_text)
        ):
            return False
        values = _scope_values(self.scope_text)
        return not values or any(_scope_matches(v, book, source_url) for v in values)


def _scope_values(text: str) -> list[str]:
    return [value.strip() for value in _SCOPE_SEPARATORS.split(text) if value.strip()]


def _scope_matches(value: str, book: Book, source_url: str) -> bool:
    if value in (book.title, book.source, f"{book.source}:{book.book_id}"):
        return True
    if "://" in value and source_url:
        # Legado names sources by their base address; ours may carry a path after it.
        wanted, have = value.rstrip("/").lower(), source_url.rstrip("/").lower()
        return have == wanted or have.startswith(wanted + "/")
    return False


Warn = Callable[[str], None]


def _compiled(rule: ReplaceRule) -> tuple[Any, str]:
    """The rule's compiled pattern, or None and why it cannot be used."""
    try:
        return compile_bounded(rule.pattern, regex.VERSION0), ""
    except PatternTooLarge as error:
        return None, f"its pattern is refused ({error})"
    except PatternError as error:
        return None, f"its pattern does not compile ({error})"


def rule_problem(rule: ReplaceRule) -> str:
    """Why ``rule`` can never work ("" if it can): a regex pattern that does not compile, or
    one over the pattern budget."""
    return _compiled(rule)[1] if rule.is_regex else ""


class RuleRunner:
    """The rules that apply to one book, compiled once, run over each chapter in order.

    A rule that fails (bad pattern, bad replacement, too slow) is reported once through
    ``warn`` and in ``warnings``, then skipped for the rest of the export.
    """

    def __init__(
        self,
        rules: Iterable[ReplaceRule],
        book: Book,
        *,
        source_url: str = "",
        warn: Warn | None = None,
        timeout: float = RULE_TIMEOUT,
    ) -> None:
        self.warnings: list[str] = []
        self._warn = warn
        self._timeout = timeout
        chosen = sorted(
            (r for r in rules if r.enabled and r.pattern and r.applies_to(book, source_url)),
            key=lambda rule: rule.order,
        )
        self._rules: list[tuple[ReplaceRule, Any]] = []
        # Reported when the rules first run, not here: a runner made only to name the book's
        # file (bookfile) must not report the same broken rule a second time.
        self._broken: list[tuple[ReplaceRule, str]] = []
        for rule in chosen:
            if not rule.is_regex:
                self._rules.append((rule, None))
                continue
            compiled, problem = _compiled(rule)
            if problem:
                self._broken.append((rule, problem))
            else:
                self._rules.append((rule, compiled))
        self._dropped: set[int] = set()

    def __bool__(self) -> bool:
        return bool(self._rules or self._broken)  # a broken rule still has to be reported

    def text(self, text: str) -> str:
        return self._run(text, title=False)

    def title(self, text: str) -> str:
        return self._run(text, title=True)

    def _run(self, text: str, *, title: bool) -> str:
        while self._broken:
            self._report(*self._broken.pop(0))
        for position, (rule, compiled) in enumerate(self._rules):
            if position in self._dropped or not (rule.on_title if title else rule.on_text):
                continue
            if compiled is None:
                text = text.replace(rule.pattern, rule.replacement)
                continue
            try:
                text = compiled.sub(rule.replacement, text, timeout=self._timeout)
            except TimeoutError:
                self._dropped.add(position)
                self._report(rule, f"it ran longer than {self._timeout:g} s on one chapter")
            except (regex.error, IndexError, ValueError, RecursionError) as error:
                self._dropped.add(position)
                self._report(rule, f"its replacement cannot be used ({error})")
        return text

    def _report(self, rule: ReplaceRule, why: str) -> None:
        message = f"replacement rule {rule.label!r} skipped: {why}"
        self.warnings.append(message)
        log.warning("%s", message)
        if self._warn is not None:
            self._warn(message)


# --- files ----------------------------------------------------------------------------------


def default_rules_dir() -> Path:
    """The user's data folder, where the saved rules live (callers pass it in; tests don't)."""
    from novelfetch.core.user_folders import default_data_dir

    return default_data_dir()


def load_rules(folder: Path) -> list[ReplaceRule]:
    """The rules saved in ``folder`` (none when there is no file yet)."""
    path = Path(folder) / RULES_FILE
    try:
        data = path.read_text("utf-8")
    except FileNotFoundError:
        return []
    except OSError as error:
        raise BadInputError(f"cannot read the replacement rules {path}: {error}") from None
    return parse_rules(data, what=str(path))


def save_rules(folder: Path, rules: Sequence[ReplaceRule]) -> Path:
    """Write ``rules`` to ``folder`` atomically (a temporary file renamed over the old one)."""
    folder = Path(folder)
    path = folder / RULES_FILE
    document = {"version": _FILE_VERSION, "rules": [asdict(rule) for rule in rules]}
    try:
        write_json_atomically(path, document)
    except OSError as error:
        raise NovelFetchError(f"cannot save the replacement rules to {path}: {error}") from None
    return path


def parse_rules(data: str, *, what: str = "the rules") -> list[ReplaceRule]:
    """Rules from JSON text: ours (``{"rules": [...]}``) or Legado's (an object or array).

    Raises ``BadInputError`` naming ``what`` when the text is not such JSON.
    """
    try:
        document = json.loads(data)
    except ValueError as error:
        raise BadInputError(f"{what} is not JSON: {error}") from None
    if _holds_book_sources(document):
        raise BadInputError(said.BOOK_SOURCES_NOT_RULES(what=what))
    if isinstance(document, dict) and isinstance(document.get("rules"), list):
        items = document["rules"]
    elif isinstance(document, dict):
        items = [document]
    elif isinstance(document, list):
        items = document
    else:
        raise BadInputError(f"{what} holds no replacement rules")
    rules = []
    for number, item in enumerate(items, 1):
        if not isinstance(item, dict):
            raise BadInputError(f"{what}: rule {number} is not an object")
        rule = _from_legado(item) if _is_legado(item) else _from_ours(item, what, number)
        if not rule.pattern:
            raise BadInputError(f"{what}: rule {number} has no pattern")
        rules.append(rule)
    return rules


_BOOK_SOURCE_KEYS = frozenset({"bookSourceUrl", "bookSourceName", "ruleSearch", "ruleToc"})
_SONOVEL_KEYS = frozenset({"search", "toc", "chapter"})


def _holds_book_sources(document: Any) -> bool:
    items = document if isinstance(document, list) else [document]
    return any(
        isinstance(item, dict)
        and (not _BOOK_SOURCE_KEYS.isdisjoint(item) or item.keys() >= _SONOVEL_KEYS)
        for item in items
    )


def _is_legado(item: dict[str, Any]) -> bool:
    return any(key in item for key in ("isRegex", "isEnabled", "scopeTitle", "scopeContent"))


def _from_ours(item: dict[str, Any], what: str, number: int) -> ReplaceRule:
    known = {f.name: f.type for f in fields(ReplaceRule)}
    values: dict[str, Any] = {}
    for key, value in item.items():
        if key not in known:
            continue
        expected = bool if key in _BOOL_FIELDS else int if key == "order" else str
        if (expected is int and isinstance(value, bool)) or not isinstance(value, expected):
            raise BadInputError(f"{what}: rule {number}: {key!r} must be {expected.__name__}")
        values[key] = value
    if "pattern" not in values:
        raise BadInputError(f"{what}: rule {number} has no pattern")
    return ReplaceRule(**values)


_BOOL_FIELDS = frozenset({"is_regex", "enabled", "on_text", "on_title"})


def _text(item: dict[str, Any], key: str) -> str:
    value = item.get(key)
    return value if isinstance(value, str) else "" if value is None else str(value)


def _flag(item: dict[str, Any], key: str, default: bool) -> bool:
    value = item.get(key, default)
    return value if isinstance(value, bool) else default


def _from_legado(item: dict[str, Any]) -> ReplaceRule:
    is_regex = _flag(item, "isRegex", True)
    replacement = _text(item, "replacement")
    order = item.get("order", 0)
    return ReplaceRule(
        pattern=_text(item, "pattern"),
        replacement=java_replacement(replacement) if is_regex else replacement,
        is_regex=is_regex,
        enabled=_flag(item, "isEnabled", True),
        order=order if isinstance(order, int) and not isinstance(order, bool) else 0,
        name=_text(item, "name"),
        scope_text=_text(item, "scope").strip(),
        exclude_text=_text(item, "excludeScope").strip(),
        on_text=_flag(item, "scopeContent", True),
        on_title=_flag(item, "scopeTitle", True),
    )


def java_replacement(text: str) -> str:
    """A Java (Legado) regex replacement in Python's syntax: ``$1`` → ``\\g<1>``."""

    def convert(match: re.Match[str]) -> str:
        escaped, number, name, lone_backslash = match.groups()
        if escaped is not None:
            return "\\\\" if escaped == "\\" else escaped.replace("\\", "\\\\")
        if number is not None:
            return f"\\g<{number}>"
        if name is not None:
            return f"\\g<{name}>"
        return "\\\\" if lone_backslash else ""

    return _JAVA_REPLACEMENT.sub(convert, text)


def with_changes(rule: ReplaceRule, **changes: Any) -> ReplaceRule:
    """A copy of ``rule`` with some fields changed (rules are immutable)."""
    return replace(rule, **changes)
