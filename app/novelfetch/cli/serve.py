"""``serve-sample``: the offline sample API and HTML site on a local port."""

from __future__ import annotations

import argparse
import asyncio

from novelfetch.cli.common import (
    EXIT_OK,
    say,
)
from novelfetch.core.errors import BadInputError


async def run_serve(args: argparse.Namespace) -> int:
    from novelfetch.sample.library import SampleBook, default_library
    from novelfetch.sample.server import SampleServer

    library = default_library()
    if args.chapters:
        library["9"] = SampleBook("9", "基准测试之书", "NovelFetch", "", args.chapters)
        if args.chapter_kb:
            from novelfetch.sample.site import benchmark_book

            library["9"] = benchmark_book(args.chapters, args.chapter_kb)
    from novelfetch.resources import resource_path

    rules = resource_path("sample/rules")
    server = SampleServer(
        library,
        rule_files={path.name: path.read_text(encoding="utf-8") for path in rules.glob("*.json")},
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
        say(f"Sample API at {server.api_base} (books {', '.join(library)}); Ctrl+C stops.")
        # Served written for this port: nothing to edit, whichever --port was chosen.
        rule = f"{server.origin}/rules/sample-site.legado.json"
        say(
            f"Sample HTML site at {server.site_base}; import its rules with: "
            f"novelfetch sources import {rule}"
        )
        await asyncio.Event().wait()
    finally:
        await server.stop()
    return EXIT_OK
