"""``novelfetch sources …`` and ``novelfetch search``: thin commands over the source registry."""

from __future__ import annotations

import argparse
import json
import sys

from novelfetch.cli.arguments import seconds
from novelfetch.cli.common import add_data_dir_option, open_registry, open_store, say
from novelfetch.cli.text import plural, sentence
from novelfetch.core.errors import BadInputError, NovelFetchError
from novelfetch.core.models import SearchResult
from novelfetch.core.net.http import HttpSettings
from novelfetch.core.net.redaction import cookie_secrets, register_secrets
from novelfetch.core.sources import SourceKind, SourceRegistry, SourceSettings
from novelfetch.core.sources.registry import ImportReport, describe_entry
from novelfetch.core.sources.rule_input import fetch_rule_document, read_rule_input
from novelfetch.core.sources.search import SearchOutcome, search_sources

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


def add_source_commands(
    commands: argparse._SubParsersAction, common: argparse.ArgumentParser
) -> None:
    """Register ``sources`` (import, list, test, enable, disable, remove) and ``search``."""
    sources = commands.add_parser("sources", help="import, list, test and manage sources")
    actions = sources.add_subparsers(dest="sources_command", metavar="ACTION", required=True)

    def action(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = actions.add_parser(name, help=help_text)
        add_data_dir_option(sub, with_store=False)
        return sub

    action("import", "import Legado or so-novel rule files").add_argument(
        "inputs",
        nargs="+",
        metavar="PATH|URL|-",
        help="files, web addresses, or - for standard input (each saved whole or not at all)",
    )
    source_id = "the source's id, as 'sources list' shows it"
    action("list", "list every source").add_argument(
        "--json", action="store_true", help="print JSON"
    )
    test = action("test", "try a source: search, details, catalog, first chapter")
    test.add_argument("source_id", metavar="ID", help=source_id)
    test.add_argument(
        "words",
        nargs="*",
        metavar="WORDS|BOOK",
        help="words to search for (default: the source's own check word, else a book from its "
        "home page), or a book address to try without searching",
    )
    test.add_argument(
        "--timeout",
        type=seconds,
        default=30.0,
        metavar="S",
        help="seconds each step may take (default 30)",
    )
    for name, what in (("enable", "use"), ("disable", "stop using"), ("remove", "forget")):
        action(name, f"{what} sources").add_argument(
            "source_ids", nargs="+", metavar="ID", help=f"{source_id} (one or more)"
        )
    for name, what in (
        ("allow-local", "let a rule source connect"),
        ("deny-local", "stop a rule source connecting"),
    ):
        action(name, f"{what} to local network addresses (a server you run)").add_argument(
            "source_id", metavar="ID", help=source_id
        )
    for name, what in (("allow-other-sites", "let"), ("deny-other-sites", "stop")):
        help_text = f"{what} a rule source that holds your cookie reach sites besides its own"
        action(name, help_text).add_argument("source_id", metavar="ID", help=source_id)
    cookie = action("cookie", "save the cookie sent to a source's own site (never shown)")
    cookie.add_argument("source_id", metavar="ID", help=source_id)
    cookie.add_argument(
        "cookie",
        nargs="?",
        default=None,
        metavar="'k=v; ...'",
        help="the Cookie header your browser sends to that site (or --clear)",
    )
    cookie.add_argument("--clear", action="store_true", help="forget the saved cookie")

    search = commands.add_parser(
        "search", parents=[common], help="search sources for a title or an author"
    )
    add_data_dir_option(search)
    search.add_argument("words", nargs="+", metavar="WORDS", help="a title or an author")
    search.add_argument(
        "--source",
        dest="sources",
        action="append",
        default=[],
        metavar="ID",
        help="search only this source (repeatable; default: every enabled source that can)",
    )
    search.add_argument("--json", action="store_true", help="print JSON")
    search.add_argument(
        "--timeout",
        type=seconds,
        default=20.0,
        metavar="S",
        help="seconds to wait for each source (default 20)",
    )


# --- sources -----------------------------------------------------------------------------


async def run_sources(args: argparse.Namespace) -> int:
    registry = open_registry(args)
    command = args.sources_command
    if command == "import":
        return await _import_all(registry, args.inputs)
    if command == "list":
        return _list(registry, args.json)
    if command == "test":
        from novelfetch.cli.source_test import test_source

        return await test_source(registry, args.source_id, " ".join(args.words), args.timeout)
    if command in ("enable", "disable", "remove"):
        return _switch(registry, command, args.source_ids)
    if command in ("allow-local", "deny-local"):
        entry = registry.set_allow_local(args.source_id, command == "allow-local")
        where = "may" if entry.allow_local else "may not"
        print(f"{entry.id}: {where} connect to local network addresses besides its own host")
        return EXIT_OK
    if command in ("allow-other-sites", "deny-other-sites"):
        entry = registry.set_allow_other_sites(args.source_id, command == "allow-other-sites")
        where = "may" if entry.allow_other_sites else "may not"
        print(f"{entry.id}: {where} reach sites besides its own while it holds your cookie")
        return EXIT_OK
    return _save_cookie(registry, args)


def _switch(registry: SourceRegistry, command: str, source_ids: list[str]) -> int:
    """Enable, disable or remove each source; an unknown id (or removing a built-in) changes
    none of them."""
    entries = [registry.get(source_id) for source_id in dict.fromkeys(source_ids)]
    if command == "remove":
        for entry in entries:
            if entry.kind is SourceKind.BUILTIN:
                registry.remove(entry.id)  # says why it cannot be
    for entry in entries:
        if command == "remove":
            registry.remove(entry.id)
            print(f"{entry.id}: removed ({entry.name})")
        else:
            changed = registry.set_enabled(entry.id, command == "enable")
            print(f"{changed.id}: {'enabled' if changed.enabled else 'disabled'} ({changed.name})")
    return EXIT_OK


async def _import_all(registry: SourceRegistry, inputs: list[str]) -> int:
    """Each input in turn (``sources import *.json``); one that cannot be read or is not a
    rule file is named and the others still come in. Exit 2 if any failed or none is usable."""
    if len(inputs) == 1:
        return EXIT_OK if await _import(registry, inputs[0]) else EXIT_BAD_INPUT
    usable, failed = 0, 0
    for where in inputs:
        try:
            usable += await _import(registry, where)
        except NovelFetchError as error:
            failed += 1
            say(f"Error: {sentence(str(error))}")
    if failed:
        say(f"{plural(failed, 'input')} of {len(inputs)} could not be imported (above).")
    return EXIT_OK if usable and not failed else EXIT_BAD_INPUT


async def _import(registry: SourceRegistry, where: str) -> int:
    """Import one input; the number of usable sources it brought."""
    if where.lower().startswith(("http://", "https://")):
        text, origin = await fetch_rule_document(where), where
    else:
        text, origin = read_rule_input(where, sys.stdin.read() if where == "-" else None)
    report = registry.import_text(text, origin)
    _print_report(report)
    say(_import_summary(report, "standard input" if where == "-" else where))
    if report.usable_count == 0:
        say("No usable source was imported.")
    return report.usable_count


def _save_cookie(registry: SourceRegistry, args: argparse.Namespace) -> int:
    if args.clear == (args.cookie is not None):
        raise BadInputError("give the cookie ('k=v; k2=v2') or --clear, one of them")
    entry = registry.set_cookie(args.source_id, "" if args.clear else args.cookie)
    confined = entry.kind is not SourceKind.BUILTIN and not entry.allow_other_sites
    if args.clear:
        print(f"{entry.id}: cookie forgotten")
        if confined:  # what it read meanwhile may be kept with its books (cookie_store.held)
            print(
                f"{entry.id}: it held your cookie, so it still may reach only its own site "
                f"(sources allow-other-sites {entry.id} lets it further)"
            )
    else:  # never the cookie itself
        print(f"{entry.id}: cookie saved; it is sent only to {entry.url or 'the source'}")
        if confined:
            print(
                f"{entry.id}: while it holds your cookie it may reach only its own site "
                f"(sources allow-other-sites {entry.id} lets it further)"
            )
    return EXIT_OK


def _print_report(report: ImportReport) -> None:
    for line in report.lines:
        if not line.imported:
            print(f"skipped   {line.label}: {line.reason}")
        elif line.usable:
            verb = "updated " if line.replaced else "imported"
            off = "" if line.enabled else "  (disabled, as the file says: 'sources enable' it)"
            print(f"{verb}  {line.source_id}  {line.label}{off}")
        else:
            print(f"imported  {line.source_id}  {line.label}  (not usable: {line.reason})")
        if line.imported and line.local_host:
            print(
                f"note      {line.source_id}: its own address {line.local_host} is on your local "
                "network, so it may connect there"
            )


def _import_summary(report: ImportReport, where: str) -> str:
    """The count a long report ends with (a collection brings hundreds of lines)."""
    updated = sum(line.replaced and line.usable for line in report.lines)
    of_them = f" ({updated} of them updated)" if updated else ""
    return (
        f"{plural(len(report.lines), 'source')} in {where}: {report.usable_count} imported"
        f"{of_them}, {report.not_usable_count} not usable, {report.skipped_count} skipped"
    )


def _list(registry: SourceRegistry, as_json: bool) -> int:
    facts = [describe_entry(entry) for entry in registry.entries()]
    if as_json:
        print(json.dumps(facts, ensure_ascii=False, indent=2))
        return EXIT_OK
    # As wide as the longest id: a collection's ids run past any fixed width.
    width = max(len(str(fact["id"])) for fact in facts)
    print(f"{'ID':<{width}} {'KIND':<8} {'STATE':<8} {'USABLE':<10} JS NAME  ADDRESS")
    for fact in facts:
        state = "enabled " if fact["enabled"] else "disabled"
        usable = "usable    " if fact["usable"] else "NOT USABLE"
        script = "JS" if fact["javascript"] else "  "
        line = f"{fact['id']:<{width}} {fact['kind']:<8} {state} {usable} {script} {fact['name']}"
        print(f"{line}  {fact['url']}")
        if fact["allow_local"]:
            print(f"{'':<{width}}   may reach the local network (sources deny-local {fact['id']})")
        if fact["allow_other_sites"]:
            print(
                f"{'':<{width}}   may reach other sites with your cookie "
                f"(sources deny-other-sites {fact['id']})"
            )
        elif fact["own_site_only"]:
            print(
                f"{'':<{width}}   reaches only its own site: it holds or held your cookie "
                f"(sources allow-other-sites {fact['id']})"
            )
        for problem in fact["problems"]:
            print(f"{'':<{width}}   {problem}")
    return EXIT_OK


# --- search ------------------------------------------------------------------------------


async def run_search(args: argparse.Namespace, http: HttpSettings, api_base: str | None) -> int:
    registry = open_registry(args)
    if args.cookie and len(set(args.sources)) != 1:
        raise BadInputError(
            "--cookie goes to one source only: name it with --source ID (or save a cookie per "
            "source with 'novelfetch sources cookie ID ...')"
        )
    register_secrets(cookie_secrets(args.cookie))  # never in a message or a log
    entries = registry.searchable(args.sources)
    if not entries:
        raise BadInputError("no enabled source can search (import one with 'sources import')")
    words = " ".join(args.words).strip()
    if not words:
        raise BadInputError("nothing to search for")
    found: list[SearchResult] = []
    failures: list[SearchOutcome] = []
    with open_store(args) as store:
        outcomes = search_sources(
            entries,
            words,
            settings_for=lambda entry: SourceSettings(
                api_base if entry.id == "baidu" else None, args.cookie, http
            ),
            http=http,
            timeout=args.timeout,
            memory=store,
        )
        async for outcome in outcomes:
            if not outcome.ok:
                failures.append(outcome)
                if not args.json:
                    say(f"{outcome.source.id}: {outcome.error}")
                continue
            found.extend(outcome.results)
            if not args.json:
                for result in outcome.results:
                    _print_result(result)
    if args.json:
        print(
            json.dumps(
                {
                    "results": [_result_facts(result) for result in found],
                    "errors": [{"source": o.source.id, "error": o.error} for o in failures],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    elif not found:
        say(_nothing_found(words, len(entries), len(failures)))
    elif failures:  # each failure was named as it came; among many, the end says how it went
        answered = len({result.source for result in found})
        asked = plural(len(entries), "source")
        say(
            f"{plural(len(found), 'book')} found on {answered} of {asked}; "
            f"{len(failures)} could not be searched (above)."
        )
    if len(failures) == len(entries):
        return EXIT_BAD_INPUT
    # Nothing found while some sources could not be asked: not an answer to rely on.
    return EXIT_FAILED if failures and not found else EXIT_OK


def _nothing_found(words: str, asked: int, failed: int) -> str:
    answered = asked - failed
    if not failed:
        return f"Nothing found for {words!r} on {plural(answered, 'source')}."
    if not answered:
        return f"Nothing found for {words!r}: {plural(failed, 'source')} could not be searched."
    return (
        f"Nothing found for {words!r} on {plural(answered, 'source')} that answered; "
        f"{failed} could not be searched (see above)."
    )


def _result_facts(result: SearchResult) -> dict[str, str]:
    return {
        "title": result.title,
        "author": result.author,
        "source": result.source,
        "latest_chapter": result.latest_chapter,
        "book": result.book,
        "cover_url": result.cover_url,
        "intro": result.intro,
    }


def _print_result(result: SearchResult) -> None:
    latest = f"  latest: {result.latest_chapter}" if result.latest_chapter else ""
    print(f"{result.title} — {result.author or '?'}  [{result.source}]{latest}")
    print(f"    {result.book}")
