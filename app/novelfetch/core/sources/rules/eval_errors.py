"""The errors a rule evaluation raises: every failure names the rule that caused it."""

from __future__ import annotations

from novelfetch.core.errors import SourceError
from novelfetch.core.messages import Message, plain

_MAX_RULE_CHARS = 80


def describe_rule(rule: str) -> str:
    """The rule as it appears in messages: quoted, one line, long rules cut short."""
    flat = " ".join(rule.split())
    if len(flat) > _MAX_RULE_CHARS:
        flat = flat[: _MAX_RULE_CHARS - 1] + "…"
    return repr(flat)


class RuleError(SourceError):
    """A rule from a rule file is malformed, unsupported, or blew its time budget."""

    def __init__(self, rule: str, problem: str | Message) -> None:
        super().__init__(f"Rule {describe_rule(rule)}: {problem}")
        self.rule = rule
        self.problem = str(problem)
        #: The problem with an id when the engine gave one (a rule refused at import says it).
        self.problem_message = problem if isinstance(problem, Message) else plain(problem)

    def __reduce__(self) -> tuple[type[RuleError], tuple[str, str | Message]]:
        # Rebuilt from its fields when it comes back from a worker process.
        return type(self), (self.rule, self.problem_message)


class NeedsJavaScriptError(RuleError):
    """The rule needs a JavaScript engine, which NovelFetch deliberately does not run."""
