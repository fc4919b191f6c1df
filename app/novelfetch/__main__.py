"""``novelfetch`` / ``python -m novelfetch``: the window with no arguments, else the CLI."""

from __future__ import annotations

import sys


def main() -> int:
    if sys.argv[1:] == ["--self-test"]:
        from novelfetch.gui.app.self_test import main as self_test

        return self_test()
    if len(sys.argv) > 1:
        from novelfetch.cli.entry import main as cli_main

        return cli_main()
    # Imported only here: the command line must work (and start fast) without Qt.
    from novelfetch.gui.app.main import main as gui_main

    return gui_main()


if __name__ == "__main__":
    sys.exit(main())
