"""PyInstaller's entry script: the same dispatcher as the installed ``novelfetch`` command."""

import multiprocessing
import sys

from novelfetch.__main__ import main

if __name__ == "__main__":
    # First of all: a worker process of the frozen app (rule evaluation, core.workers) starts
    # this same executable, and freeze_support runs the worker there instead of the app.
    multiprocessing.freeze_support()
    sys.exit(main())
