"""What every command shares: exit codes, messages, network and store options."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from yarl import URL

from novelfetch.core.errors import BadInputError
from novelfetch.core.jobs.downloader import DownloadOptions
from novelfetch.core.library.book_files import BookOutcome
from novelfetch.core.net.http import HttpSettings
from novelfetch.core.net.redaction import REDACTED, proxy_secrets, redact
from novelfetch.core.net.retry import RetryPolicy
from novelfetch.core.sources import SourceRegistry
from novelfetch.core.store.chapter_store import Store
from novelfetch.core.store.location import store_folder
from novelfetch.core.user_folders import default_data_dir

EXIT_OK, EXIT_FAILED_CHAPTERS, EXIT_BAD_INPUT, EXIT_INTERRUPTED = 0, 1, 2, 130
# What a shell reports for a command stopped by SIGPIPE: the reader of its output went away.
EXIT_BROKEN_PIPE = 141


def check_proxy(proxy: str | None) -> None:
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


def network_options() -> argparse.ArgumentParser:
    """What every command that talks to sources takes, besides a book."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--api-base", metavar="URL", help="where Baidu's API lives")
    add_store_option(common)
    common.add_argument("--cookie", default="", help="Cookie header to send to the source")
    common.add_argument("--proxy", default=None, metavar="URL", help="HTTP proxy")
    return common


def download_options(args: argparse.Namespace, source: str, jobs: int = 8) -> DownloadOptions:
    check_proxy(args.proxy)
    return DownloadOptions(
        source=source,
        concurrency=jobs,
        retry=RetryPolicy(retries=max(0, args.retries)),
        api_base=args.api_base,
        cookie=args.cookie,
        http=HttpSettings(read_timeout=args.timeout, proxy=args.proxy),
        adaptive=not getattr(args, "fixed", False),
    )


def say(message: str) -> None:
    # Messages may quote what a server or the network said; never echo the user's secrets.
    print(redact(message), file=sys.stderr)


def add_store_option(parser: argparse.ArgumentParser) -> None:
    """``--store-dir`` (``--cache-dir``, its old name, still works)."""
    parser.add_argument(
        "--store-dir",
        "--cache-dir",
        dest="store_dir",
        type=Path,
        metavar="DIR",
        help="folder of the chapter store and library (default: the data folder, "
        f"{default_data_dir()}; --cache-dir is the old name of this option)",
    )


def open_store(args: argparse.Namespace) -> Store:
    """The store the options name; on first start, the old cache-folder store is moved in."""
    location = store_folder(getattr(args, "store_dir", None), getattr(args, "data_dir", None))
    if location.moved_from is not None:
        say(f"Moved the chapter store from {location.moved_from} to {location.folder}.")
    if location.notice:
        say(f"Note: {location.notice}.")
    store = Store.in_folder(location.folder)
    if store.recovery is not None:
        say(store.recovery.message(store.path))
    elif store.moved_aside:
        say(f"The chapter store was not NovelFetch's; it was moved to {store.moved_aside}.")
    return store


def add_force_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace a book file even with one holding fewer of the book's chapters",
    )


def say_book_outcome(outcome: BookOutcome) -> None:
    """Tell the user what the whole-book rule did with the file."""
    if outcome.path is None:
        return
    if outcome.apart_from is not None:
        whose = f" from source {outcome.other_book[0]}" if outcome.other_book else ""
        say(
            f"{outcome.apart_from.name} holds another book of the same title{whose}, so "
            f"this one is written as {outcome.path.name}."
        )
    if outcome.unchanged:
        say(f"Nothing changed: {outcome.path} already holds these {outcome.chapters} chapters.")
    elif not outcome.whole:
        say(f"Wrote part of the book ({outcome.part}) under its own name.")


def add_data_dir_option(parser: argparse.ArgumentParser, *, with_store: bool = True) -> None:
    """``--data-dir``; ``with_store``: the command also opens the chapter store (and has
    ``--store-dir``), which lives there too unless ``--store-dir`` says otherwise."""
    kept = (
        "imported sources (and, without --store-dir, the chapter store and library)"
        if with_store
        else "imported sources"
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        help=f"where {kept} are kept (default {default_data_dir()})",
    )


def open_registry(args: argparse.Namespace) -> SourceRegistry:
    registry = SourceRegistry(getattr(args, "data_dir", None) or default_data_dir())
    if registry.notice:
        say(f"Note: {registry.notice}")
    return registry
