"""Take ``docs/screenshot-search.png`` and ``docs/screenshot-sources.png``: the real window's
Search and Sources pages over the offline sample site and its bundled rule file.

Run from the repository root: ``QT_QPA_PLATFORM=offscreen python docs/screenshot_pages.py``.
Everything (settings, store, imported sources) lives in a temporary folder.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["QT_API"] = "pyside6"

from PySide6.QtCore import QSettings

from novelfetch.gui import MainWindow
from novelfetch.gui.app.event_loop import new_event_loop
from novelfetch.gui.app.main import create_app
from novelfetch.resources import resource_path
from novelfetch.sample.library import default_library
from novelfetch.sample.server import SampleServer

DOCS = Path(__file__).resolve().parent
BUNDLED_BASE = "http://127.0.0.1:8765/site/"
WORDS = "青云"


def library() -> dict:
    """The sample books plus a few more whose titles share the search words."""
    books = default_library()
    first = books["1"]
    more = [
        ("11", "青云志异", "南山樵", "山中多异事，一支笔记下百年风雨。"),
        ("12", "踏青云", "沈墨", "一个少年、一把旧剑，和一条走不完的路。"),
        ("13", "青云客栈", "风铃子", "客栈不大，来往的却都是江湖上有名有姓的人。"),
    ]
    for book_id, title, author, intro in more:
        books[book_id] = replace(
            first, book_id=book_id, title=title, author=author, intro=intro, chapter_count=60
        )
    return books


def rules(site_base: str) -> tuple[str, str]:
    text = resource_path("sample/rules/sample-site.legado.json").read_text(encoding="utf-8")
    usable = json.loads(text.replace(BUNDLED_BASE, site_base))
    needs_js = dict(usable, bookSourceName="脚本书站（需要 JavaScript）")
    needs_js["bookSourceUrl"] = "https://js.example.com/"
    needs_js["ruleContent"] = dict(usable["ruleContent"], content="<js>result</js>")
    return json.dumps(usable, ensure_ascii=False), json.dumps(needs_js, ensure_ascii=False)


async def take(folder: Path) -> None:
    async with SampleServer(library()) as site:
        settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
        settings.setValue("baidu/api_base", site.api_base)  # no network: the sample's API
        window = MainWindow(settings, folder / "store", folder / "data")
        window.resize(960, 720)
        window.show()
        loop = asyncio.get_running_loop()
        usable, needs_js = rules(site.site_base)
        window.sources_page.import_text(usable, "sample-site.legado.json")
        window.sources_page.import_text(needs_js, "js-source.json")

        # Search: wait for every source, then for the covers of the site's results.
        controller = window.search_controller
        done: asyncio.Future[None] = loop.create_future()
        controller.search_finished.connect(lambda _: done.done() or done.set_result(None))
        window.shell.show_page("search")
        window.search_page.query.setText(WORDS)
        window.search_page.submit()
        await asyncio.wait_for(done, 20)
        await asyncio.gather(*controller._cover_tasks, return_exceptions=True)
        results = window.search_page.results
        results.setCurrentItem(results.topLevelItem(0))
        window.grab().save(str(DOCS / "screenshot-search.png"))

        # Sources: try the imported site source and show what each step found.
        page = window.sources_page
        window.shell.show_page("sources")
        tried: asyncio.Future[None] = loop.create_future()
        controller.check_finished.connect(lambda *_: tried.done() or tried.set_result(None))
        source_id = next(e.id for e in window.registry.entries() if e.url == site.site_base)
        page.select(source_id)
        page.try_selected()
        await asyncio.wait_for(tried, 30)
        window.grab().save(str(DOCS / "screenshot-sources.png"))

        await window.shutdown()
    window.close()  # last: closing the last window stops the loop


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        os.environ["HOME"] = str(Path(folder) / "home")
        app = create_app(["novelfetch"])
        with asyncio.Runner(loop_factory=lambda: new_event_loop(app)) as runner:
            runner.run(take(Path(folder)))
    print(DOCS / "screenshot-search.png", DOCS / "screenshot-sources.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
