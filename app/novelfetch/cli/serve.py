"""``serve-sample``: the offline sample API and HTML site on a local port."""

from __future__ import annotations

import argparse
import asyncio

from novelfetch.cli.common import (
    EXIT_OK,
    say,
)
from novelfetch.core.errors import BadInputError

_BUNDLED_SITE_BASE = "http://127.0.0.1:8765/site/"


async def run_serve(args: argparse.Namespace) -> int:
    from novelfetch.sample.library import SampleBook, default_library
    from novelfetch.sample.server import SampleServer

    library = default_library()
    if args.chapters:
        library["9"] = SampleBook("9", "基准测试之书", "NovelFetch", "", args.chapters)
        if args.chapter_kb:
            from novelfetch.sample.site import benchmark_book

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
        say(f"Sample API at {server.api_base} (books {', '.join(library)}); Ctrl+C stops.")
        from novelfetch.resources import resource_path

        rule = resource_path("sample/rules/sample-site.legado.json")
        if server.site_base != _BUNDLED_SITE_BASE:
            note = f" (written for {_BUNDLED_SITE_BASE}: edit its bookSourceUrl)"
        else:
            note = ""
        say(f"Sample HTML site at {server.site_base}; its rule file: {rule}{note}")
        await asyncio.Event().wait()
    finally:
        await server.stop()
    return EXIT_OK
