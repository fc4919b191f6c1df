"""The corpus benchmark's report: failure classes, counts, and the text it prints.

``benchmarks.corpus`` fills a ``Report`` while it imports and dry-runs the sources.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from novelfetch.core.sources.rules.js_rules import script_steps

#: Failures that only the real site's data would avoid: a script decrypting or decoding a
#: value the synthetic page cannot hold, or reading a part of the page (a regex match, a
#: key) that the page shaped from the rules still lacks. Still counted as failing.
DATA_DEPENDENT = "data-dependent: "
# (class, what the message says), first match wins.
_CLASSES = (
    (DATA_DEPENDENT + "decrypts or decodes what only the real site has", "crypto:"),
    # The decoder's own error (``hexDecodeToString: Non-hexadecimal digit``), not the rule's
    # text quoted in the message, which names the decoder whatever failed after it.
    (DATA_DEPENDENT + "decrypts or decodes what only the real site has", "DecodeToString: "),
    (DATA_DEPENDENT + "decrypts or decodes what only the real site has", "Decode: "),
    (DATA_DEPENDENT + "decrypts or decodes what only the real site has", "ByteArray: "),
    (DATA_DEPENDENT + "a script reads what the synthetic page lacks", "cannot read property"),
    # The sandbox's note on where a script's error arose: in JSON.parse of a text the page
    # or an answer held, or in code the script took from the page and evaluated.
    (DATA_DEPENDENT + "a script reads what the synthetic page lacks", "(in JSON.parse"),
    (DATA_DEPENDENT + "a script reads what the synthetic page lacks", "(in code it evals)"),
    # ``"/book/" + @get:{book} + "/"``: a value the page gave, pasted into the code (as
    # Legado pastes it) before it runs.
    (DATA_DEPENDENT + "a script reads what the synthetic page lacks", "values filled in)"),
    # java.setContent(JSON.parse(result).html) on a page without that key (Legado refuses
    # null content too).
    (DATA_DEPENDENT + "a script reads what the synthetic page lacks", "content cannot be null"),
    ("a script's regex QuickJS would loop on for ever (Java runs it)", "would loop for ever"),
    ("needs a browser: a script asks for webView", "needs a browser"),
    ("@put map unreadable", "key/rule map"),
    ("CSS selector unreadable", "not a CSS selector"),
    ("XPath unreadable", "not a valid XPath"),
    ("XPath fails on the page", "XPath failed"),
    ("JSONPath unreadable", "not a JSONPath"),
    ("JSONPath rule on an HTML page", "this page is not JSON"),
    ("template needs JavaScript", "JavaScript"),
    ("unbalanced brackets", "unclosed"),
    ("regular expression", "regular expression"),
    ("regular expression", "pattern"),
    ("URL rule", "URL"),
)


@dataclass
class Report:
    distinct: int = 0
    accepted: int = 0
    refused: Counter[str] = field(default_factory=Counter)
    failing: Counter[str] = field(default_factory=Counter)
    optional_dropped: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    # Sources whose rules run JavaScript (sandboxed), apart: accepted, and failing a dry run.
    scripted_accepted: int = 0
    scripted_failing: int = 0
    # Sources whose scripts failed only on the bare page (DryRun.bare_only), apart.
    bare_only: Counter[str] = field(default_factory=Counter)
    bare_only_sources: int = 0

    def as_dict(self) -> dict[str, object]:
        failing_sources = sum(1 for _ in self.examples.get("_failing", []))
        return {
            "distinct": self.distinct,
            "accepted": self.accepted,
            "refused": dict(self.refused.most_common()),
            "accepted_but_failing": failing_sources,
            "failing_by_class": dict(self.failing.most_common()),
            "optional_fields_dropped": dict(self.optional_dropped.most_common()),
            "javascript_accepted": self.scripted_accepted,
            "javascript_accepted_but_failing": self.scripted_failing,
            "failing_only_on_the_bare_page": self.bare_only_sources,
            "bare_page_failures_by_class": dict(self.bare_only.most_common()),
        }


def classify(message: str) -> str:
    for name, marker in _CLASSES:
        if marker in message:
            return name
    return "other: " + re.sub(r"'[^']*'", "…", message)[:60]


def refusal_reason(problem: str) -> str:
    """A refusal's kind, without the field or rule it names."""
    text = re.sub(r"\s*\(.*", "", problem)
    text = re.sub(r"^[\w.]+(?=\s(?:needs|is empty))", "", text).strip()
    text = re.sub(r"^[\w.]+: ", "", text)
    if text.startswith("not a text source"):
        return "not a text source"
    return text or problem


def render(report: Report) -> str:
    data = report.as_dict()
    accepted = report.accepted
    failing = int(data["accepted_but_failing"])  # type: ignore[call-overload]
    share = f"{100 * accepted / report.distinct:.0f} %" if report.distinct else "-"
    fail_share = f"{100 * failing / accepted:.1f} %" if accepted else "-"
    lines = [
        f"distinct sources: {report.distinct}",
        f"accepted: {accepted} ({share})",
        f"refused: {report.distinct - accepted}",
    ]
    lines += [f"  {count:5}  {reason}" for reason, count in report.refused.most_common()]
    lines.append(f"accepted but failing the dry run: {failing} ({fail_share} of accepted)")
    lines.append(
        f"  of which run JavaScript: {report.scripted_failing}"
        f" (of {report.scripted_accepted} accepted that do)"
    )
    lines += [f"  {count:5}  {kind}" for kind, count in report.failing.most_common()]
    data_dependent = sum(1 for kind in report.failing if kind.startswith(DATA_DEPENDENT))
    if data_dependent:
        lines.append(
            "  (the data-dependent classes above stay counted: no check here shows those"
            " scripts succeed on the real site)"
        )
    bare = report.bare_only_sources
    lines.append(
        f"not counted: {bare} more sources whose scripts failed only on the bare page (the same"
        " rule ran on the shaped page; Legado fails on an empty page too);"
        f" counting them: {failing + bare} ({100 * (failing + bare) / max(accepted, 1):.1f} %)"
    )
    lines += [f"  {count:5}  {kind}" for kind, count in report.bare_only.most_common()]
    lines.append("optional fields left empty (the source still works, as in Legado):")
    lines += [f"  {count:5}  {name}" for name, count in report.optional_dropped.most_common()]
    for kind, texts in report.examples.items():
        if kind != "_failing" and texts:
            lines.append(f"examples of {kind}:")
            lines += [f"  - {text[:300]}" for text in texts]
    return "\n".join(lines)


def data_failure(error: Exception, message: str) -> bool:
    """A failure the bare page's missing data explains, once the rule ran on the shaped page:
    its script failed, or a step read what its script made of nothing (``java.ajax`` of an
    empty address answers the failure's text, which ``$.body`` after it cannot read)."""
    rule = getattr(error, "rule", "")
    return "the script failed" in message or script_steps(rule) is not None
