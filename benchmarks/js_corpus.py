"""JavaScript sources of a Legado corpus: ``python -m benchmarks.js_corpus PATH…``.

Counts distinct Legado text sources (one per ``bookSourceUrl``, first seen wins) whose rules
run JavaScript, and tells accepted from refused, refused by the missing feature the refusal
names (a browser, a captcha, Java classes, a ``java.`` name NovelFetch lacks). Dry runs of the
accepted ones belong to ``benchmarks.corpus`` (the parity issue's benchmark), which counts
them with every other source.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from novelfetch.core.sources.rules.model import RuleFileError
from novelfetch.core.sources.rules.rulefile import parse_rule_document


@dataclass
class JsReport:
    script_sources: int = 0
    accepted: int = 0
    refused_by_feature: Counter[str] = field(default_factory=Counter)
    scripted_fields: Counter[str] = field(default_factory=Counter)

    def as_dict(self) -> dict[str, object]:
        return {
            "javascript_text_sources": self.script_sources,
            "accepted": self.accepted,
            "refused": self.script_sources - self.accepted,
            "refused_by_missing_feature": dict(self.refused_by_feature.most_common()),
            "fields_running_javascript": dict(self.scripted_fields.most_common()),
        }


def missing_feature(problem: str) -> str:
    """What a refusal says is missing, without the field that needs it."""
    text = re.sub(r"^[\w.]+ needs ", "", problem)
    return text.removesuffix(": not available in NovelFetch")


def measure(paths: Iterable[Path]) -> JsReport:
    report = JsReport()
    seen: set[str] = set()
    for path in paths:
        files = sorted(path.rglob("*.json")) if path.is_dir() else [path]
        for file in files:
            try:
                entries = parse_rule_document(file.read_text("utf-8", "replace"))
            except RuleFileError:
                continue
            for entry in entries:
                source = entry.source
                if source is None or source.kind != "legado" or not source.scripted:
                    continue
                key = str(source.raw.get("bookSourceUrl", ""))
                if key in seen or any("not a text source" in p for p in source.problems):
                    continue
                seen.add(key)
                report.script_sources += 1
                report.scripted_fields.update(source.scripted)
                if source.usable:
                    report.accepted += 1
                else:
                    report.refused_by_feature[missing_feature(source.problems[0])] += 1
    return report


def render(report: JsReport) -> str:
    total = report.script_sources
    share = f"{100 * report.accepted / total:.0f} %" if total else "-"
    lines = [
        f"text sources running JavaScript: {total}",
        f"accepted: {report.accepted} ({share})",
        f"refused: {total - report.accepted}, by what they need:",
    ]
    lines += [f"  {n:5}  {why}" for why, n in report.refused_by_feature.most_common()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.js_corpus", description=__doc__)
    parser.add_argument("paths", nargs="+", type=Path, help="rule files or folders of them")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    report = measure(args.paths)
    print(
        json.dumps(report.as_dict(), ensure_ascii=False, indent=2) if args.json else render(report)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
