"""What the application takes from a worker (core.workers.answers): a worker a page has
taken over cannot make the application run code, whatever it sends; honest answers, the
real rule tasks' included, come back as they were."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import re
import socket
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from novelfetch.core.errors import BudgetExceededError
from novelfetch.core.jobs.downloader import Downloader, DownloadOptions
from novelfetch.core.messages import KINDS, Message
from novelfetch.core.net.http import HttpSettings
from novelfetch.core.net.retry import RetryPolicy
from novelfetch.core.sources import SourceRegistry
from novelfetch.core.sources.rules import extract
from novelfetch.core.store.chapter_store import Store
from novelfetch.core.workers import answers
from novelfetch.core.workers.answers import ALLOWED, UnacceptableAnswer, decode_reply
from novelfetch.core.workers.pool import (
    EvaluationStoppedError,
    Evaluator,
    HostCalls,
    Preloaded,
    RefusedAnswerError,
    WorkerPool,
)
from novelfetch.core.workers.process import WorkerProcess
from novelfetch.core.workers.tasks import PoolState
from novelfetch.resources import resource_path
from novelfetch.sample.library import default_library
from novelfetch.sample.server import SampleServer
from tests.core import compromised_worker, worker_tasks
from tests.core.pools import evaluating_with
from tests.core.rules.js import js_site, real_js_sites
from tests.core.test_rule_workers import SAMPLE_RULES, everything_read
from tests.core.test_rule_workers_parity import read_js_book, serve, stateful_js_source

SYSTEM = f"{os.system.__module__}.system"  # posix.system
QUICK = HttpSettings(connect_timeout=2.0, read_timeout=5.0)


@pytest.fixture
async def pool() -> AsyncIterator[WorkerPool]:
    pool = WorkerPool(1, budget=1.0)
    try:
        await pool.run(worker_tasks.echo, "warm")  # the first task may wait for start-up
        yield pool
    finally:
        pool.close()


async def still_works(pool: WorkerPool, before: list[int]) -> None:
    """The pool answers the next task, in a fresh worker (the taken-over one was killed)."""
    pid, value = await pool.run(worker_tasks.echo, {"next": [1, "二"]})
    assert value == {"next": [1, "二"]} and pid not in before


@pytest.mark.parametrize(
    ("send", "how", "named"),
    [
        (compromised_worker.answer_with, "os.system", SYSTEM),
        (compromised_worker.answer_with, "exec", "builtins.exec"),
        (compromised_worker.answer_with, "eval", "builtins.eval"),
        (compromised_worker.answer_with, "subprocess", "subprocess.call"),
        (compromised_worker.answer_with, "partial", "functools.partial"),
        (compromised_worker.fail_with, "in an error", SYSTEM),
        (compromised_worker.ask_with, "exec", "builtins.exec"),  # a host-call request
        (compromised_worker.ask_with, "os.system", SYSTEM),
    ],
)
async def test_a_taken_over_workers_gadget_never_runs_here(
    pool: WorkerPool, tmp_path: Path, send: Callable[..., None], how: str, named: str
) -> None:
    marker = tmp_path / "ran"
    before = pool.pids()
    with pytest.raises(RefusedAnswerError) as raised:
        await pool.run(send, how, str(marker), label="source 'Hostile'")
    assert not marker.exists()
    message = str(raised.value)
    assert f"a worker sent an answer that is not allowed: {named}" in message
    assert message.startswith("source 'Hostile'")
    assert raised.value.retryable  # a crash's rules: tried again, in a fresh worker
    assert pool.stats.refused == 1
    await still_works(pool, before)
    assert not marker.exists()


async def test_a_message_larger_than_any_answer_is_not_waited_for(pool: WorkerPool) -> None:
    before = pool.pids()
    with pytest.raises(EvaluationStoppedError, match=r"1024 MB is larger than .* \(16 MB\)"):
        await pool.run(compromised_worker.announce, 1024 * 1024 * 1024)
    await still_works(pool, before)


def test_an_answer_when_nothing_was_asked_ends_that_worker() -> None:
    state = PoolState(multiprocessing.get_context("spawn"), 1.0, None)
    worker = WorkerProcess(state)
    ours, theirs = socket.socketpair()
    with theirs:
        worker.socket = ours
        data = pickle.dumps(("ok", "unasked"))
        theirs.sendall(len(data).to_bytes(4, "big") + data)
        worker._readable()
    assert worker.socket is None and ours.fileno() == -1  # forgotten, its socket closed
    assert state.stats.refused == 1


async def test_an_error_the_application_does_not_take_comes_back_as_its_words(
    pool: WorkerPool,
) -> None:
    """An honest worker's error of a class the application refuses (a library's) is sent as
    a RuntimeError naming it: the page fails, the worker lives."""
    with pytest.raises(RuntimeError, match=r"^SiteLibraryError: unexpected token at line 3$"):
        await pool.run(compromised_worker.fail_with_library_error)
    pid, _ = await pool.run(worker_tasks.echo, "after")
    assert [pid] == pool.pids() and pool.stats.refused == 0


class TakesOverOneContentWorker:
    """The shared pool, but the worker reading ``bad_url`` is taken over every time."""

    def __init__(self, pool: WorkerPool, marker: Path, bad_url: str) -> None:
        self.pool, self.marker, self.bad_url = pool, str(marker), bad_url

    def start(self) -> None:
        self.pool.start()

    async def run(
        self,
        function: Callable[..., Any],
        *args: Any,
        preloaded: Preloaded | None = None,
        label: str = "",
        host: HostCalls | None = None,
    ) -> Any:
        if function is extract.content_page:
            function = compromised_worker.content_page_taken_over_at
            args = (self.marker, self.bad_url, *args)
        return await self.pool.run(function, *args, preloaded=preloaded, label=label, host=host)

    def close(self) -> None:
        self.pool.close()


async def test_a_taken_over_page_fails_alone_after_its_retries(tmp_path: Path) -> None:
    library = default_library()
    async with SampleServer(library) as site:
        text = resource_path("sample/rules/sample-site.legado.json").read_text(encoding="utf-8")
        text = text.replace("http://127.0.0.1:8765/site/", site.site_base)
        registry = SourceRegistry(tmp_path / "data")
        (line,) = registry.import_text(text, "sample-site.legado.json").lines
        assert line.usable and line.source_id, line
        retry = RetryPolicy(retries=2, backoff_base=0.01)
        options = DownloadOptions(source=line.source_id, concurrency=2, retry=retry, http=QUICK)
        pool = WorkerPool(2)
        with Store(tmp_path / "store.sqlite3") as store:
            async with Downloader(store, options, registry=registry) as job:
                loaded = await job.load(f"{site.site_base}book/1/")
                chapters = loaded.chapters[:3]
                evaluator: Evaluator = TakesOverOneContentWorker(
                    pool, tmp_path / "ran", chapters[1].chapter_id
                )
                with evaluating_with(evaluator):
                    result = await job.fetch(loaded, chapters)
            texts = [store.load_text(loaded.book, c) for c in chapters]
    assert not (tmp_path / "ran").exists()
    assert [f.chapter.index for f in result.failures] == [chapters[1].index]
    assert f"a worker sent an answer that is not allowed: {SYSTEM}" in result.failures[0].reason
    assert pool.stats.refused == 1 + retry.retries  # tried again under the usual rules
    assert texts[0] and texts[2] and not texts[1]


async def test_the_real_tasks_answers_hold_only_classes_on_the_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sample site's three rule files and two JavaScript sources (one a real source's),
    read end to end in workers: every class their answers, errors and host calls held."""
    seen: set[tuple[str, str]] = set()
    find_class = answers._AnswerUnpickler.find_class

    def recording(self: pickle.Unpickler, module: str, name: str) -> Any:
        seen.add((module, name))
        return find_class(self, module, name)  # type: ignore[arg-type]

    monkeypatch.setattr(answers._AnswerUnpickler, "find_class", recording)
    pool = WorkerPool(2)
    try:
        async with SampleServer(default_library()) as sample:
            for rule_file in SAMPLE_RULES:
                await everything_read(sample, tmp_path / rule_file, rule_file, pool)
    finally:
        pool.close()
    async with serve(js_site.make_app()) as origin:
        rule = stateful_js_source(origin)
        await read_js_book(origin, tmp_path / "js", rule, "脚本", WorkerPool(2))
    async with serve(real_js_sites.lanshe_app()) as origin:
        rule = real_js_sites.lanshe_rule(origin)
        await read_js_book(origin, tmp_path / "lanshe", rule, "试炼", WorkerPool(2))
    assert seen <= ALLOWED
    rules = "novelfetch.core.sources.rules"
    assert {  # what every kind of task answers: the recording saw them all
        (f"{rules}.extract", "Extracted"),
        ("novelfetch.core.models", "SearchResult"),
        ("novelfetch.core.models", "Book"),
        (f"{rules}.flow_book", "BookPage"),
        (f"{rules}.urls", "RequestSpec"),
        (f"{rules}.js.state_changes", "StateChanges"),
        (f"{rules}.js.state", "MemoryCookies"),
    } <= seen, seen


# --- the decoder itself, without processes -------------------------------------------------

CALLS_OUT = [
    ("os", "system"),
    ("posix", "system"),
    ("builtins", "eval"),
    ("builtins", "exec"),
    ("builtins", "getattr"),
    ("builtins", "__import__"),
    ("builtins", "bytearray"),  # bytearray(10**9): a gigabyte from a few bytes
    ("builtins", "list"),
    ("functools", "partial"),
    ("operator", "attrgetter"),
    ("operator", "methodcaller"),
    ("codecs", "encode"),
    ("subprocess", "Popen"),
    ("pickle", "loads"),
    ("copyreg", "_reconstructor"),
    ("novelfetch.core.workers.child", "serve"),  # this program's own functions too
    ("novelfetch.core.models", "Book.__init__"),  # a dotted name reaches past the class
    ("novelfetch.core.sources.rules.extract", "ask_parent"),
]


@pytest.mark.parametrize(("module", "name"), CALLS_OUT)
def test_anything_not_on_the_list_is_refused_before_it_is_built(
    tmp_path: Path, module: str, name: str
) -> None:
    marker = tmp_path / "ran"
    # protocol 0: GLOBAL names it; the call's argument would create the marker if it ran
    crafted = f"c{module}\n{name}\n(S'{marker}'\ntR.".encode()
    with pytest.raises(UnacceptableAnswer, match=re.escape(f"not allowed: {module}.{name}") + "$"):
        decode_reply(crafted)
    assert not marker.exists()


def test_every_entry_is_a_class_and_no_error_stops_whoever_awaits() -> None:
    for module, name in ALLOWED:
        __import__(module)
        found = getattr(__import__(module, fromlist=[name]), name)
        assert isinstance(found, type), (module, name)
        if issubclass(found, BaseException):
            assert issubclass(found, Exception), (module, name)  # not SystemExit & co.


def test_honest_replies_decode_as_they_were() -> None:
    kind = next(iter(KINDS.values()))  # a message of a kind, quoted in a plain one
    quoted = Message(kind.id, kind.template, {"x": 1})
    error = BudgetExceededError(Message("", "{text}", {"text": "too many", "q": quoted}))
    for reply in [("ok", {"a": [1, (2.0, None)], "b": b"\x00", "c": frozenset({"x"})})]:
        assert decode_reply(pickle.dumps(reply)) == reply
    kind, decoded = decode_reply(pickle.dumps(("error", error)))
    assert kind == "error" and type(decoded) is BudgetExceededError
    assert str(decoded) == "too many" and decoded.message == error.message


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        (("ok",), "not a reply"),
        (["ok", 1], "not a reply"),
        (("error", "not an exception"), "not a reply"),
        (("missing", 3), "not a reply"),
        (("host", "fetch", ["not", "a tuple"]), "not a reply"),
        (("error", KeyboardInterrupt()), "not allowed"),  # would stop whoever awaits it
        (
            ("error", BudgetExceededError(Message("", "{text.__class__}", {"text": 1}))),
            "does not write",
        ),
        # str(error) formats a message it holds anywhere: in its arguments, say
        (("error", ValueError(Message("", "{0.__init__.__globals__}", {}))), "does not write"),
        (("ok", {"deep": [(Message("x", "{text}", {}),)]}), "does not write"),  # no such kind
        (b"\x80\x04truncated", "could not be read"),
    ],
)
def test_what_no_worker_sends_is_refused(reply: object, reason: str) -> None:
    message = reply if isinstance(reply, bytes) else pickle.dumps(reply)
    with pytest.raises(UnacceptableAnswer, match=reason):
        decode_reply(message)


def test_a_message_header_past_the_limit_is_refused_before_its_bytes_come() -> None:
    received = bytearray((answers.MAX_ANSWER_BYTES + 1).to_bytes(4, "big"))
    with pytest.raises(UnacceptableAnswer) as raised:
        answers.next_reply(received)
    assert raised.value.too_large
