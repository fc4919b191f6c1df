"""PyInstaller's entry script: the same dispatcher as the installed ``novelfetch`` command."""

import sys

from novelfetch.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
