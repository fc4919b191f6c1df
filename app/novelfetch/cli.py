"""The command line over the core: download, info, search, sources and serve-sample.

Exit codes: 0 complete; 1 some chapters failed or need a purchase; 2 bad input or unusable
source; 130 interrupted; 141 the reader of standard output went away (a closed pipe). Errors
are printed as messages, never tracebacks; every message starts with a capital letter
(``sentence``) and counts agree with their nouns (``plural``).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
import signal
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from yarl import URL

from .cli_arguments import (
    jobs,
    non_negative_int,
    port,
    positive_int,
    positive_number,
    seconds,
    seconds_or_zero,
    txt_encoding,
)
from .cli_library import (
    add_force_option,
    add_library_commands,
    add_store_option,
    open_store,
    run_export,
    run_library,
    run_remove,
    run_update,
    say_book_outcome,
)
from .cli_sources import (
    add_data_dir_option,
    add_source_commands,
    open_registry,
    run_search,
    run_sources,
)
from .cli_text import (
    add_rules_command,
    add_text_arguments,
    capitalise_log_messages,
    plural,
    protect_output_streams,
    run_rules,
    sentence,
    text_options,
)
from .core.bookfile import write_book
from .core.downloader import MAX_CONCURRENCY, Downloader, DownloadOptions, DownloadResult
from .core.errors import BadInputError, NovelFetchError
from .core.export import FORMATS, prepare_output_folder
from .core.export.txt import check_encoding
from .core.http import HttpSettings
from .core.library import Library
from .core.pipeline import BookTarget
from .core.politeness import GateStatus
from .core.progress import EventKind, ProgressEvent
from .core.redaction import REDACTED, proxy_secrets, redact
from .core.retry import RetryPolicy
from .core.selection import select_chapters
from .core.sources import SourceEntry, SourceRegistry

if TYPE_CHECKING:
    from tqdm import tqdm

EXIT_OK, EXIT_FAILED_CHAPTERS, EXIT_BAD_INPUT, EXIT_INTERRUPTED = 0, 1, 2, 130
# What a shell reports for a command stopped by SIGPIPE: the reader of its output went away.
EXIT_BROKEN_PIPE = 141


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # argparse's own exit code is 2 too; this keeps the wording ours and to one line
        # naming the problem (the usage is one --help away).
        self.exit(EXIT_BAD_INPUT, f"Error: {sentence(message)}\n")


class _ShowVersion(argparse.Action):
    """``--version``, looking the version up only when asked: the lookup costs every start
    ~30 ms otherwise (see ``novelfetch.__init__``)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        from . import __version__

        print(f"novelfetch {__version__}")  # on standard output: $(novelfetch --version)
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="novelfetch", description="Save web novels as EPUB or TXT.")
    parser.add_argument("--version", action=_ShowVersion)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    source = argparse.ArgumentParser(add_help=False)
    source.add_argument(
        "book", metavar="BOOK", help="book address of any source, or a Baidu book ID"
    )
    source.add_argument(
        "--source", metavar="ID", help="the source to use (default: the one owning BOOK)"
    )
    source.add_argument(
        "--api-base",
        metavar="URL",
        help="where the source's API lives (also $NOVELFETCH_BAIDU_API_BASE)",
    )
    add_store_option(source)
    source.add_argument("--cookie", default="", help="Cookie header to send to the source")
    source.add_argument("--proxy", default=None, metavar="URL", help="HTTP proxy")
    source.add_argument(
        "--timeout",
        type=seconds,
        default=30.0,
        metavar="S",
        help="seconds to wait for an answer (default 30)",
    )
    source.add_argument(
        "--retries",
        type=non_negative_int,
        default=4,
        metavar="N",
        help="tries after the first for each request (default 4)",
    )
    source.add_argument("-v", "--verbose", action="store_true", help="log each retry")
    add_data_dir_option(source)

    download = commands.add_parser("download", parents=[source], help="download a book")
    download.add_argument("-f", "--format", default="epub", help="epub (default) or txt")
    download.add_argument(
        "-o",
        "--output",
        type=Path,
        default=Path("."),
        metavar="DIR",
        help="folder to write the book to (default: here)",
    )
    download.add_argument(
        "-j",
        "--jobs",
        type=jobs,
        default=8,
        metavar="N",
        help=f"chapters fetched at once at most, 1-{MAX_CONCURRENCY} (default 8); the pace"
        " adapts below it",
    )
    download.add_argument(
        "--fixed",
        action="store_true",
        help="always fetch -j chapters at once, without adapting to the source",
    )
    download.add_argument("--chapters", metavar="RANGE", help="e.g. 1-100, 50-, -20")
    download.add_argument(
        "--encoding", help="TXT encoding, e.g. gb18030 (default utf-8; only with -f txt)"
    )
    download.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    add_text_arguments(download)
    add_force_option(download)

    info = commands.add_parser("info", parents=[source], help="show a book's details")
    info.add_argument("--json", action="store_true", help="print JSON")

    add_library_commands(commands)
    add_source_commands(commands, _network_options())
    add_rules_command(commands)

    serve = commands.add_parser("serve-sample", help="run the local sample API server")
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
    )
    serve.add_argument(
        "--port", type=port, default=8765, help="port to listen on (default 8765; 0: any free)"
    )
    serve.add_argument(
        "--latency",
        type=seconds_or_zero,
        default=0.0,
        metavar="S",
        help="seconds to wait before each answer, as a distant server would (default 0)",
    )
    serve.add_argument(
        "--chapter-kb",
        type=positive_int,
        metavar="KB",
        help="with --chapters: book 9's chapters are one HTML page of about KB each on the site",
    )
    serve.add_argument(
        "--chapters",
        type=positive_int,
        metavar="N",
        help="also serve book 9 with N chapters (for benchmarks)",
    )
    serve.add_argument(
        "--capacity",
        type=positive_int,
        metavar="C",
        help="answer 429 (Retry-After: 1) beyond C requests in flight",
    )
    serve.add_argument(
        "--rate-cap",
        type=positive_number,
        metavar="R",
        help="answer 503 beyond R requests a second",
    )
    return parser


def _check_proxy(proxy: str | None) -> None:
    if not proxy:
        return
    try:
        url = URL(proxy)
        usable = url.scheme in ("http", "https") and bool(url.host)
    except ValueError:
        usable = False
    if not usable:
        shown = proxy
        for secret in proxy_secrets(proxy):
            shown = shown.replace(secret, REDACTED) if secret else shown
        raise BadInputError(
            f"not a proxy address: {shown!r} (use http://HOST:PORT or http://USER:PASSWORD@HOST:PORT)"
        )


def _network_options() -> argparse.ArgumentParser:
    """What every command that talks to sources takes, besides a book."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--api-base", metavar="URL", help="where Baidu's API lives")
    add_store_option(common)
    common.add_argument("--cookie", default="", help="Cookie header to send to the source")
    common.add_argument("--proxy", default=None, metavar="URL", help="HTTP proxy")
    return common


def _options(args: argparse.Namespace, source: str, jobs: int = 8) -> DownloadOptions:
    _check_proxy(args.proxy)
    return DownloadOptions(
        source=source,
        concurrency=jobs,
        retry=RetryPolicy(retries=max(0, args.retries)),
        api_base=args.api_base,
        cookie=args.cookie,
        http=HttpSettings(read_timeout=args.timeout, proxy=args.proxy),
        adaptive=not getattr(args, "fixed", False),
    )


def _say(message: str) -> None:
    # Messages may quote what a server or the network said; never echo the user's secrets.
    print(redact(message), file=sys.stderr)


class _ProgressBar:
    """tqdm over the downloader's progress events."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.bar: tqdm | None = None
        self._postfix = ""

    def show_gate(self, status: GateStatus) -> None:
        """The source's current limit and why, or the Retry-After countdown, after the bar."""
        if self.bar is None:
            return
        if status.hold_remaining > 0:
            text = f"limit {status.limit}/{status.ceiling}, paused {status.hold_remaining:.0f} s"
        else:
            text = f"limit {status.limit}/{status.ceiling}: {status.reason}"
        if text != self._postfix:
            self._postfix = text
            self.bar.set_postfix_str(redact(text))

    def __call__(self, event: ProgressEvent) -> None:
        if self.quiet:
            return
        if event.kind is EventKind.STARTED:
            # Imported here: tqdm looks its version up with importlib.metadata, ~15 ms of
            # every start, and -q never shows a bar.
            from tqdm import tqdm

            self.bar = tqdm(total=event.total, unit="ch", file=sys.stderr, dynamic_ncols=True)
        elif event.kind is EventKind.FINISHED:
            if self.bar:
                self.bar.close()
        elif self.bar:
            self.bar.update(1)
            if event.kind is EventKind.CHAPTER_FAILED and event.chapter:
                failure = f"Failed: {event.chapter.title}: {event.message}"
                self.bar.write(redact(failure), file=sys.stderr)


async def _download(args: argparse.Namespace) -> int:
    # Every option is checked before the first request, so bad input costs no download.
    args.format = args.format.lower()
    if args.format not in FORMATS:
        raise BadInputError(f"unknown format {args.format!r} (choose {' or '.join(FORMATS)})")
    args.encoding = txt_encoding(args.format, args.encoding)
    text = text_options(args)
    if args.format == "txt":
        check_encoding(args.encoding, traditional=text.traditional)
    registry = open_registry(args)
    entry, book_ref = _route(registry, args)
    with open_store(args) as store:
        async with Downloader(store, _options(args, entry.id, args.jobs), registry=registry) as job:
            loaded = await job.load(book_ref)
            chosen = select_chapters(loaded.chapters, args.chapters)
            missing = loaded.missing(chosen)
            to_fetch = [c for c in missing if c.chapter_id not in loaded.paid]
            _say(
                f"{loaded.book.title} — {loaded.book.author or 'unknown author'}: "
                f"{plural(len(chosen), 'chapter')}, {len(chosen) - len(missing)} stored"
            )
            if not to_fetch:
                _say(_nothing_to_fetch(len(chosen), len(missing)))
            prepare_output_folder(args.output)
            target = BookTarget(
                args.format,
                args.output,
                args.encoding,
                replace(text, source_url=job.source.describe()),
            )
            # A bar only on a terminal, and only when there is something to fetch.
            quiet = args.quiet or not to_fetch or not sys.stderr.isatty()
            bar = _ProgressBar(quiet)
            if not quiet:
                job.on_gate_status = bar.show_gate
            outcome = await write_book(
                job,
                loaded,
                Library(store),
                target,
                bar,
                selection=chosen if args.chapters else None,
                force=args.force,
            )
            if not args.quiet and to_fetch:
                _say(_politeness_summary(entry.id, job.politeness()))
    say_book_outcome(outcome)
    result = outcome.result or DownloadResult(loaded.book)
    if outcome.path is None:
        _say("No chapter could be fetched, so no book was written.")
        _report_failures(result)
        return EXIT_FAILED_CHAPTERS
    if result.failures:
        _say(f"Wrote the book WITHOUT {plural(len(result.failures), 'chapter')}:")
    _report_failures(result)
    print(outcome.path)
    return EXIT_FAILED_CHAPTERS if result.failures or result.paid else EXIT_OK


def _route(registry: SourceRegistry, args: argparse.Namespace) -> tuple[SourceEntry, str]:
    """The source and book ``BOOK`` names, saying so when another source knows it too."""
    entry, book_ref = registry.route(args.book, args.source)
    if not args.source and "://" in args.book:
        others = [e for e in registry.owners(args.book.strip()) if e.id != entry.id]
        if others:
            names = ", ".join(f"{e.id} ({e.name})" for e in others)
            _say(
                f"Note: {len(others) + 1} sources know this address; using {entry.id} "
                f"({entry.name}). Another with --source ID: {names}."
            )
    return entry, book_ref


def _nothing_to_fetch(chosen: int, missing: int) -> str:
    if not missing:
        if chosen == 1:
            return "Nothing to fetch: the chapter is stored."
        return f"Nothing to fetch: all {plural(chosen, 'chapter')} are stored."
    return (
        f"Nothing to fetch: {chosen - missing} of {plural(chosen, 'chapter')} are stored; "
        f"the source refused the other {missing} for payment before."
    )


def _politeness_summary(source: str, status: GateStatus) -> str:
    latency = status.median_latency
    shown = f"{latency * 1000:.0f} ms" if latency is not None else "n/a"
    return (
        f"Requests to {source}: {status.requests:,}, {status.refusals:,} refused "
        f"({status.refusal_share:.1%}), median latency {shown}; limit {status.limit} "
        f"of {status.ceiling} ({status.reason})"
    )


def _report_failures(result: DownloadResult) -> None:
    for failure in result.failures:
        _say(f"  {failure.chapter.index}. {failure.chapter.title}: {failure.reason}")
    if result.failures:
        _say("They are not in the book. Run the same command again to retry only those.")
    if result.paid:
        # Once per run, however many: each paid chapter is named here and nowhere else.
        one = len(result.paid) == 1
        _say(
            f"{plural(len(result.paid), 'chapter')} need{'s' if one else ''} a purchase at the "
            f"source and {'is' if one else 'are'} not in the book; buy "
            f"{'it' if one else 'them'}, or pass your browser's cookie with --cookie:"
        )
        for chapter in result.paid:
            _say(f"  {chapter.index}. {chapter.title}")
        if result.paid_remembered:
            _say(
                f"(Not asked again: {plural(result.paid_remembered, 'chapter')} refused before "
                "with the same cookie.)"
            )


async def _info(args: argparse.Namespace) -> int:
    registry = open_registry(args)
    entry, book_ref = _route(registry, args)
    with open_store(args) as store:
        async with Downloader(store, _options(args, entry.id), registry=registry) as job:
            loaded = await job.load(book_ref)
    book = loaded.book
    facts = {
        "source": book.source,
        "book_id": book.book_id,
        "book": job.source.book_reference(book.book_id),
        "title": book.title,
        "author": book.author,
        "intro": book.intro,
        "cover_url": book.cover_url,
        "chapters": len(loaded.chapters),
        "stored": len(loaded.stored),
        "paid": sum(c.paid for c in loaded.chapters),
    }
    if args.json:
        print(json.dumps(facts, ensure_ascii=False, indent=2))
    else:
        print(
            f"{book.title}\nAuthor:   {book.author or '—'}\nChapters: {facts['chapters']} "
            f"({facts['stored']} stored, {facts['paid']} paid)\nSource:   {book.source} "
            f"{book.book_id}"
        )
    return EXIT_OK


async def _search(args: argparse.Namespace) -> int:
    _check_proxy(args.proxy)
    return await run_search(args, HttpSettings(proxy=args.proxy), args.api_base)


_BUNDLED_SITE_BASE = "http://127.0.0.1:8765/site/"


async def _serve(args: argparse.Namespace) -> int:
    from .core.sources.sample_library import SampleBook, default_library
    from .core.sources.sample_server import SampleServer

    library = default_library()
    if args.chapters:
        library["9"] = SampleBook("9", "基准测试之书", "NovelFetch", "", args.chapters)
        if args.chapter_kb:
            from .core.sources.sample_site import benchmark_book

            library["9"] = benchmark_book(args.chapters, args.chapter_kb)
    server = SampleServer(
        library,
        latency=args.latency,
        host=args.host,
        port=args.port,
        capacity=args.capacity,
        rate_cap=args.rate_cap,
    )
    try:
        await server.start()
    except OSError as error:
        raise BadInputError(
            f"cannot serve on {args.host}:{args.port}: {error.strerror or error} "
            "(is another server running there? choose another --port)"
        ) from None
    try:
        _say(f"Sample API at {server.api_base} (books {', '.join(library)}); Ctrl+C stops.")
        from .resources import resource_path

        rule = resource_path("sample/rules/sample-site.legado.json")
        if server.site_base != _BUNDLED_SITE_BASE:
            note = f" (written for {_BUNDLED_SITE_BASE}: edit its bookSourceUrl)"
        else:
            note = ""
        _say(f"Sample HTML site at {server.site_base}; its rule file: {rule}{note}")
        await asyncio.Event().wait()
    finally:
        await server.stop()
    return EXIT_OK


async def _rules(args: argparse.Namespace) -> int:
    return run_rules(args, _say)


async def _run_cancellable(args: argparse.Namespace) -> int:
    command = {
        "download": _download,
        "info": _info,
        "serve-sample": _serve,
        "sources": run_sources,
        "search": _search,
        "rules": _rules,
        "library": run_library,
        "update": lambda args: run_update(args, _options),
        "export": run_export,
        "remove": run_remove,
    }[args.command]
    task = asyncio.current_task()
    if task is not None and hasattr(signal, "SIGTERM"):
        # SIGTERM stops as cleanly as Ctrl+C: the store keeps every committed chapter.
        with contextlib.suppress(NotImplementedError, RuntimeError):
            asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)
    return await command(args)


# What to type next, for the errors whose message the core leaves it out of (core.errors).
_ADVICE = {
    "unknown-address": "import a rule source for that site with 'novelfetch sources import FILE'",
    "source-disabled": "enable it with 'novelfetch sources enable {source}'",
    "not-in-library": "see 'novelfetch library'",
}


def _advice(error: NovelFetchError) -> str:
    advice = _ADVICE.get(error.code)
    return f" ({advice.format_map(error.values)})" if advice else ""


def main(argv: Sequence[str] | None = None) -> int:
    protect_output_streams()
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return EXIT_OK
    if hasattr(signal, "SIGXFSZ"):
        # Over a file-size limit, fail the write with EFBIG instead of dying silently.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    logging.basicConfig(
        level=logging.INFO if getattr(args, "verbose", False) else logging.WARNING,
        format="%(message)s",
    )
    capitalise_log_messages()  # the core logs in lower case; the CLI's messages are sentences
    try:
        code = asyncio.run(_run_cancellable(args))
        sys.stdout.flush()  # a reader that went away shows here, not as a complaint at exit
        return code
    except BrokenPipeError:
        # `novelfetch library --json | head`: stop quietly, as other tools do. Standard output
        # goes nowhere from now on, so the flush at exit cannot fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except NovelFetchError as error:
        _say(f"Error: {sentence(str(error))}{_advice(error)}")
        return error.exit_code
    except UnicodeEncodeError as error:
        # Only on a system whose file names are ASCII (the C locale without UTF-8 mode).
        _say(
            f"Error: This system cannot name files in Chinese ({error.encoding}: "
            f"{error.object[error.start : error.end]!r}); use a UTF-8 locale such as "
            "LANG=C.UTF-8, or set PYTHONUTF8=1."
        )
        return EXIT_BAD_INPUT
    except (KeyboardInterrupt, asyncio.CancelledError):
        _say("Interrupted. Every chapter fetched so far is kept; run again to continue.")
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
