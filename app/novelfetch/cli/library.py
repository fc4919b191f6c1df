"""``novelfetch library | update | export | remove``.

Thin: parse, call the core (``core/library/``: ``library.py``, ``updates.py``,
``book_files.py``), print. Messages go to standard error, results (paths, JSON) to standard output.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

from novelfetch.cli.arguments import jobs, non_negative_int, seconds, txt_encoding
from novelfetch.cli.common import (
    add_data_dir_option,
    add_force_option,
    add_store_option,
    open_registry,
    open_store,
    say,
    say_book_outcome,
)
from novelfetch.cli.text import plural
from novelfetch.core.errors import BadInputError
from novelfetch.core.export import FORMATS, prepare_output_folder
from novelfetch.core.export.txt import check_encoding
from novelfetch.core.jobs.downloader import Downloader, DownloadOptions
from novelfetch.core.jobs.pipeline import BookTarget
from novelfetch.core.jobs.selection import select_chapters
from novelfetch.core.library.book_files import export_from_store
from novelfetch.core.library.library import Library, LibraryEntry
from novelfetch.core.library.updates import BookUpdate, update_books

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2

OptionsFor = Callable[[argparse.Namespace, str, int], DownloadOptions]


# --- the store ---------------------------------------------------------------------------


# --- the commands ------------------------------------------------------------------------


def add_library_commands(commands: argparse._SubParsersAction) -> None:
    """Register ``library``, ``update``, ``export`` and ``remove``."""
    local = argparse.ArgumentParser(add_help=False)
    add_store_option(local)
    add_data_dir_option(local)
    network = argparse.ArgumentParser(add_help=False, parents=[local])
    network.add_argument("--api-base", metavar="URL", help="where Baidu's API lives")
    network.add_argument(
        "--cookie", default="", help="Cookie header for the books' source (books of one source)"
    )
    network.add_argument("--proxy", default=None, metavar="URL", help="HTTP proxy")
    network.add_argument(
        "--timeout",
        type=seconds,
        default=30.0,
        metavar="S",
        help="seconds to wait for an answer (default 30)",
    )
    network.add_argument(
        "--retries",
        type=non_negative_int,
        default=4,
        metavar="N",
        help="tries after the first per request (default 4)",
    )
    network.add_argument("-v", "--verbose", action="store_true", help="log each retry")

    listing = commands.add_parser("library", parents=[local], help="list the books you loaded")
    listing.add_argument("--json", action="store_true", help="print JSON")

    update = commands.add_parser(
        "update",
        parents=[network],
        help="check library books for new chapters, fetch them and rewrite their files",
    )
    update.add_argument("books", nargs="*", metavar="BOOK", help="library books (see 'library')")
    update.add_argument("--all", action="store_true", help="every book in the library")
    update.add_argument(
        "--check-only", action="store_true", help="only look for new chapters; fetch nothing"
    )
    update.add_argument(
        "-j",
        "--jobs",
        type=jobs,
        default=8,
        metavar="N",
        help="chapters fetched at once at most (default 8)",
    )
    update.add_argument(
        "-q", "--quiet", action="store_true", help="as download's -q (update shows no bars)"
    )
    add_force_option(update)

    export = commands.add_parser(
        "export", parents=[local], help="write a library book from the store (no network)"
    )
    book = "a library book: SOURCE:ID, its address, its ID or its title (see 'library')"
    export.add_argument("book", metavar="BOOK", help=book)
    export.add_argument("-f", "--format", default="epub", help="epub (default) or txt")
    export.add_argument(
        "-o",
        "--output",
        type=Path,
        default=Path("."),
        metavar="DIR",
        help="folder to write the book to (default: here)",
    )
    export.add_argument("--chapters", metavar="RANGE", help="only these, e.g. 1-100")
    export.add_argument(
        "--encoding", help="TXT encoding, e.g. gb18030 (default utf-8; only with -f txt)"
    )
    add_force_option(export)

    remove = commands.add_parser(
        "remove", parents=[local], help="forget a book and its stored chapters"
    )
    remove.add_argument("book", metavar="BOOK", help=book)
    remove.add_argument("--yes", action="store_true", help="do not ask")


def _when(stamp: float | None) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(stamp)) if stamp else "never"


async def run_library(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        entries = Library(store).entries()
    if args.json:
        print(json.dumps([e.as_json() for e in entries], ensure_ascii=False, indent=2))
        return EXIT_OK
    if not entries:
        say("The library is empty: every book you download is added to it.")
    for entry in entries:
        book = entry.book
        # Chapters the source dropped are kept and counted apart: "30/30 stored, 20 more
        # removed at the source (kept)", never "50/30".
        listed = entry.stored - entry.removed
        extra = f", {entry.removed} more removed at the source (kept)" if entry.removed else ""
        print(
            f"{book.title} — {book.author or '—'}   [{entry.reference}] ({book.source})\n"
            f"    {listed}/{entry.known} chapters stored{extra}, {entry.new} new; "
            f"checked {_when(entry.checked_at)}, updated {_when(entry.updated_at)}"
        )
        for record in entry.files:
            what = "" if record.whole else f" (part: {record.part})"
            print(f"    {record.path}{what}")
    return EXIT_OK


def _chosen(library: Library, args: argparse.Namespace) -> list[LibraryEntry]:
    if args.all and args.books:
        raise BadInputError("name books or give --all, not both")
    if args.all:
        return library.entries()
    if not args.books:
        raise BadInputError("name the books to update (see 'novelfetch library') or give --all")
    chosen: dict[tuple[str, str], LibraryEntry] = {}
    for text in args.books:
        entry = library.find(text)
        chosen[entry.key] = entry
    return list(chosen.values())


async def run_update(args: argparse.Namespace, options_for: OptionsFor) -> int:
    registry = open_registry(args)
    failed = False
    with open_store(args) as store:
        library = Library(store)
        entries = _chosen(library, args)
        if args.cookie and len({entry.book.source for entry in entries}) > 1:
            raise BadInputError(
                "--cookie goes to one source only, and these books come from several: update "
                "one source's books, or save a cookie per source with 'sources cookie ID ...'"
            )
        if not entries:
            say("The library is empty: nothing to update.")

        def open_job(entry: LibraryEntry) -> Downloader:
            options = options_for(args, entry.book.source, args.jobs)
            return Downloader(store, options, registry=registry)

        reports = update_books(
            library, entries, open_job, check_only=args.check_only, force=args.force
        )
        names = {entry.id: entry.name for entry in registry.entries()}
        async for report in reports:
            failed |= not report.ok
            _say_update(report, args.check_only, names)
    return EXIT_FAILED if failed else EXIT_OK


def _say_update(report: BookUpdate, check_only: bool, names: dict[str, str]) -> None:
    book = report.entry.book
    # With the source: one title can be in the library from two sources.
    title = f"{book.title} [{names.get(book.source, book.source)}]"
    if report.error:
        say(f"{title}: not checked: {report.error}")
        return
    removed = f", {report.removed} removed at the source (kept)" if report.removed else ""
    if check_only:
        say(f"{title}: {plural(report.new, 'new chapter')}{removed}")
        return
    line = f"{title}: {plural(report.fetched, 'new chapter')} fetched{removed}"
    if report.failures:
        line += f", {len(report.failures)} failed"
    say(line)
    for failure in report.failures:
        say(f"  {failure.chapter.index}. {failure.chapter.title}: {failure.reason}")
    for file in report.files:
        if file.outcome is None:
            say(f"  {file.path}: not rewritten: {file.skipped}")
        elif file.outcome.unchanged:
            say(f"  {file.path}: unchanged")
        else:
            say(f"  {file.path}: rewritten with {file.outcome.chapters} chapters")
            print(file.path)


async def run_export(args: argparse.Namespace) -> int:
    fmt = args.format.lower()
    if fmt not in FORMATS:
        raise BadInputError(f"unknown format {fmt!r} (choose {' or '.join(FORMATS)})")
    args.encoding = txt_encoding(fmt, args.encoding)
    if fmt == "txt":
        check_encoding(args.encoding)
    with open_store(args) as store:
        library = Library(store)
        entry = library.find(args.book)
        order = [item.chapter for item in library.reading_order(entry.book)]
        selection = select_chapters(order, args.chapters) if args.chapters else None
        prepare_output_folder(args.output)
        outcome = export_from_store(
            store,
            library,
            entry.book,
            BookTarget(fmt, args.output, args.encoding),
            selection=selection,
            force=args.force,
        )
    say_book_outcome(outcome)
    print(outcome.path)
    return EXIT_OK


async def run_remove(args: argparse.Namespace) -> int:
    names = {source.id: source.name for source in open_registry(args).entries()}
    with open_store(args) as store:
        library = Library(store)
        entry = library.find(args.book)
        source = names.get(entry.book.source, entry.book.source)
        name = f"{entry.book.title} (from {source})"
        if not args.yes:
            if not sys.stdin.isatty():
                raise BadInputError(f"removing {name} needs --yes when not asked on a terminal")
            answer = input(f"Forget {name} and its {entry.stored} stored chapters? [y/N] ")
            if answer.strip().lower() not in ("y", "yes"):
                say("Kept.")
                return EXIT_OK
        library.remove(entry.book)
    say(f"Removed {name} from the library; its book files are left where they are.")
    return EXIT_OK
