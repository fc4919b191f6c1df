"""Why a rule file's source is skipped or not usable, as messages the window can translate.

The reasons are ``core.messages`` kinds; what the rule file names (a field, a Java class, an
address) is a value, never part of the sentence. A field's problem is ``in_field(field, …)``;
``said_once`` says a problem that several fields share once, naming them all.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from novelfetch.core import messages as said
from novelfetch.core.messages import Message, message_of, plain
from novelfetch.core.pattern_budget import PatternError, PatternTooLarge


def in_field(field: str, problem: Message) -> Message:
    """``problem`` of the rule in ``field`` ("ruleToc.chapterUrl needs a browser (webView)")."""
    return said.RULE_FIELD(field=field, problem=problem)


def listed(items: Sequence[Message | str]) -> Message | str:
    """``items`` as one value: "a, b, c" (each a message or a name from the rule file)."""
    if len(items) == 1:
        return items[0]
    return said.LIST(first=items[0], rest=listed(items[1:]))


def joined(reasons: Sequence[Message]) -> Message | str:
    """``reasons`` as one value: "a; b; c"."""
    if len(reasons) <= 1:
        return reasons[0] if reasons else ""
    return said.PARTS(first=reasons[0], rest=joined(reasons[1:]))


def said_once(reasons: Iterable[Message]) -> tuple[Message, ...]:
    """``reasons`` with a problem shared by several fields said once, naming the fields, where
    the first of them was."""
    fields: dict[int, list[str]] = {}
    problems: list[Message] = []  # the distinct ones, in order (messages are not hashable)
    order: list[int | Message] = []
    for reason in reasons:
        if reason.id != said.RULE_FIELD.id:
            order.append(reason)
            continue
        problem = reason.values["problem"]
        assert isinstance(problem, Message)
        if problem not in problems:
            problems.append(problem)
            order.append(len(problems) - 1)
            fields[len(problems) - 1] = []
        fields[problems.index(problem)].append(str(reason.values["field"]))
    result: list[Message] = []
    for item in order:
        if isinstance(item, Message):
            result.append(item)
        elif len(fields[item]) == 1:
            result.append(in_field(fields[item][0], problems[item]))
        else:
            result.append(said.RULE_FIELDS(fields=listed(fields[item]), problem=problems[item]))
    return tuple(result)


def in_source(label: str, problem: Message) -> Message:
    """A source's problem, naming the source (how a skipped one's reason is raised)."""
    return said.RULE_IN_SOURCE(label=label, problem=problem)


def in_source_field(label: str, field: str, problem: Message) -> Message:
    """``problem`` of ``field`` of the source ``label``."""
    return in_source(label, in_field(field, problem))


def without_source(reason: Message | str, label: str) -> Message:
    """``reason`` without the source's name in front (the report names it already)."""
    if isinstance(reason, Message) and reason.id:
        if reason.id == said.RULE_IN_SOURCE.id and reason.values.get("label") == label:
            problem = reason.values["problem"]
            return problem if isinstance(problem, Message) else plain(str(problem))
        return reason
    return plain(str(reason).removeprefix(f"{label}: "))  # English from a reader without ids


def type_name(value: object) -> Message | str:
    """What a JSON value is, for "must be text, not a number"."""
    if isinstance(value, bool):
        return said.A_FLAG()
    if isinstance(value, int | float):
        return said.A_NUMBER()
    if isinstance(value, list):
        return said.A_LIST()
    if isinstance(value, dict):
        return said.AN_OBJECT()
    return type(value).__name__


def pattern_problem(field: str, error: PatternError) -> Message:
    """Why the regular expression in ``field`` is left out."""
    if isinstance(error, PatternTooLarge):
        return said.PATTERN_LEFT_OUT(field=field, error=message_of(error))
    return said.PATTERN_INVALID(field=field)
