"""The threads that parse pages and evaluate rules, shared by every rule source adapter.

Evaluating is Python work under the GIL, so more threads add no speed, only contenders the event
loop's thread must wait behind for the GIL (each a frozen moment in the window): qasync's
default 10 threads doubled the window's loop stalls (benchmark case 7). Two use a second core
while libxml2 parses with the GIL released.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

PARSE_THREADS = 2
_pool: list[ThreadPoolExecutor] = []


def parse_pool() -> ThreadPoolExecutor:
    """The shared pool, made on first use."""
    if not _pool:
        _pool.append(ThreadPoolExecutor(PARSE_THREADS, thread_name_prefix="rule-parse"))
    return _pool[0]
