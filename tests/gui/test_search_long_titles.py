"""A search result whose title or author is longer than its column: whole in the tooltip."""

from __future__ import annotations

from dataclasses import replace

from novelfetch.sample.library import default_library
from novelfetch.sample.server import SampleServer

from .conftest import SignalWaiter, WindowFactory

LONG_TITLE = "重生之我在修仙界当大魔王：从杂役弟子到万古第一人的逆袭之路（精校全本）番外篇合集"


async def test_a_long_title_is_whole_in_its_tooltip(make_window: WindowFactory) -> None:
    books = default_library()
    books["1"] = replace(books["1"], title=LONG_TITLE)
    async with SampleServer(books) as server:
        window = make_window(server)
        window.resize(800, 600)
        controller = window.search_controller
        finished = SignalWaiter(controller.search_finished)
        window.shell.show_page("search")
        controller.search("重生", ["baidu"])
        await finished.wait()
    item = window.search_page.results.topLevelItem(0)
    assert item.text(0) == LONG_TITLE
    # The title and author, then the intro when the source's results give one.
    assert LONG_TITLE in item.toolTip(0), item.toolTip(0)
