"""Report, at the end of the run, what the reliability suite put the app through."""

from __future__ import annotations

import pytest

from tests.reliability.support import TALLY


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not TALLY:
        return
    terminalreporter.section("reliability tally")
    for name, count in sorted(TALLY.items()):
        terminalreporter.write_line(f"{name}: {count:,}")
