"""Host calls (``child.ask_parent``): a task in a worker asks this process for what only it
has (a script's request through the job's session), and carries on with the answer, inside
the same budgets."""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import signal
import threading
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest

from novelfetch.core.errors import RefusedAddressError
from novelfetch.core.workers.pool import (
    EvaluationStoppedError,
    HostCallError,
    InProcess,
    WorkerCrashedError,
    WorkerPool,
)
from tests.core import worker_tasks


@pytest.fixture
async def pool() -> AsyncIterator[WorkerPool]:
    pool = WorkerPool(1, budget=1.0)
    try:
        await pool.run(worker_tasks.echo, "warm")  # the first task may wait for start-up
        yield pool
    finally:
        pool.close()


def refuse(url: str) -> None:
    raise RefusedAddressError(f"refused: {url} is a local network address")


async def test_a_task_gets_its_host_calls_answers_and_errors(pool: WorkerPool) -> None:
    asked: list[tuple[Any, ...]] = []

    def fetch(*args: Any) -> dict[str, str]:
        asked.append(args)
        return {"body": "第一章"}

    host = {"fetch": fetch, "refuse": refuse}
    pid, answer = await pool.run(worker_tasks.ask, "fetch", "GET", "u", host=host)
    assert pid != os.getpid() and answer == {"body": "第一章"} and asked == [("GET", "u")]
    with pytest.raises(RefusedAddressError, match=r"refused: http://127\.0\.0\.1/ is a local"):
        await pool.run(worker_tasks.ask, "refuse", "http://127.0.0.1/", host=host)
    # Only what the caller allowed: anything else is refused here, without running.
    with pytest.raises(HostCallError, match="open: not available"):
        await pool.run(worker_tasks.ask, "open", "/etc/passwd", host=host)
    with pytest.raises(HostCallError, match="fetch: not available"):
        await pool.run(worker_tasks.ask, "fetch", "GET", "u")
    assert (await pool.run(worker_tasks.echo, "after"))[1] == "after"  # the pipe is in step


async def test_in_process_the_same_host_calls_answer() -> None:
    host = {"fetch": lambda *args: list(args), "refuse": refuse}
    evaluator = InProcess()
    assert (await evaluator.run(worker_tasks.ask, "fetch", 1, host=host))[1] == [1]
    with pytest.raises(RefusedAddressError):
        await evaluator.run(worker_tasks.ask, "refuse", "x", host=host)
    with pytest.raises(HostCallError):
        await evaluator.run(worker_tasks.ask, "fetch", 1)


async def test_waiting_for_a_host_call_is_not_the_tasks_time() -> None:
    pool = WorkerPool(1, budget=0.3)  # 0.9 s of wall clock
    try:
        await pool.run(worker_tasks.echo, "warm")
        started = time.monotonic()
        pid, answer = await pool.run(
            worker_tasks.ask, "slow", host={"slow": lambda: time.sleep(1.2) or "late"}
        )
        assert answer == "late" and time.monotonic() - started >= 1.2
        assert pid in pool.pids() and pool.stats.stopped == 0
    finally:
        pool.close()


async def test_a_worker_that_never_answers_after_a_host_call_is_still_stopped() -> None:
    pool = WorkerPool(1, budget=0.3)
    try:
        await pool.run(worker_tasks.echo, "warm")
        host = {"wait": lambda: time.sleep(0.5)}
        with pytest.raises(EvaluationStoppedError, match="still running after 1 s"):
            await pool.run(worker_tasks.ask_then_sleep, 60.0, host=host)
        assert (await pool.run(worker_tasks.echo, "after"))[1] == "after"
    finally:
        pool.close()


async def test_a_worker_killed_while_its_host_call_runs_costs_a_retry(pool: WorkerPool) -> None:
    def kill_the_asker() -> str:
        for pid in pool.pids():
            os.kill(pid, signal.SIGKILL)
        return "too late"

    with pytest.raises(WorkerCrashedError, match="SIGKILL") as raised:
        await pool.run(worker_tasks.ask, "kill", host={"kill": kill_the_asker})
    assert raised.value.retryable
    assert (await pool.run(worker_tasks.echo, "after"))[1] == "after"


async def test_host_calls_do_not_wait_for_the_loops_default_threads(pool: WorkerPool) -> None:
    """A script's request waits for the loop, whose DNS lookups and commits run in its default
    executor: host calls must not take (or wait for) those threads."""
    loop = asyncio.get_running_loop()
    busy = concurrent.futures.ThreadPoolExecutor(1)
    loop.set_default_executor(busy)
    release = threading.Event()
    blocked = loop.run_in_executor(None, release.wait)  # its only thread, taken
    try:
        _, answer = await asyncio.wait_for(
            pool.run(worker_tasks.ask, "fetch", host={"fetch": lambda: "answered"}), 10
        )
    finally:
        release.set()
        await blocked
    assert answer == "answered"
