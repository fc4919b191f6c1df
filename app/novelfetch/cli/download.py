"""``download`` and ``info``: one book from a source, with a progress bar on a terminal."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from typing import TYPE_CHECKING

from novelfetch.cli.arguments import txt_encoding
from novelfetch.cli.common import (
    EXIT_FAILED_CHAPTERS,
    EXIT_OK,
    download_options,
    say,
)
from novelfetch.cli.library import (
    open_store,
    say_book_outcome,
)
from novelfetch.cli.sources import (
    open_registry,
)
from novelfetch.cli.text import (
    plural,
    raw_stream,
    text_options,
)
from novelfetch.core.errors import BadInputError
from novelfetch.core.export import FORMATS, check_output_folder, prepare_output_folder
from novelfetch.core.export.txt import check_encoding
from novelfetch.core.jobs.downloader import Downloader
from novelfetch.core.jobs.pipeline import BookTarget
from novelfetch.core.jobs.progress import EventKind, ProgressEvent
from novelfetch.core.jobs.results import DownloadResult
from novelfetch.core.jobs.selection import select_chapters
from novelfetch.core.library.book_files import write_book
from novelfetch.core.library.library import Library
from novelfetch.core.net.gate_status import GateStatus
from novelfetch.core.net.redaction import redact
from novelfetch.core.sources import SourceEntry, SourceRegistry

if TYPE_CHECKING:
    from tqdm import tqdm


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

            self.bar = tqdm(
                total=event.total,
                initial=event.done,  # fetched while the catalog loaded
                unit="ch",
                file=raw_stream(sys.stderr),
                dynamic_ncols=True,
            )
        elif event.kind is EventKind.FINISHED:
            if self.bar:
                self.bar.close()
        elif self.bar:
            self.bar.update(1)
            if event.kind is EventKind.CHAPTER_FAILED and event.chapter:
                failure = f"Failed: {event.chapter.title}: {event.message}"
                self.bar.write(redact(failure), file=sys.stderr)


async def run_download(args: argparse.Namespace) -> int:
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
        async with Downloader(
            store, download_options(args, entry.id, args.jobs), registry=registry
        ) as job:
            # The whole book: chapters are fetched while a long catalog still loads, so the
            # folder is checked first.
            check_output_folder(args.output)
            loaded = await job.load(book_ref, fetch_early=not args.chapters)
            chosen = select_chapters(loaded.chapters, args.chapters)
            missing = loaded.missing(chosen)
            to_fetch = [c for c in missing if c.chapter_id not in loaded.paid]
            early = sum(c.chapter_id in loaded.fetched_early for c in chosen)
            say(
                f"{loaded.book.title} — {loaded.book.author or 'unknown author'}: "
                f"{plural(len(chosen), 'chapter')}, {len(chosen) - len(missing) - early} stored"
                + (f", {early} fetched while the catalog loaded" if early else "")
            )
            if not to_fetch:
                say(_nothing_to_fetch(len(chosen), len(missing)))
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
                say(_politeness_summary(entry.id, job.politeness()))
    say_book_outcome(outcome)
    result = outcome.result or DownloadResult(loaded.book)
    if outcome.path is None:
        say("No chapter could be fetched, so no book was written.")
        _report_failures(result)
        return EXIT_FAILED_CHAPTERS
    if result.failures:
        say(f"Wrote the book WITHOUT {plural(len(result.failures), 'chapter')}:")
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
            say(
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
        say(f"  {failure.chapter.index}. {failure.chapter.title}: {failure.reason}")
    if result.failures:
        say("They are not in the book. Run the same command again to retry only those.")
    if result.paid:
        # Once per run, however many: each paid chapter is named here and nowhere else.
        one = len(result.paid) == 1
        say(
            f"{plural(len(result.paid), 'chapter')} need{'s' if one else ''} a purchase at the "
            f"source and {'is' if one else 'are'} not in the book; buy "
            f"{'it' if one else 'them'}, or pass your browser's cookie with --cookie:"
        )
        for chapter in result.paid:
            say(f"  {chapter.index}. {chapter.title}")
        if result.paid_remembered:
            say(
                f"(Not asked again: {plural(result.paid_remembered, 'chapter')} refused before "
                "with the same cookie.)"
            )


async def run_info(args: argparse.Namespace) -> int:
    registry = open_registry(args)
    entry, book_ref = _route(registry, args)
    with open_store(args) as store:
        async with Downloader(store, download_options(args, entry.id), registry=registry) as job:
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
        lines = [line.strip() for line in book.intro.splitlines() if line.strip()]
        intro = "".join(f"\n{'Intro:' if n == 0 else '':<10}{line}" for n, line in enumerate(lines))
        print(
            f"{book.title}\nAuthor:   {book.author or '—'}{intro}\nChapters: {facts['chapters']} "
            f"({facts['stored']} stored, {facts['paid']} paid)\nSource:   {book.source} "
            f"{book.book_id}"
        )
    return EXIT_OK
