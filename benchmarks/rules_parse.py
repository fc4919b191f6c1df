"""What one chapter page costs the rule engine: parsing its HTML and evaluating the rule.

Fetches a sample of the benchmark book's chapter pages from a running sample server (untimed),
then times, in this process and on one thread, exactly what the rule source adapter runs in
its worker thread for each page: parse the HTML, evaluate the content rule (``@html`` with its
``##`` cleanup, turned into text lines), apply ``replaceRegex`` and find the next-page link.
Each page is timed ``--rounds`` times and its best kept (the least disturbed by other work on
the machine); the median over the sample is printed as ``{"parse_ms": …, "pages": …}``.

    python -m benchmarks.rules_parse --site-base http://127.0.0.1:PORT/site/ --sample 50
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
import urllib.request
from pathlib import Path

from novelfetch.core.sources import SourceRegistry, SourceSettings
from novelfetch.core.sources.rules.analyze import RuleContext
from novelfetch.core.sources.rules.flow import RuleSourceAdapter
from novelfetch.core.sources.rules.pages import Page, decode_page

from .rule_site import rule_text


def _get(url: str) -> Page:
    with urllib.request.urlopen(url, timeout=30) as answer:
        text, charset = decode_page(answer.read(), answer.headers.get("Content-Type", ""))
        return Page(answer.geturl(), text, charset)


def _adapter(site_base: str, data_dir: Path) -> RuleSourceAdapter:
    registry = SourceRegistry(data_dir)
    (line,) = registry.import_text(rule_text(site_base), "benchmark").lines
    if line.source_id is None or not line.usable:
        raise RuntimeError(f"the bundled rule did not import: {line.reason}")
    rule = registry.get(line.source_id).rule
    assert rule is not None
    # The parsing and evaluating never touch the session: no network here.
    return RuleSourceAdapter(None, SourceSettings(), rule)  # type: ignore[arg-type]


def measure(site_base: str, sample: int, rounds: int = 3) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        adapter = _adapter(site_base, Path(folder))
    context = RuleContext()
    catalog = _get(f"{site_base}book/9/index_1.html")
    rows, _ = adapter._toc_page(catalog, context)
    urls = [url for _, url, is_volume, _ in rows if url and not is_volume][:sample]
    pages = [_get(url) for url in urls]
    adapter._content_page(pages[0], context)  # warm: imports, compiled patterns
    best: list[float] = []
    for page in pages:
        times = []
        for _ in range(rounds):
            started = time.perf_counter()
            text, _ = adapter._content_page(page, context)
            times.append(time.perf_counter() - started)
        if not text.strip():
            raise RuntimeError(f"the rule found no text on {page.url}")
        best.append(min(times))
    return {
        "parse_ms": statistics.median(best) * 1000,
        "page_kb": statistics.median(len(page.text.encode("utf-8")) for page in pages) / 1024,
        "pages": len(pages),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.rules_parse", description=__doc__)
    parser.add_argument("--site-base", required=True)
    parser.add_argument("--sample", type=int, default=50)
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.site_base, args.sample)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
