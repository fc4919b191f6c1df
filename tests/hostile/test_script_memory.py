"""Issue 20's acceptance: a book whose rule scripts are hostile (an endless loop, a huge
allocation, deep recursion, a request to a local address, a throw), downloaded by the command
line as a user would: each bad chapter fails alone with a clear reason within its budget, the
request to the local address never leaves, the good chapters make the book, and the app's
memory stays under 300 MB."""

from __future__ import annotations

import re
import time
import zipfile
from pathlib import Path

from tests.reliability.hostile_support import (
    PEAK_MEMORY_LIMIT,
    HostileSite,
    book_page,
    chapter_page,
    legado_rule,
    run_measured,
    toc_page,
    write_rule,
)

# The content script does what the chapter's address asks for.
HOSTILE = {
    "loop": "while (true) {}",
    "alloc": "var a = []; while (true) a.push('x'.repeat(1 << 20)); ''",
    "recurse": "function f(n) { return f(n + 1) + 1 } f(0)",
    "local": "result = java.ajax('http://169.254.169.254/latest/meta-data/')",
    "throw": "throw new Error('敌意脚本')",
}
CONTENT = (
    "id.content@text@js:var kind = baseUrl.split('/').pop();"
    + "".join(f" if (kind == '{kind}') {{ {code} }}" for kind, code in HOSTILE.items())
    + " result"
)


async def test_hostile_scripts_fail_their_chapters_alone_in_bounded_memory(
    tmp_path: Path,
) -> None:
    chapters = ["/c/good1", *(f"/c/{kind}" for kind in HOSTILE), "/c/good2"]
    async with HostileSite() as site:
        site.page("/book/1", book_page())
        site.page("/toc/1", toc_page(chapters))
        for path in chapters:
            site.page(path, chapter_page(f"正文{path}。" * 20))
        rules = write_rule(tmp_path, legado_rule(site.base, ruleContent={"content": CONTENT}))
        data = ("--data-dir", tmp_path / "data")
        imported, _ = await run_measured("sources", "import", rules, *data)
        assert imported.code == 0, imported.err
        started = time.monotonic()
        result, peak = await run_measured(
            "download", f"{site.base}book/1", *data, "-o", tmp_path / "out", "--retries", "0",
            timeout=180,
        )  # fmt: skip
        seconds = time.monotonic() - started
    assert result.code == 1, result.err  # the book is written without the bad chapters
    assert "Traceback" not in result.err
    written = list((tmp_path / "out").glob("*.epub"))
    assert len(written) == 1
    assert "WITHOUT 4 chapters" in result.err, result.err
    for reason in ("longer than 2 s", "more than 64 MB", "nests too deeply", "Error: 敌意脚本"):
        assert reason in result.err, (reason, result.err)
    # The script asked for the cloud metadata address: it got Legado's failure text, refused
    # by the network policy, and nothing was sent.
    book = zipfile.ZipFile(written[0])
    pages = [book.read(n).decode() for n in book.namelist() if re.search(r"/c\d+\.xhtml$", n)]
    assert len(pages) == 3
    local = pages[1]  # after good1, the loop, allocation and recursion left out
    assert "refused by NovelFetch's network policy" in local, local
    assert peak < PEAK_MEMORY_LIMIT, f"peak {peak / 2**20:.0f} MB"
    assert seconds < 90
