"""The Library page and the sources its books come from: a disabled source is not asked."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from novelfetch.gui.pages.library.page import STATUS
from novelfetch.sample.server import SampleServer
from tests.gui.conftest import WindowFactory
from tests.gui.test_library_page import download, row, run, shelf


@pytest.fixture
async def site() -> AsyncIterator[SampleServer]:
    async with SampleServer(shelf()) as running:
        yield running


async def test_a_disabled_source_s_books_are_not_checked(
    qtbot: Any, make_window: WindowFactory, site: SampleServer
) -> None:
    window = make_window(site)
    await download(qtbot, window, "1")
    window.shell.show_page("library")
    window.registry.set_enabled("baidu", False)
    requests = site.stats.requests.copy()

    check_only, done, failed = await run(window, window.library_page.check_all.click)
    assert (check_only, done, failed) == (True, 1, 1)
    assert site.stats.requests == requests  # the source was not asked anything
    assert "disabled" in row(window, "Alpha").toolTip(STATUS)
