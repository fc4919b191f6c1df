"""The command line with a rule that runs away in a worker process: Ctrl+C and SIGTERM still
end it at once, workers and all."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
import time
from pathlib import Path

import pytest
from aiohttp.test_utils import TestServer

from novelfetch.core.workers.pool import EVALUATION_BUDGET
from tests.cli_support import run_cli, start_cli, wait_until
from tests.core.test_rule_workers import RUNAWAY_XPATH, rule_document, site

__all__ = ["site"]  # the fixture, shared with the core tests

PROC = Path("/proc")


def children(pid: int) -> set[int]:
    """The processes whose parent is ``pid`` (Linux's /proc)."""
    found = set()
    for entry in os.listdir(PROC):
        if not entry.isdigit():
            continue
        try:  # the process may be gone by now
            fields = (PROC / entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(entry))
    return found


def cpu_seconds(pid: int) -> float:
    try:
        fields = (PROC / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / 100


def alive(pid: int) -> bool:
    stat = PROC / str(pid) / "stat"
    try:
        return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
async def test_a_runaway_rule_does_not_hold_up_the_exit(
    site: TestServer, tmp_path: Path, signum: int
) -> None:
    rule = tmp_path / "runaway.json"
    rule.write_text(json.dumps(rule_document(site, RUNAWAY_XPATH)), encoding="utf-8")
    data = ("--data-dir", str(tmp_path / "data"))
    code, _, err = await run_cli("sources", "import", rule, *data)
    assert code == 0, err
    process = await start_cli(
        "download",
        str(site.make_url("/book/")),
        *data,
        "--cache-dir",
        tmp_path,
        "-o",
        tmp_path,
        "-j",
        "4",
        "-q",
        capture_stderr=True,
    )
    seen: set[int] = set()

    def a_worker_runs_away() -> bool:
        seen.update(children(process.pid))
        return any(cpu_seconds(pid) > 0.5 for pid in seen)

    await wait_until(a_worker_runs_away, "a worker to run the heavy chapter's rule", 60)
    process.send_signal(signum)
    started = time.monotonic()
    _, err = await asyncio.wait_for(process.communicate(), 60)
    assert time.monotonic() - started < EVALUATION_BUDGET  # did not wait for the budget
    assert process.returncode in (130, 143, -signum), err.decode()
    assert "Traceback" not in err.decode()
    await wait_until(lambda: not any(alive(pid) for pid in seen), "the workers to be gone", 10)
