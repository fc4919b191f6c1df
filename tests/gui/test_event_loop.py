"""The window's loop (``gui.app.event_loop``): asyncio's rules, run in slices Qt can get between."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from novelfetch.gui.app.event_loop import SlicedEventLoop, new_event_loop


def run(main: object) -> object:
    app = QApplication.instance() or QApplication(["novelfetch-tests"])
    with asyncio.Runner(loop_factory=lambda: new_event_loop(app)) as runner:
        return runner.run(main)  # type: ignore[arg-type]


def test_ready_callbacks_run_first_in_first_out() -> None:
    async def main() -> list[int]:
        loop = asyncio.get_running_loop()
        assert isinstance(loop, SlicedEventLoop)
        seen: list[int] = []
        done = loop.create_future()
        for number in range(200):
            loop.call_soon(seen.append, number)
        loop.call_soon(done.set_result, None)
        await done
        return seen

    assert run(main()) == list(range(200))


def test_timers_fire_in_deadline_order_and_never_early() -> None:
    async def main() -> list[tuple[float, float]]:
        loop = asyncio.get_running_loop()
        fired: list[tuple[float, float]] = []
        done = loop.create_future()
        start = loop.time()
        for delay in (0.03, 0.01, 0.02, 0.0, 0.015):
            loop.call_later(delay, lambda d=delay: fired.append((d, loop.time() - start)))
        loop.call_later(0.04, done.set_result, None)
        await done
        return fired

    fired = run(main())
    assert [delay for delay, _ in fired] == [0.0, 0.01, 0.015, 0.02, 0.03]
    for delay, at in fired:
        assert at >= delay - 0.0005, (delay, at)


def test_cancelled_callbacks_and_timers_never_run_and_dead_timers_are_forgotten() -> None:
    async def main() -> tuple[list[str], int]:
        loop = asyncio.get_running_loop()
        ran: list[str] = []
        loop.call_soon(ran.append, "soon").cancel()
        # As aiohttp does for every answer: a long timeout set, then cancelled.
        for _ in range(5_000):
            loop.call_later(30, ran.append, "late").cancel()
        live = loop.call_later(30, ran.append, "live")
        assert live in loop._scheduled  # asyncio's own heap holds the timers
        await asyncio.sleep(0.01)
        still = len(loop._scheduled)
        live.cancel()
        return ran, still

    ran, still_scheduled = run(main())
    assert ran == []
    assert still_scheduled < 100  # not 5,000 dead timers for every new one to sort past


def test_asyncio_sleep_wakes_on_time_on_an_idle_loop() -> None:
    async def main() -> list[float]:
        late = []
        for _ in range(20):
            before = time.perf_counter()
            await asyncio.sleep(0.005)
            late.append(time.perf_counter() - before - 0.005)
        return late

    late = run(main())
    assert min(late) >= -0.0005
    assert sorted(late)[len(late) // 2] < 0.003  # the median wake-up is within 3 ms


def test_qt_gets_in_between_slices_of_a_long_backlog() -> None:
    """Twenty 2 ms callbacks ready at once: a Qt timer due meanwhile runs after a slice, not
    after all twenty (40 ms)."""

    async def main() -> tuple[int, int]:
        loop = asyncio.get_running_loop()
        ran = 0
        qt_saw: list[int] = []
        done = loop.create_future()

        def busy() -> None:
            nonlocal ran
            end = time.perf_counter() + 0.002
            while time.perf_counter() < end:
                pass
            ran += 1

        # Due once the backlog is under way, as a paint or a click would be.
        loop.call_soon(QTimer.singleShot, 0, lambda: qt_saw.append(ran))
        for _ in range(20):
            loop.call_soon(busy)
        loop.call_soon(done.set_result, None)
        await done
        return qt_saw[0], ran

    qt_saw, ran = run(main())
    assert ran == 20
    assert qt_saw <= 5, qt_saw  # a 4 ms slice holds two or three; never all twenty


def test_an_exception_in_a_callback_is_reported_and_the_rest_still_run() -> None:
    async def main() -> tuple[list[dict], list[str]]:
        loop = asyncio.get_running_loop()
        reported: list[dict] = []
        loop.set_exception_handler(lambda _loop, context: reported.append(context))
        after: list[str] = []
        done = loop.create_future()
        loop.call_soon(lambda: 1 / 0)
        loop.call_soon(after.append, "ran")
        loop.call_soon(done.set_result, None)
        await done
        return reported, after

    reported, after = run(main())
    assert isinstance(reported[0]["exception"], ZeroDivisionError)
    assert after == ["ran"]


def test_call_soon_threadsafe_wakes_the_loop_from_another_thread() -> None:
    async def main() -> str:
        loop = asyncio.get_running_loop()
        answer = loop.create_future()
        threading.Thread(
            target=lambda: loop.call_soon_threadsafe(answer.set_result, "from a thread")
        ).start()
        return await asyncio.wait_for(answer, 5)

    assert run(main()) == "from a thread"


def test_closing_drops_what_was_pending() -> None:
    app = QApplication.instance() or QApplication(["novelfetch-tests"])
    loop = new_event_loop(app)
    ran: list[str] = []
    loop.call_soon(ran.append, "soon")
    loop.call_later(0.001, ran.append, "later")
    loop.close()
    app.processEvents()
    time.sleep(0.005)
    app.processEvents()
    assert ran == []
    with pytest.raises(RuntimeError):
        loop.call_soon(ran.append, "closed")
