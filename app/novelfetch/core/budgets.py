"""Every limit on what a rule file or a site can make NovelFetch do, in one place.

Rule files come from strangers and pages from sites that may be hostile. Each budget below
bounds one thing they control (memory, disk, time, connections) and says why it has the value
it has; README's "Budgets" section lists the same numbers. Exceeding one is a clear error
naming the source and the limit, never a hang or a crash.
"""

from __future__ import annotations

# --- regular expressions from rules and replacement rules ---------------------------------
#: Characters in one pattern. Real rules are tens of characters; a long purification list of
#: ad phrases a few thousand.
MAX_PATTERN_CHARS = 20_000
#: One repeat count (``{n}``, ``{n,m}``). ``regex`` unrolls a counted repeat when compiling:
#: ``a{6000000}`` took 1.65 GB. Real rules count to a few dozen.
MAX_PATTERN_REPEAT = 10_000
#: Items of a pattern once nested counted repeats are unrolled (``(?:a{1000}){1000}`` is a
#: million, 280 MB); 100,000 costs at most about 30 MB to compile.
MAX_PATTERN_WEIGHT = 100_000

# --- pages and chapters -------------------------------------------------------------------
#: Bytes of one answer (``HttpSettings.max_body_bytes``); the largest real chapter page is a
#: few hundred KB.
MAX_PAGE_BYTES = 8 * 1024 * 1024
#: Bytes of one message from a worker process (a page's answer, a script's request): twice a
#: page. A catalog page's MAX_CHAPTERS_PER_BOOK rows take about 8 MB; a chapter page's text
#: past MAX_CHAPTER_CHARS (4 MB at most) fails anyway. Over it, the page fails unread
#: (``core/workers/answers.py``) rather than this process holding up to 2 GiB for it.
MAX_ANSWER_BYTES = 2 * MAX_PAGE_BYTES
#: What one file read out of a zip archive by a script (``java.getZipStringContent``) may
#: grow to, however small the archive: a page's worth (a zip bomb stops there).
MAX_ZIP_ENTRY_BYTES = MAX_PAGE_BYTES
#: Tags (each "<") on one page, counted before it is parsed: the parsed tree costs about 260
#: bytes an element and reading a chapter's HTML copies it twice, so 7 MB of ``<p>`` took
#: 600 MB; at this budget the worst page measured 210 MB. A chapter page holds a few hundred;
#: a catalog listing MAX_CHAPTERS_PER_BOOK chapters on one page about 200,000.
MAX_PAGE_TAGS = 400_000
#: Pages one chapter may span through "next page" links.
MAX_CONTENT_PAGES = 50
#: Characters of one chapter's text over all its pages. A long chapter is 20,000; a whole
#: novel rarely reaches a million. Bounds memory and what one chapter adds to the store.
MAX_CHAPTER_CHARS = 1_000_000
#: Catalog pages followed for one book.
MAX_TOC_PAGES = 500
#: "Next page" links taken from one catalog page: a catalog that lists all its pages on the
#: first one lists a few hundred.
MAX_NEXT_LINKS_PER_PAGE = 500
#: Catalog pages fetched at once.
TOC_PAGES_AT_ONCE = 4
#: Chapters in one book's catalog. The longest serials run to about 10,000.
MAX_CHAPTERS_PER_BOOK = 50_000
#: A chapter's text with fewer letters or digits than this is no chapter (a maintenance page
#: or an empty answer): it is retried later like a failure and never stored. One letter is
#: enough, so a site's own short chapters (a one-line notice) are kept.
MIN_CHAPTER_LETTERS = 1

# --- time ---------------------------------------------------------------------------------
#: Seconds one request may take from start to last byte, besides the idle timeout between
#: bytes (``--timeout``): a server sending a byte a second never trips the idle one. A real
#: chapter page (well under 1 MB) takes a second or two on a slow line; missing it is not
#: retried, since an answer that was coming too slowly would come as slowly again.
REQUEST_DEADLINE = 30.0
#: The longest wait between requests a rule may ask for (Legado ``concurrentRate``, so-novel
#: ``crawl.minInterval``): more would look like a hang.
MAX_REQUEST_INTERVAL = 30.0
#: The most requests at once a rule file's ``crawl.concurrency`` may ask for (as ``-j``).
MAX_RULE_CONCURRENCY = 64

# --- scripts in rules ---------------------------------------------------------------------
#: Requests the scripts evaluated on one page (its list items' included) may make, counted in
#: the app's process: ``java.ajaxAll`` is one call of the sandbox however many addresses it
#: is given. A script that fetches a catalog's pages itself gets as many as a catalog rule
#: (MAX_TOC_PAGES); real ones batch a few dozen.
MAX_SCRIPT_REQUESTS_PER_PAGE = 500
#: Seconds the scripts of one page may spend fetching, from their first request: a worker's
#: clock stops while a host call is answered, and the sandbox reads its own between calls.
#: A script fetching fifty pages at a second each needs a minute.
SCRIPT_REQUESTS_SECONDS_PER_PAGE = 120.0
#: Characters (keys and values) a source's scripts may keep in its state: ``cache``,
#: ``java.put``, ``source.setVariable``/``put``, the book's and chapter's variables. The state
#: stays with the source for the whole job and goes out with every page's task; real scripts
#: keep tokens and ids, a bookshelf's JSON at most.
MAX_SCRIPT_STATE_CHARS = 4_000_000
#: Seconds tree-sitter may take to read one script (at import, in the app's process, and
#: before it runs), plus SCRIPT_PARSE_SECONDS_PER_MB for each million bytes: its error
#: recovery is quadratic in a line of unterminated regular expressions (``/[/[…``), while
#: real scripts read at 0.1 s a megabyte and garbage at about 1 s. A script not read within
#: it gets no verdict at import and no rewrite (QuickJS judges it when it runs).
SCRIPT_PARSE_SECONDS = 0.05
SCRIPT_PARSE_SECONDS_PER_MB = 2.0

# --- rule files ---------------------------------------------------------------------------
#: Bytes of one rule document (a file, the clipboard or a URL).
MAX_RULE_DOCUMENT_BYTES = 16 * 1024 * 1024
#: Nesting of arrays and objects in a rule document; real ones nest four or five deep, and
#: the JSON parsers recurse (``[`` 100,000 deep crashed them).
MAX_RULE_DEPTH = 64
#: Characters of one JSON value read by the JSON5 reader (pure Python, about 4 s a MB) when
#: strict JSON and the quick JSON5 rewrite both fail; a rule array's items are read one by
#: one, so only a single huge broken item meets this.
MAX_JSON5_CHARS = 1_000_000

# --- fan-out ------------------------------------------------------------------------------
#: Sources a search asks at once, whatever the collection holds: 3,000 sources at once ran
#: out of file descriptors at ``ulimit -n 1024``.
SEARCH_SOURCES_AT_ONCE = 24
#: Sources of one host a search asks at once: sources on one host share it.
SEARCH_SOURCES_PER_HOST = 4
#: Connections a search opens to one host, whatever sources it is asked through.
SEARCH_CONNECTIONS_PER_HOST = 8
