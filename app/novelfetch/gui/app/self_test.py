"""``novelfetch --self-test``: prove that this build works, end to end, without a screen.

It opens the real window offscreen, downloads the built-in sample book as EPUB into a
temporary folder through the same controls a person uses, and checks the book: a valid zip
with the EPUB mimetype first, every chapter present, every XHTML file well-formed, and the
stylesheet from the shipped resources inside; it runs one rule with JavaScript in a worker
process (the sandboxed engine and the ciphers are native code a bundle must carry); then a
rule-source book through the worker processes that evaluate rules
(``core/jobs/rule_source_check.py``). Exit 0 on
success; otherwise 1 and a message naming what failed. Packagers run it on the frozen build
and on an installed wheel.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

SAMPLE_BOOK = "1"
SAMPLE_CHAPTERS = 120
TIMEOUT = 120.0


class SelfTestFailure(Exception):
    """What went wrong, in words for whoever runs the self-test."""


def check_epub(path: Path, chapters: int) -> None:
    """Raise ``SelfTestFailure`` unless ``path`` is a complete, well-formed EPUB."""
    try:
        with zipfile.ZipFile(path) as epub:
            names = epub.namelist()
            if (
                not names
                or names[0] != "mimetype"
                or epub.read("mimetype") != b"application/epub+zip"
            ):
                raise SelfTestFailure(f"{path.name}: the EPUB mimetype is not the first entry")
            if (bad := epub.testzip()) is not None:
                raise SelfTestFailure(f"{path.name}: damaged entry {bad}")
            pages = [n for n in names if n.endswith(".xhtml") and "/c0" in n]
            if len(pages) != chapters:
                raise SelfTestFailure(f"{path.name}: {len(pages)} chapters, not {chapters}")
            for name in names:
                if name.endswith((".xhtml", ".opf", ".ncx")):
                    ET.fromstring(epub.read(name))
            if not any(n.endswith("style.css") for n in names):
                raise SelfTestFailure(f"{path.name}: no stylesheet (resources not found?)")
    except (zipfile.BadZipFile, ET.ParseError, KeyError) as error:
        raise SelfTestFailure(f"{path.name}: {error}") from None


# One rule with a script: the sandboxed engine (QuickJS), the ciphers (pycryptodome) and the
# parser that gives a script Rhino's value (tree-sitter: the ``if`` at the end) are native
# libraries a bundle must carry.
JS_RULE = (
    "tag.p@text@js:r = java.createSymmetricCrypto('AES/ECB/PKCS5Padding', '0123456789abcdef')"
    ".decryptStr(java.createSymmetricCrypto('AES/ECB/PKCS5Padding', '0123456789abcdef')"
    ".encryptBase64(result)) + `-${java.md5Encode16(result)}`; if (r.length == 0) { r = '?' }"
)


async def check_javascript() -> None:
    """Raise ``SelfTestFailure`` unless a rule with JavaScript runs in the sandbox, in a
    worker process as every rule source's scripts do."""
    from novelfetch.core.sources.rules.eval_errors import RuleError
    from novelfetch.core.sources.rules.extract import rule_string
    from novelfetch.core.workers.pool import WorkerPool, shared_pool

    pool = shared_pool()
    if not isinstance(pool, WorkerPool):
        raise SelfTestFailure("rules are not evaluated in worker processes")
    tasks_before = pool.stats.tasks
    try:
        value = await pool.run(rule_string, "<p>沙盒</p>", "https://self-test.invalid/", JS_RULE)
    except (RuleError, ImportError) as error:
        raise SelfTestFailure(f"a JavaScript rule does not run: {error}") from None
    if value != "沙盒-a1f4b8b344e3cb31":
        raise SelfTestFailure(f"a JavaScript rule gave {value!r}")
    if pool.stats.tasks == tasks_before or not pool.pids():
        raise SelfTestFailure("the JavaScript rule did not run in a worker process")


def check_translations() -> None:
    """Raise ``SelfTestFailure`` unless the Chinese interface can be loaded."""
    from PySide6.QtCore import QTranslator

    from novelfetch.gui.app.i18n import qm_file

    path = qm_file("novelfetch_zh_CN")
    translator = QTranslator()
    if path is None or not translator.load(str(path)):
        raise SelfTestFailure("the Chinese translation (novelfetch_zh_CN.qm) is missing")
    if not translator.translate("ProgressPanel", "Start"):
        raise SelfTestFailure(f"{path.name} has no translation for the Start button")


async def _next_emit(signal: Any, predicate: Callable[..., bool] = lambda *_: True) -> tuple:
    """The arguments of the next emission of ``signal`` that satisfies ``predicate``."""
    future: asyncio.Future[tuple] = asyncio.get_running_loop().create_future()

    def on_emit(*args: Any) -> None:
        if not future.done() and predicate(*args):
            future.set_result(args)

    signal.connect(on_emit)
    try:
        return await asyncio.wait_for(future, TIMEOUT)
    except TimeoutError:
        raise SelfTestFailure(f"nothing happened for {TIMEOUT:.0f} s") from None
    finally:
        signal.disconnect(on_emit)


async def _download_sample(folder: Path) -> Path:
    from PySide6.QtCore import QSettings

    from novelfetch.gui.pages.book.job_state import JobState
    from novelfetch.gui.window.main_window import MainWindow
    from novelfetch.gui.window.message_bar import Level

    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    for key, value in {
        "window/source": "sample",
        "window/format": "epub",
        "window/output_dir": str(folder / "books"),
    }.items():
        settings.setValue(key, value)
    window = MainWindow(settings, folder / "store")
    errors: list[str] = []
    window.controller.message.connect(
        lambda level, text: errors.append(text) if level is Level.ERROR else None
    )
    window.show()
    try:
        loaded = asyncio.ensure_future(
            _next_emit(
                window.controller.state_changed,
                lambda state: state in (JobState.READY, JobState.IDLE),
            )
        )
        window.book_input.setText(SAMPLE_BOOK)
        window.load_book()
        if (await loaded)[0] is not JobState.READY:
            raise SelfTestFailure(f"loading the sample book failed: {'; '.join(errors)}")
        written = asyncio.ensure_future(_next_emit(window.controller.book_written))
        finished = asyncio.ensure_future(
            _next_emit(
                window.controller.state_changed,
                lambda state: state in (JobState.DONE, JobState.READY),
            )
        )
        window.start_download()
        await finished
        if not written.done():
            written.cancel()
            raise SelfTestFailure(f"the book was not written: {'; '.join(errors) or 'no reason'}")
        return Path((await written)[0])
    finally:
        await window.shutdown()
        window.close()


#: What the offscreen platform says whenever a window is shown or resized: it has no window
#: manager to pass size hints to. Nothing is wrong, so the self-test's output omits it.
OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints()"


def _quiet_offscreen_noise() -> None:
    from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

    def handler(_kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        if message != OFFSCREEN_NOISE:
            category = context.category
            prefix = f"{category}: " if category and category != "default" else ""
            print(f"{prefix}{message}", file=sys.stderr)

    qInstallMessageHandler(handler)


def main() -> int:
    # Before the QApplication exists: the self-test needs no screen, wherever it runs.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # qasync binds to PySide6 even where another Qt binding is installed.
    os.environ.setdefault("QT_API", "pyside6")
    from PySide6.QtWidgets import QApplication

    _quiet_offscreen_noise()

    from novelfetch.core.jobs.rule_source_check import (
        RuleSourceCheckError,
        download_rule_source_book,
    )
    from novelfetch.core.workers.pool import close_shared_pool
    from novelfetch.gui.app.event_loop import new_event_loop
    from novelfetch.gui.app.setup import setup_app

    existing = QApplication.instance()
    app = (
        existing
        if isinstance(existing, QApplication)
        else QApplication(["novelfetch", "--self-test"])
    )
    # The user's language and colours: the self-test also proves the translations load.
    setup_app(app)
    app.setQuitOnLastWindowClosed(False)  # the rule-source check follows the window's
    started = time.monotonic()

    async def run() -> tuple[Path, int]:
        check_translations()
        await check_javascript()
        with tempfile.TemporaryDirectory(prefix="novelfetch-self-test-") as temp:
            path = await _download_sample(Path(temp))
            check_epub(path, SAMPLE_CHAPTERS)
            try:
                chapters = await download_rule_source_book(Path(temp))
            except RuleSourceCheckError as error:
                raise SelfTestFailure(str(error)) from None
            finally:
                close_shared_pool()
            return Path(path.name), chapters

    try:
        with asyncio.Runner(loop_factory=lambda: new_event_loop(app)) as runner:
            name, rule_chapters = runner.run(run())
    except SelfTestFailure as failure:
        print(f"novelfetch self-test FAILED: {failure}", file=sys.stderr)
        return 1
    print(
        f"novelfetch self-test passed: {name} with {SAMPLE_CHAPTERS} chapters, valid; "
        f"a JavaScript rule and {rule_chapters} chapters of a rule source read by worker "
        "processes, their book written by a process of its own; "
        f"in {time.monotonic() - started:.1f} s"
    )
    return 0
