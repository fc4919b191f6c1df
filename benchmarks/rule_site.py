"""The rule source case 8 measures: the bundled Legado rule over the sample server's HTML site.

The bundled rule names the site at ``http://127.0.0.1:8765/site/``; a benchmark's server
listens on a free port, so the rule is rewritten to the server's real address (only the base
names a host). Book 9 of ``novelfetch serve-sample --chapters N --chapter-kb KB`` is the
benchmark book: N chapters, each one HTML page of about KB KB.
"""

from __future__ import annotations

import math
from pathlib import Path

from novelfetch.resources import resource_path
from novelfetch.sample.site_pages import SiteOptions

from .sample_api import BOOK_ID

RULE_FILE = "sample-site.legado.json"
BUNDLED_BASE = "http://127.0.0.1:8765/site/"


def rule_text(site_base: str) -> str:
    """The bundled Legado rule, pointed at ``site_base``."""
    text = resource_path(f"sample/rules/{RULE_FILE}").read_text(encoding="utf-8")
    return text.replace(BUNDLED_BASE, site_base)


def write_rule(site_base: str, folder: Path) -> Path:
    """The rule as a file a user would import."""
    path = folder / RULE_FILE
    path.write_text(rule_text(site_base), encoding="utf-8")
    return path


def book_url(site_base: str) -> str:
    """The benchmark book's page: what a user pastes."""
    return f"{site_base}book/{BOOK_ID}/"


def catalog_pages(chapters: int) -> int:
    """How many catalog pages the site splits the book's chapter list into.

    Each page links only the next one, so the rule reads them one after another: each is a
    round trip no concurrency can hide.
    """
    return math.ceil(chapters / SiteOptions().toc_page_size)
