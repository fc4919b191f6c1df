"""Running the real command line as a process, for every suite that tests it that way."""

from __future__ import annotations

import asyncio
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from novelfetch.sample.server import SampleServer


class CliResult(NamedTuple):
    """What a finished run left: unpack it as ``code, out, err`` or use the fields."""

    code: int
    out: str
    err: str

    @property
    def path(self) -> Path:
        """The book the run wrote (the CLI prints its path on stdout)."""
        return Path(self.out.strip())


def cli_command(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "novelfetch", *map(str, args)]


async def run_cli(
    *args: str | Path,
    env: dict[str, str] | None = None,
    timeout: float = 120,
    preexec_fn: Callable[[], None] | None = None,
) -> CliResult:
    process = await asyncio.create_subprocess_exec(
        *cli_command(*args),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env={**os.environ, **(env or {})},
        preexec_fn=preexec_fn,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout)
    assert process.returncode is not None
    return CliResult(process.returncode, out.decode(), err.decode())


async def start_cli(
    *args: str | Path, log: Path | None = None, capture_stderr: bool = False
) -> asyncio.subprocess.Process:
    """A CLI process left running, for tests that kill or interrupt it.

    Its messages go to ``log`` if given, to a pipe with ``capture_stderr``, else nowhere.
    """
    if log is None:
        stderr = asyncio.subprocess.PIPE if capture_stderr else asyncio.subprocess.DEVNULL
        return await asyncio.create_subprocess_exec(
            *cli_command(*args), stdout=asyncio.subprocess.DEVNULL, stderr=stderr
        )
    with open(log, "ab") as messages:
        return await asyncio.create_subprocess_exec(
            *cli_command(*args), stdout=asyncio.subprocess.DEVNULL, stderr=messages
        )


async def wait_until(condition: Callable[[], bool], what: str, timeout: float = 30) -> None:
    """Poll ``condition`` (a server counter, a file) until it holds, failing after ``timeout``."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.002)


def total_chapter_requests(server: SampleServer) -> int:
    return sum(server.stats.chapter_requests.values())
