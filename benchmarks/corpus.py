"""Compatibility with real Legado sources: ``python -m benchmarks.corpus PATH…``.

Imports every rule file under the paths (files or folders of ``*.json`` / ``*.txt``) the way
``novelfetch sources import`` does, counts distinct Legado sources (one per ``bookSourceUrl``,
the first seen wins; so-novel rules are left out), and tells accepted from refused, by
reason. Then it dry-runs every rule of every accepted source, without any site, on a page
shaped as the rules expect (``corpus_pages``) and on a bare one (keys and elements missing,
as on a site's odd page); the search URL and every URL a rule gives are built into requests.
A source whose core rule raises fails, by class; optional fields failing alone are apart.

Scripts get what a real run gives them, without a network: their source's fields, ``jsLib``
and one state for the run (``_contexts``); a fake fetch answering ``java.ajax`` & co. with
pages shaped as the source reads them (``corpus_network``); pages holding text their regular
expressions match and an address their ``baseUrl`` patterns match (``corpus_scripts``). What
only the real site's data could satisfy is classed "data-dependent" and still counted; a
script failing only on the bare page, where the same rule ran on the shaped one, is shown
apart (Legado fails on an empty page too). Each source runs in a child (``corpus_guard``).
What it cannot see: a rule that runs but finds the wrong thing on the real site.

    python -m benchmarks.corpus /path/to/collections [--json] [--examples 3]
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from novelfetch.core.sources.rules.analyze import Analyzer, JsonNode, RuleContext
from novelfetch.core.sources.rules.eval_errors import RuleError
from novelfetch.core.sources.rules.model import RuleFileError, RuleSource
from novelfetch.core.sources.rules.rulefile import parse_rule_document
from novelfetch.core.sources.rules.urls import RequestSpec, build_request

from . import corpus_scripts
from .corpus_crypto import Rewrite, rehearsed
from .corpus_guard import guarded
from .corpus_network import FakeNetwork, attempt
from .corpus_pages import is_json_rule
from .corpus_report import Report, classify, data_failure, refusal_reason, render
from .corpus_variants import page_variants

T = TypeVar("T")

SEARCH_KEY = "测试"
BASE_PAGE = "/book/1.html"
SAMPLE_BOOK = {"name": "示例", "author": "作者"}
SAMPLE_CHAPTER = "第一章"
SAMPLE_CHAPTERS = 3  # the synthetic catalog's items


def rule_files(paths: Iterable[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix in (".json", ".txt"))
        else:
            yield path


@dataclass
class _Section:
    name: str
    list_rule: str
    core: dict[str, str]
    optional: dict[str, str]
    page_core: dict[str, str]
    urls: frozenset[str]


def _sections(source: RuleSource) -> list[_Section]:
    sections = []
    search = source.search
    if search is not None:
        sections.append(
            _Section(
                "ruleSearch",
                search.book_list,
                {"name": search.name, "bookUrl": search.book_url, "author": search.author},
                {
                    "kind": search.kind,
                    "lastChapter": search.last_chapter,
                    "intro": search.intro,
                    "coverUrl": search.cover_url,
                },
                {},
                frozenset({"bookUrl"}),
            )
        )
    info, toc, content = source.book_info, source.toc, source.content
    sections.append(
        _Section(
            "ruleBookInfo",
            info.init,
            {"name": info.name, "author": info.author, "tocUrl": info.toc_url},
            {
                "kind": info.kind,
                "lastChapter": info.last_chapter,
                "intro": info.intro,
                "coverUrl": info.cover_url,
            },
            {},
            frozenset({"tocUrl"}),
        )
    )
    sections.append(
        _Section(
            "ruleToc",
            toc.chapter_list,
            {"chapterName": toc.chapter_name, "chapterUrl": toc.chapter_url},
            {"isVolume": toc.is_volume, "isVip": toc.is_vip, "isPay": toc.is_pay},
            {"nextTocUrl": toc.next_toc_url},
            frozenset({"chapterUrl", "nextTocUrl"}),
        )
    )
    sections.append(
        _Section(
            "ruleContent",
            "",
            {},
            {},
            {"content": content.content, "nextContentUrl": content.next_content_url},
            frozenset({"nextContentUrl"}),
        )
    )
    return sections


def _request(
    url: str, base: str, source: RuleSource, context: RuleContext, **options: object
) -> RequestSpec:
    """The request the flow would make: scripts in a URL rule run (in the sandbox, with the
    source's scripts as the flow binds them, and the dry run's fake network)."""
    from novelfetch.core.sources.rules.js_network import scripted_request
    from novelfetch.core.sources.rules.js_rules import url_needs_scripts

    if not url_needs_scripts(url):
        return build_request(url, base, headers=source.headers, **options)  # type: ignore[arg-type]
    try:
        return scripted_request(url, base, context, source)
    except RuleError as error:
        raise RuleFileError(str(error)) from None


def _contexts(source: RuleSource, page_url: str) -> dict[str, RuleContext]:
    """Each section's context as the flow makes it: the source's scripts (its fields, its
    ``jsLib``, one state for the whole run), the book's and the chapter's facts, one store of
    variables (what the search puts, the book page reads)."""
    from novelfetch.core.models import Chapter
    from novelfetch.core.sources.rules.js_network import for_book, for_chapter, source_scripts

    scripts = source_scripts(source)
    variables: dict[str, str] = {}
    names = {
        "source.key": source.url,
        "source.bookSourceUrl": source.url,
        "source.bookSourceName": source.name,
        "book.origin": source.url,
        "book.name": SAMPLE_BOOK["name"],
        "book.author": SAMPLE_BOOK["author"],
        "book.bookUrl": page_url,
    }
    search = RuleContext(variables, SEARCH_KEY, 1, scripts, dict(names))
    book = RuleContext(variables, "", 1, for_book(scripts, page_url, SAMPLE_BOOK), dict(names))
    chapter = RuleContext(variables, "", 1, book.scripts, dict(names))
    chapter = for_chapter(chapter, Chapter(1, page_url, SAMPLE_CHAPTER), SAMPLE_CHAPTERS)
    return {"ruleSearch": search, "ruleBookInfo": book, "ruleToc": book, "ruleContent": chapter}


@dataclass
class DryRun:
    """One source's dry run: core failures (class, where), optional fields that failed
    alone, and script failures seen only on the bare page (the same rule ran on the shaped
    page: the script reads what an empty page lacks, as it would fail in Legado there)."""

    failures: list[tuple[str, str]] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    bare_only: list[tuple[str, str]] = field(default_factory=list)


def dry_run(source: RuleSource) -> DryRun:
    """The source's dry run, on pages encrypted as its scripts decrypt them (``corpus_crypto``)."""
    return rehearsed(partial(_dry_run_once, source), FakeNetwork(source).json)


def _dry_run_once(source: RuleSource, rewrite: Rewrite) -> DryRun:
    run = DryRun()
    page_url = source.url.rstrip("/") + BASE_PAGE
    contexts = _contexts(source, page_url)
    network = FakeNetwork(source, rewrite)
    for context in contexts.values():
        context.scripts.fetch = network
    if source.search is not None:
        search = contexts["ruleSearch"]
        search_url = source.search.url
        try:
            attempt(network, partial(_request, search_url, source.url, source, search,
                                      key=SEARCH_KEY, variables=search.names))  # fmt: skip
        except RuleFileError as error:
            run.failures.append((classify(str(error)), f"searchUrl: {error}"))
    sections = _sections(source)
    json_source = any(
        is_json_rule(rule)
        for section in sections
        for rule in (section.list_rule, *section.core.values(), *section.page_core.values())
    )
    for section in sections:
        _dry_run_section(run, source, section, contexts[section.name], network, json_source,
                         page_url)  # fmt: skip
    run.dropped = sorted(set(run.dropped))
    return run


def _dry_run_section(
    run: DryRun, source: RuleSource, section: _Section, context: RuleContext,
    network: FakeNetwork, json_source: bool, page_url: str,
) -> None:  # fmt: skip
    items = [r for r in (*section.core.values(), *section.optional.values()) if r]
    page_rules = [r for r in section.page_core.values() if r]
    rules = [section.list_rule, *items, *page_rules]
    readers = corpus_scripts.address_readers(rules, corpus_scripts.script_texts(source))
    url = corpus_scripts.page_address(source.url, rules + readers, page_url)
    variants = page_variants(section.list_rule, items, page_rules, json_source,
                              network.samples)  # fmt: skip
    variants = [network.rewrite(text) for text in variants]
    passed: set[str] = set()  # what ran on the shaped page
    saved: tuple[dict[str, str], dict[str, Any]] | None = None
    for bare, text in enumerate(variants):
        if bare:  # what the bare page's scripts change is undone after it (below)
            saved = dict(context.variables), copy.deepcopy(vars(context.scripts.state))
        analyzer = Analyzer(text, url, context)

        def fail(key: str, error: Exception, optional: bool = False, bare: int = bare) -> None:
            message = getattr(error, "problem", str(error))
            where = f"{section.name}{key}: {error}"
            if optional:
                run.dropped.append(f"{section.name}{key}")
            elif bare and key in passed and data_failure(error, message):
                run.bare_only.append((classify(message), where))
            else:
                run.failures.append((classify(message), where))

        try:
            nodes = (
                attempt(network, partial(analyzer.elements, section.list_rule))
                if section.list_rule
                else []
            )
        except RuleError as error:
            fail(" list", error)
            continue
        passed.add(" list")
        if nodes or not section.list_rule:
            node = nodes[0] if nodes else None  # no list rule: the page itself, as the flow
        elif analyzer.document.is_json:  # an empty list: its item rules still run, on the page
            node = JsonNode(analyzer.document.json_value)
        elif is_json_rule(corpus_scripts.page_part(section.list_rule)):  # on JSON a script made
            node = JsonNode({})  # of the page (书耽 decrypts it), which held no item
        else:
            node = None
        for key, rule in (*section.core.items(), *section.optional.items()):
            if not rule:
                continue
            read = partial(_read_item, analyzer, source, context, rule, node,
                           key in section.urls, url)  # fmt: skip
            try:
                attempt(network, read)
                passed.add("." + key)
            except (RuleError, RuleFileError) as error:
                fail("." + key, error, optional=key in section.optional)
        for key, rule in section.page_core.items():
            if not rule:
                continue
            read = partial(_read_page, analyzer, source, context, rule, key in section.urls, url)
            try:
                attempt(network, read)
                passed.add("." + key)
            except (RuleError, RuleFileError) as error:
                fail("." + key, error)

    if saved is not None:  # a real run's next page follows the site's usual page
        context.variables.clear()
        context.variables.update(saved[0])
        vars(context.scripts.state).update(saved[1])


def _read_item(
    analyzer: Analyzer, source: RuleSource, context: RuleContext, rule: str, node: Any,
    is_url: bool, url: str,
) -> None:  # fmt: skip
    value = analyzer.string(rule, node, is_url=is_url)
    if is_url and value:
        _request(value, url, source, context, variables=context.names)


def _read_page(
    analyzer: Analyzer, source: RuleSource, context: RuleContext, rule: str, is_url: bool,
    url: str,
) -> None:  # fmt: skip
    if is_url:
        for found in analyzer.strings(rule, is_url=True):
            _request(found, url, source, context, variables=context.names)
    else:
        analyzer.string(rule)


#: The class of a source whose dry run never ended (``corpus_guard``).
HANGS = "hangs: a script's regular expression loops in QuickJS (not stopped by its time limit)"


def measure(paths: Iterable[Path], examples: int = 0) -> Report:
    report = Report()
    seen: set[str] = set()
    accepted: list[RuleSource] = []
    for path in rule_files(paths):
        try:
            entries = parse_rule_document(path.read_text("utf-8", "replace"), origin=str(path))
        except RuleFileError:
            continue
        for entry in entries:
            source = entry.source
            key = str(source.raw.get("bookSourceUrl", "")) if source else f"{path}:{entry.label}"
            if source is not None and source.kind != "legado":
                continue
            if key in seen:
                continue
            seen.add(key)
            report.distinct += 1
            if source is None:
                report.refused["unreadable: " + refusal_reason(entry.error or "")[:70]] += 1
                continue
            if not source.usable:
                report.refused[refusal_reason(source.problems[0])] += 1
                continue
            accepted.append(source)
    for source, outcome in zip(accepted, guarded(accepted, dry_run), strict=True):
        run = outcome if outcome is not None else DryRun([(HANGS, "a script")])
        failures, dropped = run.failures, run.dropped
        if run.bare_only and not failures:
            report.bare_only_sources += 1
            for kind in sorted({kind for kind, _ in run.bare_only}):
                report.bare_only[kind] += 1
                if len(report.examples["bare: " + kind]) < examples:
                    where = next(text for k, text in run.bare_only if k == kind)
                    report.examples["bare: " + kind].append(f"{source.name}: {where}")
        report.accepted += 1
        report.scripted_accepted += bool(source.scripted)
        report.scripted_failing += bool(source.scripted and failures)
        report.optional_dropped.update(dropped)
        if failures:
            report.examples["_failing"].append(source.name)
        for kind in sorted({kind for kind, _ in failures}):
            report.failing[kind] += 1
            if len(report.examples[kind]) < examples:
                where = next(text for k, text in failures if k == kind)
                report.examples[kind].append(f"{source.name} ({source.url}): {where}")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.corpus", description=__doc__)
    parser.add_argument("paths", nargs="+", type=Path, help="rule files or folders of them")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--examples", type=int, default=0, help="examples to show per class")
    args = parser.parse_args(argv)
    report = measure(args.paths, args.examples)
    print(
        json.dumps(report.as_dict(), ensure_ascii=False, indent=2) if args.json else render(report)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
