"""Child processes: the sample API server, and timed runs of the programs being measured.

Everything measured runs in a process of its own, as a user would run it, so its wall time
includes start-up and its peak memory is its own (``wait4`` reports the child's ``ru_maxrss``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self

ROOT = Path(__file__).resolve().parent.parent
SERVER_START_TIMEOUT = 30.0


def child_environment() -> dict[str, str]:
    """The environment for measured children: this one, with bytecode caching allowed.

    Some sandboxes and CI images set PYTHONDONTWRITEBYTECODE, which makes every start compile
    NovelFetch's modules again; a user's installation caches them, so the children do too.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONIOENCODING"] = "utf-8"  # book titles are Chinese, whatever the locale
    # Children find the benchmarks package from the repository root like `python -m` here does.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    return env


@dataclass(frozen=True, slots=True)
class ChildRun:
    """One finished child: wall seconds from start to exit, peak RSS, and what it printed."""

    seconds: float
    peak_rss_mb: float | None  # None where the OS does not report it (Windows)
    stdout: str
    cpu_seconds: float | None = None  # user + system time of the child (None off POSIX)

    def report(self) -> dict[str, Any]:
        """The JSON object a benchmark child prints as its last line."""
        return json.loads(self.stdout.strip().splitlines()[-1])


def run_child(args: Sequence[str], *, timeout: float = 600.0) -> ChildRun:
    """Run ``python args…`` to completion; raise with its output if it fails.

    The child is reaped with ``os.wait4`` (where there is one), whose resource usage is the
    child's own: its peak RSS, not the largest of every child so far as RUSAGE_CHILDREN gives.
    """
    command = [sys.executable, *args]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=ROOT, env=child_environment(), stdout=out, stderr=err
        )
        watchdog = threading.Timer(timeout, process.kill)
        watchdog.start()
        try:
            peak_rss_mb, cpu_seconds = _wait(process)
        finally:
            watchdog.cancel()
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    if process.returncode != 0:
        raise RuntimeError(
            f"{' '.join(command)} exited with {process.returncode}:\n{stderr[-3000:]}"
        )
    return ChildRun(seconds, peak_rss_mb, stdout, cpu_seconds)


def _wait(process: subprocess.Popen[bytes]) -> tuple[float | None, float | None]:
    """Wait for ``process``; its peak RSS in MB and its CPU seconds, None where the OS
    cannot say."""
    if not hasattr(os, "wait4"):
        process.wait()
        return None, None
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    # ru_maxrss is KiB on Linux, bytes on macOS.
    peak_rss_mb = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024) / 1e6
    return peak_rss_mb, usage.ru_utime + usage.ru_stime


class SampleServerProcess:
    """``python -m novelfetch serve-sample`` in its own process, on a free port.

    Serves book "9" with ``chapters`` chapters of 3,000 characters (with ``chapter_kb``: one
    HTML page of about that many KB each on the site, ``site_base``). ``cpu_seconds()`` reads
    the server's CPU time (Linux), so a case can say whether the server was the bottleneck.
    """

    def __init__(
        self, chapters: int, latency: float, extra: Sequence[str] = (), chapter_kb: int = 0
    ) -> None:
        self.chapters, self.latency, self.chapter_kb = chapters, latency, chapter_kb
        self.extra = list(extra)  # more serve-sample options (--capacity C, --rate-cap R)
        self.api_base = ""
        self.site_base = ""  # the HTML site's root URL, ending in "/site/"
        self._process: subprocess.Popen[str] | None = None

    def __enter__(self) -> Self:
        command = [
            sys.executable,
            "-m",
            "novelfetch",
            "serve-sample",
            "--port",
            "0",
            "--chapters",
            str(self.chapters),
            "--latency",
            str(self.latency),
            *self.extra,
            *(["--chapter-kb", str(self.chapter_kb)] if self.chapter_kb else []),
        ]
        self._process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=child_environment(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.api_base = self._wait_for_address(self._process)
        # The site is served by the same server, under /site/ beside /api/.
        self.site_base = self.api_base.split("/api/", 1)[0] + "/site/"
        return self

    def __exit__(self, *exc_info: object) -> None:
        process = self._process
        if process is None:
            return
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    @staticmethod
    def _wait_for_address(process: subprocess.Popen[str]) -> str:
        """The API base the server announces ("Sample API at URL (…"), once it listens."""
        assert process.stderr is not None
        found: list[str] = []
        ready = threading.Event()

        def read() -> None:
            # Keeps draining after the announcement, so a chatty server never blocks on a pipe.
            for line in process.stderr:  # type: ignore[union-attr]
                if not found and line.startswith("Sample API at "):
                    found.append(line.split()[3])
                    ready.set()
            ready.set()

        threading.Thread(target=read, daemon=True).start()
        if not ready.wait(SERVER_START_TIMEOUT) or not found:
            process.kill()
            raise RuntimeError("the sample server did not start")
        return found[0]

    def cpu_seconds(self) -> float | None:
        """User + system CPU seconds the server has used so far (None off Linux)."""
        if self._process is None:
            return None
        try:
            fields = Path(f"/proc/{self._process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        # Fields 14 and 15 of stat (utime, stime), counted after the ")" that ends the name.
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
