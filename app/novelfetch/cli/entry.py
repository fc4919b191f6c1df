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
import logging
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from novelfetch.cli.arguments import (
    jobs,
    non_negative_int,
    port,
    positive_int,
    positive_number,
    seconds,
    seconds_or_zero,
)
from novelfetch.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_BROKEN_PIPE,
    EXIT_INTERRUPTED,
    EXIT_OK,
    check_proxy,
    download_options,
    network_options,
    say,
)
from novelfetch.cli.download import run_download, run_info
from novelfetch.cli.library import (
    add_force_option,
    add_library_commands,
    add_store_option,
    run_export,
    run_library,
    run_remove,
    run_update,
)
from novelfetch.cli.serve import run_serve
from novelfetch.cli.sources import (
    add_data_dir_option,
    add_source_commands,
    run_search,
    run_sources,
)
from novelfetch.cli.text import (
    add_rules_command,
    add_text_arguments,
    capitalise_log_messages,
    protect_output_streams,
    run_rules,
    sentence,
)
from novelfetch.core.errors import NovelFetchError
from novelfetch.core.jobs.downloader import MAX_CONCURRENCY
from novelfetch.core.net.http import HttpSettings


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
        from novelfetch import __version__

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
    add_source_commands(commands, network_options())
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


async def _search(args: argparse.Namespace) -> int:
    check_proxy(args.proxy)
    return await run_search(args, HttpSettings(proxy=args.proxy), args.api_base)


async def _rules(args: argparse.Namespace) -> int:
    return run_rules(args, say)


async def _run_cancellable(args: argparse.Namespace) -> int:
    command = {
        "download": run_download,
        "info": run_info,
        "serve-sample": run_serve,
        "sources": run_sources,
        "search": _search,
        "rules": _rules,
        "library": run_library,
        "update": lambda args: run_update(args, download_options),
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
    "source.unknown_address": "import a rule source for that site with 'novelfetch sources "
    "import FILE'",
    "source.disabled": "enable it with 'novelfetch sources enable {source}'",
    "library.no_match": "see 'novelfetch library'",
}


def _advice(error: NovelFetchError) -> str:
    advice = _ADVICE.get(error.message.id)
    return f" ({advice.format_map(error.message.values)})" if advice else ""


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
        # A selector loop on every platform (Windows' default is IOCP): the worker pool reads
        # its workers' sockets with loop readers (core/workers/process.py).
        with asyncio.Runner(loop_factory=asyncio.SelectorEventLoop) as runner:
            code = runner.run(_run_cancellable(args))
        sys.stdout.flush()  # a reader that went away shows here, not as a complaint at exit
        return code
    except BrokenPipeError:
        # `novelfetch library --json | head`: stop quietly, as other tools do. Standard output
        # goes nowhere from now on, so the flush at exit cannot fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except NovelFetchError as error:
        say(f"Error: {sentence(str(error))}{_advice(error)}")
        return error.exit_code
    except UnicodeEncodeError as error:
        # Only on a system whose file names are ASCII (the C locale without UTF-8 mode).
        say(
            f"Error: This system cannot name files in Chinese ({error.encoding}: "
            f"{error.object[error.start : error.end]!r}); use a UTF-8 locale such as "
            "LANG=C.UTF-8, or set PYTHONUTF8=1."
        )
        return EXIT_BAD_INPUT
    except (KeyboardInterrupt, asyncio.CancelledError):
        say("Interrupted. Every chapter fetched so far is kept; run again to continue.")
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
