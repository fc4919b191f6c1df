"""The worker pool (core.workers.pool): budgets that stop, crashes contained, results intact."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from novelfetch.core.errors import FetchError
from novelfetch.core.sources.rules.eval_errors import RuleError
from novelfetch.core.workers import child
from novelfetch.core.workers.pool import (
    EvaluationStoppedError,
    Preloaded,
    WorkerCrashedError,
    WorkerPool,
)
from tests.core import worker_tasks

LINUX = sys.platform.startswith("linux")


@pytest.fixture
async def pool() -> AsyncIterator[WorkerPool]:
    pool = WorkerPool(1, budget=1.0, memory_ceiling=256 * 1024 * 1024)
    try:
        yield pool
    finally:
        pool.close()


async def test_results_and_errors_come_back_as_they_were(pool: WorkerPool) -> None:
    pid, value = await pool.run(worker_tasks.echo, {"text": "第一章", "n": [1, 2]})
    assert pid != os.getpid() and value == {"text": "第一章", "n": [1, 2]}
    with pytest.raises(RuleError) as raised:
        await pool.run(worker_tasks.fail_with_rule_error)
    assert raised.value.rule == "//div[@id='x']"
    assert raised.value.problem == "is not what the page has"


async def test_a_preloaded_object_travels_to_a_worker_once(pool: WorkerPool) -> None:
    preloaded = Preloaded.of({"rule": "x" * 10_000})
    first = await pool.run(worker_tasks.with_preloaded, 1, preloaded=preloaded)
    second = await pool.run(worker_tasks.with_preloaded, 2, preloaded=preloaded)
    assert first[:2] == second[:2]  # the same process kept the same copy
    assert (first[2], second[2]) == (1, 2)


async def test_a_runaway_task_is_stopped_by_its_budget_naming_what_it_ran(
    pool: WorkerPool,
) -> None:
    before = pool.pids()
    with pytest.raises(EvaluationStoppedError) as raised:
        await pool.run(worker_tasks.spin, "//*[count(//*) > 0]", label="source 'Loops'")
    message = str(raised.value)
    assert "source 'Loops'" in message and "//*[count(//*) > 0]" in message
    assert "1 s of CPU" in message
    assert not isinstance(raised.value, FetchError)  # not retried: it would overrun again
    # The worker was replaced; the pool carries on.
    pid, _ = await pool.run(worker_tasks.echo, "after")
    assert pid not in before


async def test_megabytes_travel_whole_both_ways(pool: WorkerPool) -> None:
    # Far more than a socket's buffer: the loop writes the rest as the worker reads.
    page = bytes(range(256)) * (8 * 4096)  # 8 MB, the largest page a source may send
    results = await asyncio.gather(*(pool.run(worker_tasks.echo, page) for _ in range(3)))
    assert all(value == page for _, value in results)


async def test_a_page_waiting_behind_its_sources_runaway_is_read_by_a_fresh_worker(
    pool: WorkerPool,
) -> None:
    await pool.run(worker_tasks.echo, "warm")
    # One worker: the second page waits in its queue behind the first, which runs away.
    runaway = asyncio.ensure_future(pool.run(worker_tasks.spin, "loops", label="source 'A'"))
    waiting = asyncio.ensure_future(pool.run(worker_tasks.echo, "next page", label="source 'A'"))
    with pytest.raises(EvaluationStoppedError):
        await runaway
    pid, value = await waiting
    assert value == "next page" and pid in pool.pids()
    assert pool.stats.stopped == 1 and pool.stats.crashed == 0


async def test_a_script_regex_the_sandbox_cannot_interrupt_is_stopped_by_the_worker(
    pool: WorkerPool,
) -> None:
    # QuickJS's regular expressions ignore its interrupt (its 2 s CPU budget and 30 s wall
    # clock): exponential backtracking runs on for ever. A lazy repeat of an empty group
    # (💰飞速中文's challenge page) is refused by the prelude; this one is not. Only the
    # worker's own budget stops it.
    catastrophic = "/(a+)+$/.test('" + "a" * 40 + "!')"
    assert await pool.run(worker_tasks.run_js, "/(a+)+$/.test('aaa')") is True
    started = time.monotonic()
    with pytest.raises(EvaluationStoppedError, match="1 s of CPU"):
        await pool.run(worker_tasks.run_js, catastrophic, label="source 'Hangs'")
    assert time.monotonic() - started < 30
    assert (await pool.run(worker_tasks.echo, "after"))[1] == "after"


async def test_a_task_stuck_without_using_cpu_is_stopped_by_the_wall_clock() -> None:
    pool = WorkerPool(1, budget=0.5)
    try:
        await pool.run(worker_tasks.echo, "warm")  # the first task may wait for start-up
        with pytest.raises(EvaluationStoppedError, match="still running after 2 s"):
            await pool.run(worker_tasks.sleep, 60.0)
        assert (await pool.run(worker_tasks.echo, "after"))[1] == "after"
    finally:
        pool.close()


async def test_a_worker_killed_mid_task_fails_that_task_as_worth_retrying(
    pool: WorkerPool,
) -> None:
    with pytest.raises(WorkerCrashedError, match="SIGKILL") as raised:
        await pool.run(worker_tasks.kill_self, label="source 'Crashy'")
    assert raised.value.retryable and "source 'Crashy'" in str(raised.value)
    assert (await pool.run(worker_tasks.echo, "after"))[1] == "after"


async def test_a_crash_costs_only_the_tasks_in_that_worker(tmp_path: Path) -> None:
    pool = WorkerPool(2, budget=5.0)
    try:
        marker = str(tmp_path / "died")
        results = await asyncio.gather(
            pool.run(worker_tasks.kill_self_once, marker),
            *(pool.run(worker_tasks.echo, n) for n in range(20)),
            return_exceptions=True,
        )
        crashed = [r for r in results if isinstance(r, BaseException)]
        assert len(crashed) == 1 and isinstance(crashed[0], WorkerCrashedError)
        assert [r[1] for r in results[1:]] == list(range(20))
        # Tried again (as the downloader's retry does), it succeeds in a fresh worker.
        assert await pool.run(worker_tasks.kill_self_once, marker) in pool.pids()
    finally:
        pool.close()


@pytest.mark.skipif(not LINUX, reason="RLIMIT_AS is enforced on Linux")
async def test_a_task_past_the_memory_ceiling_fails_alone(pool: WorkerPool) -> None:
    with pytest.raises(EvaluationStoppedError, match="more than 256 MB of memory"):
        await pool.run(worker_tasks.allocate, 1024, label="source 'Greedy'")
    assert await pool.run(worker_tasks.allocate, 16) == 16 * 1024 * 1024


async def test_closing_stops_busy_and_idle_workers() -> None:
    pool = WorkerPool(2, budget=60.0)
    busy = asyncio.ensure_future(pool.run(worker_tasks.spin, "for ever"))
    await pool.run(worker_tasks.echo, "the other one answers")
    pids = pool.pids()
    assert len(pids) == 2
    await asyncio.to_thread(pool.close)
    with pytest.raises(asyncio.CancelledError):
        await busy
    for pid in pids:
        assert not _running(pid)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/stat").exists() and ") Z" not in Path(f"/proc/{pid}/stat").read_text()


@pytest.mark.skipif(not hasattr(os, "nice"), reason="POSIX niceness")
async def test_workers_can_run_below_the_asking_process() -> None:
    pool = WorkerPool(1, nice=5)
    try:
        niceness = await pool.run(worker_tasks.niceness)
    finally:
        pool.close()
    assert niceness == os.nice(0) + 5 or niceness == 19  # 19: the most a process can be


async def test_a_worker_killed_while_idle_is_replaced_before_the_next_task(
    pool: WorkerPool,
) -> None:
    (pid,) = [(await pool.run(worker_tasks.echo, "first"))[0]]
    os.kill(pid, signal.SIGKILL)
    while _running(pid):
        await asyncio.sleep(0.01)
    other, value = await pool.run(worker_tasks.echo, "second")
    assert value == "second" and other != pid
    assert pool.stats.crashed == 0  # nobody's task was lost


async def test_a_preloaded_object_the_worker_let_go_of_is_sent_again(pool: WorkerPool) -> None:
    first = Preloaded.of({"rule": 0})
    await pool.run(worker_tasks.with_preloaded, 0, preloaded=first)
    for number in range(1, child.KEPT_OBJECTS + 2):  # more than a worker keeps
        await pool.run(worker_tasks.with_preloaded, number, preloaded=Preloaded.of({"n": number}))
    *_, value = await pool.run(worker_tasks.preloaded_value, preloaded=first)
    assert value == {"rule": 0}


def test_a_script_without_a_main_guard_can_use_the_workers(tmp_path: Path) -> None:
    """ "spawn" would run the main module again in each worker; the pool keeps it out, so a
    user's script (or pytest, or the window) is never re-run there."""
    script = tmp_path / "unguarded.py"
    script.write_text(
        "import asyncio, os\n"
        "from novelfetch.core.workers.pool import WorkerPool\n"
        "pool = WorkerPool(1)\n"
        "print(asyncio.run(pool.run(os.getpid)) != os.getpid())\n"
        "pool.close()\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "True"


async def test_a_source_whose_pages_all_run_away_leaves_a_worker_for_the_others() -> None:
    pool = WorkerPool(2, budget=60.0)  # one worker at most for each label
    try:
        await pool.run(worker_tasks.echo, "both started")
        runaways = [
            asyncio.ensure_future(pool.run(worker_tasks.spin, "loops", label="source 'A'"))
            for _ in range(3)
        ]
        _, value = await asyncio.wait_for(
            pool.run(worker_tasks.echo, "B's page", label="source 'B'"), 30
        )
        assert value == "B's page"
        assert not any(task.done() for task in runaways)
    finally:
        await asyncio.to_thread(pool.close)
    for task in runaways:
        with pytest.raises(asyncio.CancelledError):
            await task
