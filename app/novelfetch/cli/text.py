"""The command line's text options and its ``rules`` commands, plus how it words messages.

``download`` takes ``--convert`` (简/繁), ``--replace-rules FILE`` and ``--no-replace-rules``;
``rules import|list|enable|disable|remove`` manage the rules saved in the user's data folder
(``--data-dir`` overrides it, as tests do). Kept apart from ``cli/entry.py`` so that file stays the
wiring of commands.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import re
import sys
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any, TextIO

from novelfetch.core.errors import BadInputError
from novelfetch.core.text.cleaning import terminal_safe
from novelfetch.core.text.options import CONVERSIONS, TextOptions
from novelfetch.core.text.replace_rules import (
    ReplaceRule,
    default_rules_dir,
    load_rules,
    parse_rules,
    rule_problem,
    save_rules,
    with_changes,
)

__all__ = [
    "add_rules_command",
    "add_text_arguments",
    "capitalise_log_messages",
    "plural",
    "protect_output_streams",
    "run_rules",
    "sentence",
    "text_options",
]

EXIT_OK = 0


def plural(count: int, word: str, words: str | None = None) -> str:
    """``1 chapter``, ``2 chapters`` (``words`` for an irregular plural)."""
    return f"{count} {word if count == 1 else words or word + 's'}"


# A plain lower-case word, ended by a space, punctuation or the end: what a sentence starts
# with. A path or file name ("books2/x.epub", "malformed.json") is none, nor an address
# ("http://…": its colon is not punctuation).
_FIRST_WORD = re.compile(r"[a-z][a-z'-]*(?=[\s,;!?]|:(?!//)|\.(?:\s|$)|$)")


def sentence(message: str) -> str:
    """``message`` starting with a capital letter, as every message the CLI prints does,
    unless it starts with a name that must stay as it is: a path, a file name, an option."""
    if _FIRST_WORD.match(message):
        return message[:1].upper() + message[1:]
    return message


class _SentenceFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return sentence(super().format(record))


def capitalise_log_messages() -> None:
    """Make the root logger's handlers print each message as a sentence (capital first).

    The core logs in lower case, as log lines conventionally are; on the command line those
    lines sit among the CLI's own messages (a replacement rule skipped, a retry), which are
    sentences."""
    for handler in logging.getLogger().handlers:
        handler.setFormatter(_SentenceFormatter("%(message)s"))


def protect_output_streams() -> None:
    """Printing a Chinese title or path must never crash the CLI, whatever the terminal's
    encoding (``PYTHONIOENCODING=ascii``, an old Windows console): characters the stream
    cannot show are written as ``\\uXXXX`` escapes instead of raising. And nothing a site
    sends may drive the terminal: control and bidi characters are dropped from all output."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError):
            stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
    if not isinstance(sys.stdout, TerminalSafeStream):
        sys.stdout = TerminalSafeStream(sys.stdout)
    if not isinstance(sys.stderr, TerminalSafeStream):
        sys.stderr = TerminalSafeStream(sys.stderr)


class TerminalSafeStream:
    """A text stream that drops what ``terminal_safe`` drops (an HTTP reason phrase with ESC
    sequences once retitled and cleared the user's terminal). ``raw`` is the stream itself,
    for the progress bar, which draws with carriage returns."""

    def __init__(self, stream: TextIO) -> None:
        self.raw = stream

    def write(self, text: str) -> int:
        return self.raw.write(terminal_safe(text))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.raw, name)


def raw_stream(stream: TextIO | TerminalSafeStream) -> TextIO:
    """The stream under a ``TerminalSafeStream`` (the stream itself otherwise)."""
    return stream.raw if isinstance(stream, TerminalSafeStream) else stream


def _data_dir_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        help=f"folder of the saved replacement rules (default {default_rules_dir()})",
    )


def add_text_arguments(parser: argparse.ArgumentParser) -> None:
    """``--convert``, ``--replace-rules`` and ``--no-replace-rules`` (the command's own
    ``--data-dir`` says where the saved rules are)."""
    parser.add_argument(
        "--convert",
        choices=CONVERSIONS,
        default="none",
        help="Chinese script: s2t, s2tw, s2hk (to Traditional), t2s (to Simplified); default none",
    )
    parser.add_argument(
        "--replace-rules",
        type=Path,
        metavar="FILE",
        help="replacement rules (Legado's JSON or ours) to apply besides the saved ones",
    )
    parser.add_argument(
        "--no-replace-rules",
        action="store_true",
        help="do not apply the saved replacement rules",
    )


def _rules_dir(args: argparse.Namespace) -> Path:
    return args.data_dir or default_rules_dir()


def _read_rules_file(name: Path | str) -> list[ReplaceRule]:
    if str(name) == "-":
        return parse_rules(sys.stdin.read(), what="the rules on standard input")
    path = Path(name)
    try:
        data = path.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise BadInputError(f"cannot read the replacement rules {path}: {reason}") from None
    return parse_rules(data, what=str(path))


def text_options(args: argparse.Namespace, source_url: str = "") -> TextOptions:
    """The ``TextOptions`` the arguments ask for: saved rules (unless turned off), then the
    rules of ``--replace-rules``. Raises ``BadInputError`` for an unreadable rules file."""
    rules: list[ReplaceRule] = []
    if not args.no_replace_rules:
        rules.extend(load_rules(_rules_dir(args)))
    if args.replace_rules is not None:
        # After the saved ones at the same order: a file given for this run refines them.
        rules.extend(_read_rules_file(args.replace_rules))
    return TextOptions(args.convert, tuple(rules), source_url)


# --- novelfetch rules ... --------------------------------------------------------------------


def add_rules_command(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    rules = commands.add_parser("rules", help="manage the saved replacement rules")
    actions = rules.add_subparsers(dest="rules_command", metavar="ACTION", required=True)
    imported = actions.add_parser("import", help="add rules from a Legado or NovelFetch file")
    imported.add_argument("file", metavar="FILE", help="JSON file, or - for standard input")
    _data_dir_argument(imported)
    listed = actions.add_parser("list", help="show the saved rules")
    listed.add_argument("--json", action="store_true", help="print JSON")
    _data_dir_argument(listed)
    for action, what in (
        ("enable", "switch a rule on"),
        ("disable", "switch a rule off"),
        ("remove", "delete a rule"),
    ):
        one = actions.add_parser(action, help=what)
        one.add_argument("number", type=int, metavar="N", help="the rule's number in 'rules list'")
        _data_dir_argument(one)


def _scope(rule: ReplaceRule) -> str:
    if rule.book_id:
        return f"book {rule.source}:{rule.book_id}"
    if rule.source:
        return f"source {rule.source}"
    if rule.scope_text:
        return f"scope {rule.scope_text}"
    return "all books"


def _describe(rule: ReplaceRule) -> str:
    state = "on " if rule.enabled else "off"
    kind = "regex" if rule.is_regex else "text "
    pattern = json.dumps(rule.pattern, ensure_ascii=False)
    replacement = json.dumps(rule.replacement, ensure_ascii=False)
    name = f" ({rule.name})" if rule.name else ""
    return f"[{state}] {kind} {pattern} -> {replacement}; {_scope(rule)}, order {rule.order}{name}"


def run_rules(args: argparse.Namespace, say: Callable[[str], None]) -> int:
    """Run ``novelfetch rules ACTION``; ``say`` prints a message to standard error."""
    folder = _rules_dir(args)
    rules = load_rules(folder)
    action = args.rules_command
    if action == "import":
        added: list[ReplaceRule] = []
        for number, rule in enumerate(_read_rules_file(args.file), 1):
            problem = rule_problem(rule)
            if problem:
                say(f"Skipped rule {number} ({rule.label}): {problem}.")
            else:
                added.append(rule)
        if not added:
            raise BadInputError("no rule was imported: none of them can work")
        save_rules(folder, [*rules, *added])
        say(f"Imported {plural(len(added), 'rule')}; {len(rules) + len(added)} saved.")
        return EXIT_OK
    if action == "list":
        if args.json:
            print(json.dumps([asdict(r) for r in rules], ensure_ascii=False, indent=2))
        elif not rules:
            say("No replacement rules are saved.")
        else:
            for number, rule in enumerate(rules, 1):
                print(f"{number:3}. {_describe(rule)}")
        return EXIT_OK
    number = args.number
    if not 1 <= number <= len(rules):
        raise BadInputError(
            f"there is no rule {number}: {plural(len(rules), 'rule')} saved"
            + (f" (1-{len(rules)})" if rules else "")
        )
    rule = rules[number - 1]
    if action == "remove":
        del rules[number - 1]
        done = "Removed"
    else:
        rules[number - 1] = with_changes(rule, enabled=action == "enable")
        done = "Enabled" if action == "enable" else "Disabled"
    save_rules(folder, rules)
    say(f"{done} rule {number}: {rule.label}")
    return EXIT_OK
