"""The whole pipeline, timed from inside: the command line's own ``main`` after its imports.

Case 2 compares throughput, so interpreter start-up and imports (case 1's business) are left
out; everything the command does is in: opening the store, details and catalog, fetching,
cleaning and committing every chapter, the cover, writing the EPUB. Prints
``{"seconds": …, "exit": …}`` as its last line.

    python -m benchmarks.pipeline_child --api-base URL --jobs 64 --workdir DIR
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from novelfetch.cli import entry as cli

from .commands import download_arguments


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--api-base", required=True)
    parser.add_argument("--jobs", type=int, required=True)
    parser.add_argument("--workdir", type=Path, required=True)
    args = parser.parse_args()
    arguments = download_arguments(args.api_base, args.jobs, args.workdir)
    started = time.perf_counter()
    code = cli.main(arguments)
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "exit": code}))
    raise SystemExit(code)


if __name__ == "__main__":
    main()
