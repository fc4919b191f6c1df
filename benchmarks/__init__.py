"""Benchmarks: how close the download pipeline gets to the network's limit.

``python -m benchmarks`` (from the repository root) starts the local sample API server in a
process of its own, runs every case several times with its baselines interleaved, and prints a
table of medians and ratios. ``python -m benchmarks --help`` lists the options.

Each case lives in its own ``case_*.py`` module; the programs the cases time (the command line,
a bare aiohttp loop, a tutorial-style loop, an export from the store) run as child processes,
so neither the server nor the measuring code shares a CPU or an interpreter with them.
"""
