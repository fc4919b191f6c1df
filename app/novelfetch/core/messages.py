"""Sentences for a person, as data: a stable id, the values they name, and their English text.

The command line prints the English (``str(message)``); the window looks the id up among its
translations and fills in the same values, so it never has to recognise English sentences.
A value may itself be a message (an error quoted inside another sentence). Every kind of
message is declared here, once: the window's table (``gui/app/core_messages.py``) is keyed by
these ids, and a test checks that each has a translation naming the same values.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Message:
    """``template`` is English with ``str.format`` fields named after ``values``."""

    id: str
    template: str
    values: Mapping[str, object] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.template.format_map(self.values)


@dataclass(frozen=True, slots=True)
class Kind:
    """One kind of message: ``KIND(name=value, …)`` makes a message of it."""

    id: str
    template: str

    def __call__(self, **values: object) -> Message:
        return Message(self.id, self.template, values)


#: Every kind, by id.
KINDS: dict[str, Kind] = {}


def _kind(message_id: str, template: str) -> Kind:
    KINDS[message_id] = kind = Kind(message_id, template)
    return kind


def plain(text: str) -> Message:
    """A sentence with no id: shown as it is (English, or what the network said)."""
    return Message("", "{text}", {"text": text})


def message_of(error: BaseException) -> Message:
    """What ``error`` says, as a message (with an id when it carries one)."""
    said = getattr(error, "message", None)
    return said if isinstance(said, Message) else plain(str(error))


def log_message(logger: logging.Logger, level: int, said: Message) -> None:
    """Log ``said`` in English, with the message attached for a handler that translates."""
    logger.log(level, "%s", said, extra={"said": said})


# --- books and sources ---------------------------------------------------------------------
BAD_BOOK_ID = _kind("book.bad_id", "not a book ID or book address: {text!r} (IDs are digits)")
BOOK_NOT_FOUND = _kind("book.not_found", "book {book} not found at {source}")
CANNOT_REACH = _kind("source.cannot_reach", "cannot reach {source}: {error}")
UNUSABLE_ANSWER = _kind("source.unusable_answer", "{source} did not answer usably: {error}")
NO_ANSWER_FOR = _kind("source.no_answer_for", "no answer for {seconds:.0f} s")
NO_ANSWER_SINCE = _kind("source.no_answer_since", "no answer for {seconds:.0f} s ({error})")


def cannot_reach(source: str, error: BaseException) -> Message:
    return CANNOT_REACH(source=source, error=message_of(error))


def unusable_answer(source: str, error: BaseException) -> Message:
    return UNUSABLE_ANSWER(source=source, error=message_of(error))


# --- fetching, and trying again -------------------------------------------------------------
FETCH_CATALOG = _kind("fetch.catalog", "catalog")
FETCH_DETAILS = _kind("fetch.details", "book details")
FETCH_COVER = _kind("fetch.cover", "cover")
FETCH_CHAPTER = _kind("fetch.chapter", "chapter {index} {title}")
RETRYING = _kind("fetch.retrying", "{what}: {error}; retry {attempt} in {delay:.1f} s")


def retrying(what: Message, error: BaseException, attempt: int, delay: float) -> Message:
    return RETRYING(what=what, error=message_of(error), attempt=attempt, delay=delay)


# --- the network -----------------------------------------------------------------------------
CANNOT_CONNECT = _kind("net.cannot_connect", "cannot connect to {host}:{port} ({reason})")
TIMED_OUT = _kind("net.timed_out", "timed out")
CONNECTION_CLOSED = _kind("net.closed", "the server closed the connection")
ANSWER_CUT_OFF = _kind("net.cut_off", "the answer was cut off")

# --- how many requests a source gets at once, and why ----------------------------------------
GATE_STARTING = _kind("gate.starting", "starting")
GATE_FIXED = _kind("gate.fixed", "fixed at {limit}")
GATE_SETTLED = _kind("gate.settled", "starting at {limit}, where this source settled last time")
GATE_PAUSED = _kind("gate.paused", "paused {seconds:.0f} s: Retry-After from the source")
GATE_SLOWER = _kind(
    "gate.slower", "slowed down: answers slower ({now:.0f} ms, usually {usual:.0f} ms)"
)
GATE_REFUSED = _kind("gate.refused", "slowed down: {status} from the source")
GATE_DROPPED = _kind("gate.dropped", "slowed down: {error}")
GATE_EASING = _kind("gate.easing", "easing off: this computer is the bottleneck")
GATE_SPEEDING = _kind("gate.speeding", "speeding up: answers healthy")
GATE_LIMIT = _kind("gate.limit", "limit {before} → {after}: {reason}")

SEARCH_CANNOT = _kind("search.cannot", "this source cannot search")

# --- trying a source (``sources test``, the Sources page's Try) ------------------------------
CHECK_SEARCH = _kind("check.search", "search {words!r}")
CHECK_SEARCH_STEP = _kind("check.search_step", "search")
CHECK_NOTE = _kind("check.note", "note")
CHECK_FOUND = _kind("check.found", "{count} found")
CHECK_NOTHING_FOUND = _kind("check.nothing_found", "no results, so nothing further to try")
CHECK_DETAILS = _kind("check.details", "details")
CHECK_BOOK = _kind("check.book", "{title} — {author}")
CHECK_CATALOG = _kind("check.catalog", "catalog")
CHECK_CHAPTERS = _kind("check.chapters", "{count} chapters")
CHECK_EMPTY_CATALOG = _kind("check.empty_catalog", "the catalog is empty")
CHECK_CHAPTER = _kind("check.chapter", "chapter 1 ({title})")
CHECK_CHARACTERS = _kind("check.characters", "{count} characters")
CHECK_NO_ANSWER = _kind("check.no_answer", "no answer within {seconds:g} s")
CHECK_HOME_PAGE = _kind("check.home_page", "find a book on its home page")
CHECK_HOME_BOOK = _kind("check.home_book", "{title} ({address})")
CHECK_NO_HOME_PAGE = _kind("check.no_home_page", "no home page to take a book from")
CHECK_NO_BOOK_PATTERN = _kind(
    "check.no_book_pattern",
    "no check word and no pattern of its book addresses: give words or a book address",
)
CHECK_NO_BOOK_LINK = _kind(
    "check.no_book_link",
    "no link on {page} is one of its book addresses: give words or a book address",
)
CHECK_CANNOT_SEARCH = _kind("check.cannot_search", "this source cannot search: give a book address")
CHECK_HOME_BOOK_MISSING = _kind(
    "check.home_book_missing", "the book from its home page was not found"
)
CHECK_BOOK_ADDRESS = _kind("check.book_address", "book address")

# --- reading a rule file (core.sources.rule_input) ------------------------------------------
RULE_INPUT_UNREADABLE = _kind("rule_input.unreadable", "cannot read {path}: {reason}")
RULE_INPUT_NOT_TEXT = _kind(
    "rule_input.not_text", "{path} is not a text file (rule files are UTF-8 JSON)"
)
RULE_INPUT_TOO_BIG = _kind(
    "rule_input.too_big", "{path} is over {mib} MiB, the limit for a rule file"
)
RULE_INPUT_NOT_LOCAL = _kind(
    "rule_input.not_local", "only files on this computer can be read: {where!r}"
)
RULE_INPUT_NOT_WEB = _kind(
    "rule_input.not_web", "only http and https addresses can be imported from: {url!r}"
)
RULE_INPUT_CANNOT_FETCH = _kind("rule_input.cannot_fetch", "cannot fetch {url}: {error}")

# --- choosing a source and a book (core.sources.registry, core.library) -----------------------
UNKNOWN_ADDRESS = _kind("source.unknown_address", "no source knows this address: {host!r}")
SOURCE_DISABLED = _kind("source.disabled", "source {name} ({source}) is disabled")
SOURCE_UNUSABLE = _kind("source.unusable", "source {name} ({source}) cannot be used: {problems}")
NOT_IN_LIBRARY = _kind("library.no_match", "no book in the library matches {text!r}")
ZERO_BOOK_ID = _kind("book.zero_id", "not a book ID: {text!r} (IDs are numbers from 1 up)")
# A source died mid-download: what is kept, and that running again is enough.
UNREACHABLE_KEPT = _kind(
    "source.unreachable_kept",
    "{error}; {stored:,} of {wanted:,} chapters are stored; running again fetches the rest",
)
BOOK_SOURCES_NOT_RULES = _kind(
    "rules.book_sources",
    "{what} holds book sources, not replacement rules: import it as a source",
)

# --- why a rule file's source is skipped, not usable, or left without a field ---------------
# What the rule file names (a field, a Java class, an address) is always a value. A field's
# problem is RULE_FIELD(field=…, problem=…); the same problem in several fields is said once
# (``rule_reasons.said_once``).
RULE_FIELD = _kind("rule.field", "{field} {problem}")
RULE_FIELDS = _kind("rule.fields", "{fields}: each {problem}")
RULE_IN_SOURCE = _kind("rule.in_source", "{label}: {problem}")
LIST = _kind("list", "{first}, {rest}")  # a list of names: LIST(first=a, rest=LIST(…) or b)
PARTS = _kind("list.parts", "{first}; {rest}")  # a list of sentences

NEEDS_BROWSER_OPTION = _kind("rule.needs_browser", "needs a browser ({option})")
NEEDS_BROWSER_SCRIPT = _kind(
    "rule.script_needs_browser", "needs a browser (its script asks for webView)"
)
NEEDS_MISSING = _kind("rule.needs_missing", "needs {names}: not available in NovelFetch")
NEEDS_MISSING_OPTION = _kind(
    "rule.needs_missing_option", "needs {names}: not available in NovelFetch (js option)"
)
NEEDS_MISSING_EVAL = _kind(
    "rule.needs_missing_eval",
    "needs {names}: not available in NovelFetch (its scripts run it with eval)",
)
NEEDS_JAVA_CODE = _kind("rule.needs_java_code", "needs Java code (@java:)")
NEEDS_JAVASCRIPT = _kind("rule.needs_javascript", "needs JavaScript ({marker})")
JAVA_CLASSES = _kind("js.java_classes", "Java classes (Packages, java.lang …)")
MISSING_FOR = _kind("js.missing_for", "{name} ({why})")  # java.webView (a browser)
FOR_BROWSER = _kind("js.for_browser", "a browser")
FOR_CAPTCHA = _kind("js.for_captcha", "a person to solve a captcha")
FOR_FONTS = _kind("js.for_fonts", "font decoding")

SCRIPT_NOT_COMPILING = _kind(
    "rule.script_not_compiling", "cannot be read: its script does not compile ({where})"
)
SCRIPT_STOPS = _kind("js.stops_at", "line {line}, at '{snippet}'")
SCRIPT_MISSING = _kind("js.missing", "line {line}: '{token}' is missing")
SCRIPT_UNCOMPILABLE = _kind("js.uncompilable", "it does not compile")
CANNOT_BE_READ = _kind("rule.cannot_be_read", "cannot be read: {problem}")  # an engine's words
NOT_CSS = _kind("rule.not_css", "not a CSS selector jsoup would accept ({error})")
NOT_XPATH = _kind("rule.not_xpath", "not a valid XPath ({error})")
NOT_JSONPATH = _kind("rule.not_jsonpath", "not a JSONPath this engine reads ({error})")
NAME_AFTER_DOT = _kind("rule.name_after_dot", "needs a name after the dot")
CSS_TEXT_END = _kind(
    "rule.css_text_end", "an @CSS: text rule must end with @text, @html or @attribute"
)
UNCLOSED = _kind("rule.unclosed", "has an unclosed '{char}'")
EMPTY_CSS_PART = _kind(
    "rule.empty_css_part", "an @CSS: rule has an empty part (a stray {stray}): Legado fails"
)
NESTS_TOO_DEEPLY = _kind("rule.too_deep", "cannot be read: it nests too deeply")
IS_EMPTY = _kind("rule.empty", "is empty")
IS_MISSING = _kind("rule.missing", "is missing")
NOT_WEB_ADDRESS = _kind("rule.not_web_address", "{value!r} is not an http(s) address")
NOT_TEXT_SOURCE = _kind("rule.not_text_source", "not a text source ({field} {type}: {kind})")
SOURCE_AUDIO = _kind("rule.type_audio", "audio")
SOURCE_IMAGE = _kind("rule.type_image", "image")
SOURCE_FILES = _kind("rule.type_files", "file download")
SOURCE_OTHER = _kind("rule.type_other", "type {value!r}")
NOT_A_RATE = _kind("rule.not_a_rate", "concurrentRate {value!r} is not a rate")
NOT_A_RATE_HINT = _kind(
    "rule.not_a_rate_hint",
    'concurrentRate {value!r} is not a rate (write milliseconds like "1000", '
    'or requests per milliseconds like "20/60000")',
)
NEEDS_BOOK_ID = _kind("rule.needs_book_id", "needs the book ID, but {pattern} gives no pattern")
ID_OF_BUILTIN = _kind("rule.builtin_id", "its id is a built-in's")

# Left out (the source is usable without them).
NO_SEARCH = _kind("rule.no_search", "search ({field} is empty)")
NO_SEARCH_EITHER = _kind("rule.no_search_either", "search ({first} or {second} is empty)")
OPTIONS_IGNORED = _kind(
    "rule.options_ignored", "{field} options (not JSON even to Legado's lenient reader; ignored)"
)
# The headers' field: RULE_FIELD(field="header", problem=HEADER_…()).
HEADER_SCRIPT = _kind("rule.header_script", "needs JavaScript; default headers are used")
HEADER_NOT_JSON = _kind("rule.header_not_json", "is not JSON; default headers are used")
HEADER_NOT_OBJECT = _kind(
    "rule.header_not_object", "is not a JSON object; default headers are used"
)
PATTERN_LEFT_OUT = _kind("rule.pattern_left_out", "{field} left out: {error}")
PATTERN_INVALID = _kind("rule.pattern_invalid", "{field} is not a valid regular expression")

# The whole file is refused.
NOT_RULE_FILE = _kind("rule.not_rule_file", "not a rule file: {problem}")
NOT_RULE_FILE_AT = _kind("rule.not_rule_file_at", "not a rule file: {origin}: {problem}")
TOO_MANY_CHARACTERS = _kind(
    "rule.too_many_characters", "{count:,} characters (the limit is {limit:,})"
)
TEXT_IS_NOT_JSON = _kind("rule.text_is_not_json", "the text is not JSON ({error})")
FILE_EMPTY = _kind("rule.file_empty", "it is empty")
NO_SOURCE_IN_FILE = _kind("rule.no_source_in_file", "no Legado or so-novel source in it")

# Skipped: the source is not what a rule file's source must be.
LEGADO_2 = _kind("rule.legado_2", "a Legado 2.x source ({key} …); only Legado 3.x sources are read")
MUST_BE = _kind("rule.must_be", "must be {what}, not {found}")
MUST_BE_FLAG = _kind("rule.must_be_flag", "must be true or false, not {value!r}")
TEXT_NOT_JSON = _kind("rule.text_not_json", "is text but not JSON")
MUST_BE_ONLY = _kind("rule.must_be_only", "must be {what}")
MUST_BE_TRUE_OR_FALSE = _kind("rule.must_be_true_or_false", "must be true or false")
NOT_PAIRS = _kind("rule.not_pairs", "is not an object of name: value pairs")
LINE_BREAK = _kind("rule.line_break", "holds a line break (CR or LF)")
NAMED_LINE_BREAK = _kind("rule.named_line_break", "{name!r} holds a line break (CR or LF)")
NOT_JSON = _kind("rule.not_json", "not valid JSON ({error})")
NOT_OBJECT = _kind("rule.not_object", "not a JSON object")
NOT_RULE = _kind("rule.not_rule", "not a Legado or so-novel source")
UNREADABLE_SOURCE = _kind("rule.unreadable", "unreadable ({error})")
A_TEXT = _kind("rule.a_text", "text")
A_RULE = _kind("rule.a_rule", "a rule (text)")
AN_OBJECT = _kind("rule.an_object", "an object")
A_FLAG = _kind("rule.a_flag", "true/false")
A_NUMBER = _kind("rule.a_number", "a number")
A_LIST = _kind("rule.a_list", "a list")
A_WHOLE_NUMBER = _kind("rule.a_whole_number", "a whole number")
