"""``benchmarks.js_corpus``: JavaScript sources counted, refusals by what they lack."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.js_corpus import measure, render


def source(number: int, content: str) -> dict[str, object]:
    return {
        "bookSourceUrl": f"https://s{number}.example.org/",
        "bookSourceName": f"源 {number}",
        "ruleToc": {"chapterList": "id.list@tag.a", "chapterName": "text", "chapterUrl": "href"},
        "ruleContent": {"content": content},
    }


def test_counts_script_sources_and_names_what_refused_ones_lack(tmp_path: Path) -> None:
    sources = [
        source(1, "id.c@html<js>result.trim()</js>"),
        source(1, "id.c@html<js>java.webView(null, baseUrl, null)</js>"),  # a repeat: ignored
        source(2, "@js:java.webView(null, baseUrl, null)"),
        source(3, "id.c@html"),  # no script: not counted
    ]
    (tmp_path / "a.json").write_text(json.dumps(sources, ensure_ascii=False), "utf-8")
    report = measure([tmp_path])
    assert report.as_dict()["javascript_text_sources"] == 2
    assert report.accepted == 1
    assert dict(report.refused_by_feature) == {"java.webView (a browser)": 1}
    assert "accepted: 1 (50 %)" in render(report)
