"""The core's messages in the interface's language.

The core says things as ``core.messages.Message``: a stable id, its values, and English. Here
each id has its English template again, marked for translation (``lupdate`` reads these), so
the window shows the translation with the same values filled in. A message whose id is not
here (or whose translation names other values) is shown in the core's English.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from novelfetch.core.messages import Message, message_of
from novelfetch.core.net.redaction import redact

_TEMPLATES = {
    "book.bad_id": QT_TRANSLATE_NOOP(
        "CoreMessages", "not a book ID or book address: {text!r} (IDs are digits)"
    ),
    "book.not_found": QT_TRANSLATE_NOOP("CoreMessages", "book {book} not found at {source}"),
    "source.cannot_reach": QT_TRANSLATE_NOOP("CoreMessages", "cannot reach {source}: {error}"),
    "source.unusable_answer": QT_TRANSLATE_NOOP(
        "CoreMessages", "{source} did not answer usably: {error}"
    ),
    "source.no_answer_for": QT_TRANSLATE_NOOP("CoreMessages", "no answer for {seconds:.0f} s"),
    "source.no_answer_since": QT_TRANSLATE_NOOP(
        "CoreMessages", "no answer for {seconds:.0f} s ({error})"
    ),
    "fetch.catalog": QT_TRANSLATE_NOOP("CoreMessages", "catalog"),
    "fetch.details": QT_TRANSLATE_NOOP("CoreMessages", "book details"),
    "fetch.cover": QT_TRANSLATE_NOOP("CoreMessages", "cover"),
    "fetch.chapter": QT_TRANSLATE_NOOP("CoreMessages", "chapter {index} {title}"),
    "fetch.retrying": QT_TRANSLATE_NOOP(
        "CoreMessages", "{what}: {error}; retry {attempt} in {delay:.1f} s"
    ),
    "net.cannot_connect": QT_TRANSLATE_NOOP(
        "CoreMessages", "cannot connect to {host}:{port} ({reason})"
    ),
    "net.timed_out": QT_TRANSLATE_NOOP("CoreMessages", "timed out"),
    "net.closed": QT_TRANSLATE_NOOP("CoreMessages", "the server closed the connection"),
    "net.cut_off": QT_TRANSLATE_NOOP("CoreMessages", "the answer was cut off"),
    "gate.starting": QT_TRANSLATE_NOOP("CoreMessages", "starting"),
    "gate.fixed": QT_TRANSLATE_NOOP("CoreMessages", "fixed at {limit}"),
    "gate.settled": QT_TRANSLATE_NOOP(
        "CoreMessages", "starting at {limit}, where this source settled last time"
    ),
    "gate.paused": QT_TRANSLATE_NOOP(
        "CoreMessages", "paused {seconds:.0f} s: Retry-After from the source"
    ),
    "gate.slower": QT_TRANSLATE_NOOP(
        "CoreMessages", "slowed down: answers slower ({now:.0f} ms, usually {usual:.0f} ms)"
    ),
    "gate.refused": QT_TRANSLATE_NOOP("CoreMessages", "slowed down: {status} from the source"),
    "gate.dropped": QT_TRANSLATE_NOOP("CoreMessages", "slowed down: {error}"),
    "gate.easing": QT_TRANSLATE_NOOP("CoreMessages", "easing off: this computer is the bottleneck"),
    "gate.speeding": QT_TRANSLATE_NOOP("CoreMessages", "speeding up: answers healthy"),
    "gate.limit": QT_TRANSLATE_NOOP("CoreMessages", "limit {before} → {after}: {reason}"),
    "search.cannot": QT_TRANSLATE_NOOP("CoreMessages", "this source cannot search"),
    "check.note": QT_TRANSLATE_NOOP("CoreMessages", "note"),
    "check.search": QT_TRANSLATE_NOOP("CoreMessages", "search {words!r}"),
    "check.search_step": QT_TRANSLATE_NOOP("CoreMessages", "search"),
    "check.found": QT_TRANSLATE_NOOP("CoreMessages", "{count} found"),
    "check.nothing_found": QT_TRANSLATE_NOOP(
        "CoreMessages", "no results, so nothing further to try"
    ),
    "check.details": QT_TRANSLATE_NOOP("CoreMessages", "details"),
    "check.book": QT_TRANSLATE_NOOP("CoreMessages", "{title} — {author}"),
    "check.catalog": QT_TRANSLATE_NOOP("CoreMessages", "catalog"),
    "check.chapters": QT_TRANSLATE_NOOP("CoreMessages", "{count} chapters"),
    "check.empty_catalog": QT_TRANSLATE_NOOP("CoreMessages", "the catalog is empty"),
    "check.chapter": QT_TRANSLATE_NOOP("CoreMessages", "chapter 1 ({title})"),
    "check.characters": QT_TRANSLATE_NOOP("CoreMessages", "{count} characters"),
    "check.no_answer": QT_TRANSLATE_NOOP("CoreMessages", "no answer within {seconds:g} s"),
    "check.home_page": QT_TRANSLATE_NOOP("CoreMessages", "find a book on its home page"),
    "check.home_book": QT_TRANSLATE_NOOP("CoreMessages", "{title} ({address})"),
    "check.no_home_page": QT_TRANSLATE_NOOP("CoreMessages", "no home page to take a book from"),
    "check.no_book_pattern": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "no check word and no pattern of its book addresses: give words or a book address",
    ),
    "check.no_book_link": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "no link on {page} is one of its book addresses: give words or a book address",
    ),
    "check.cannot_search": QT_TRANSLATE_NOOP(
        "CoreMessages", "this source cannot search: give a book address"
    ),
    "check.home_book_missing": QT_TRANSLATE_NOOP(
        "CoreMessages", "the book from its home page was not found"
    ),
    "check.book_address": QT_TRANSLATE_NOOP("CoreMessages", "book address"),
    "source.unknown_address": QT_TRANSLATE_NOOP(
        "CoreMessages", "no source knows this address: {host!r}"
    ),
    "source.disabled": QT_TRANSLATE_NOOP("CoreMessages", "source {name} ({source}) is disabled"),
    "source.unusable": QT_TRANSLATE_NOOP(
        "CoreMessages", "source {name} ({source}) cannot be used: {problems}"
    ),
    "rule_input.unreadable": QT_TRANSLATE_NOOP("CoreMessages", "cannot read {path}: {reason}"),
    "rule_input.not_text": QT_TRANSLATE_NOOP(
        "CoreMessages", "{path} is not a text file (rule files are UTF-8 JSON)"
    ),
    "rule_input.too_big": QT_TRANSLATE_NOOP(
        "CoreMessages", "{path} is over {mib} MiB, the limit for a rule file"
    ),
    "rule_input.not_local": QT_TRANSLATE_NOOP(
        "CoreMessages", "only files on this computer can be read: {where!r}"
    ),
    "rule_input.not_web": QT_TRANSLATE_NOOP(
        "CoreMessages", "only http and https addresses can be imported from: {url!r}"
    ),
    "rule_input.cannot_fetch": QT_TRANSLATE_NOOP("CoreMessages", "cannot fetch {url}: {error}"),
    "library.no_match": QT_TRANSLATE_NOOP(
        "CoreMessages", "no book in the library matches {text!r}"
    ),
    "book.zero_id": QT_TRANSLATE_NOOP(
        "CoreMessages", "not a book ID: {text!r} (IDs are numbers from 1 up)"
    ),
    "source.unreachable_kept": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "{error}; {stored:,} of {wanted:,} chapters are stored; running again fetches the rest",
    ),
    "rules.book_sources": QT_TRANSLATE_NOOP(
        "CoreMessages", "{what} holds book sources, not replacement rules: import it as a source"
    ),
    # Why a rule file's source is skipped, not usable, or without a field.
    "rule.field": QT_TRANSLATE_NOOP("CoreMessages", "{field} {problem}"),
    "rule.fields": QT_TRANSLATE_NOOP("CoreMessages", "{fields}: each {problem}"),
    "rule.in_source": QT_TRANSLATE_NOOP("CoreMessages", "{label}: {problem}"),
    "list": QT_TRANSLATE_NOOP("CoreMessages", "{first}, {rest}"),
    "list.parts": QT_TRANSLATE_NOOP("CoreMessages", "{first}; {rest}"),
    "rule.needs_browser": QT_TRANSLATE_NOOP("CoreMessages", "needs a browser ({option})"),
    "rule.script_needs_browser": QT_TRANSLATE_NOOP(
        "CoreMessages", "needs a browser (its script asks for webView)"
    ),
    "rule.needs_missing": QT_TRANSLATE_NOOP(
        "CoreMessages", "needs {names}: not available in NovelFetch"
    ),
    "rule.needs_missing_option": QT_TRANSLATE_NOOP(
        "CoreMessages", "needs {names}: not available in NovelFetch (js option)"
    ),
    "rule.needs_missing_eval": QT_TRANSLATE_NOOP(
        "CoreMessages", "needs {names}: not available in NovelFetch (its scripts run it with eval)"
    ),
    "rule.needs_java_code": QT_TRANSLATE_NOOP("CoreMessages", "needs Java code (@java:)"),
    "rule.needs_javascript": QT_TRANSLATE_NOOP("CoreMessages", "needs JavaScript ({marker})"),
    "js.java_classes": QT_TRANSLATE_NOOP("CoreMessages", "Java classes (Packages, java.lang …)"),
    "js.missing_for": QT_TRANSLATE_NOOP("CoreMessages", "{name} ({why})"),
    "js.for_browser": QT_TRANSLATE_NOOP("CoreMessages", "a browser"),
    "js.for_captcha": QT_TRANSLATE_NOOP("CoreMessages", "a person to solve a captcha"),
    "js.for_fonts": QT_TRANSLATE_NOOP("CoreMessages", "font decoding"),
    "rule.script_not_compiling": QT_TRANSLATE_NOOP(
        "CoreMessages", "cannot be read: its script does not compile ({where})"
    ),
    "rule.cannot_be_read": QT_TRANSLATE_NOOP("CoreMessages", "cannot be read: {problem}"),
    "rule.too_deep": QT_TRANSLATE_NOOP("CoreMessages", "cannot be read: it nests too deeply"),
    "rule.empty": QT_TRANSLATE_NOOP("CoreMessages", "is empty"),
    "rule.missing": QT_TRANSLATE_NOOP("CoreMessages", "is missing"),
    "rule.not_web_address": QT_TRANSLATE_NOOP(
        "CoreMessages", "{value!r} is not an http(s) address"
    ),
    "rule.not_text_source": QT_TRANSLATE_NOOP(
        "CoreMessages", "not a text source ({field} {type}: {kind})"
    ),
    "rule.type_audio": QT_TRANSLATE_NOOP("CoreMessages", "audio"),
    "rule.type_image": QT_TRANSLATE_NOOP("CoreMessages", "image"),
    "rule.type_files": QT_TRANSLATE_NOOP("CoreMessages", "file download"),
    "rule.type_other": QT_TRANSLATE_NOOP("CoreMessages", "type {value!r}"),
    "rule.not_a_rate": QT_TRANSLATE_NOOP("CoreMessages", "concurrentRate {value!r} is not a rate"),
    "rule.not_a_rate_hint": QT_TRANSLATE_NOOP(
        "CoreMessages",
        'concurrentRate {value!r} is not a rate (write milliseconds like "1000", or requests per milliseconds like "20/60000")',  # noqa: E501 (one literal for lupdate)
    ),
    "rule.needs_book_id": QT_TRANSLATE_NOOP(
        "CoreMessages", "needs the book ID, but {pattern} gives no pattern"
    ),
    "rule.builtin_id": QT_TRANSLATE_NOOP("CoreMessages", "its id is a built-in's"),
    "rule.no_search": QT_TRANSLATE_NOOP("CoreMessages", "search ({field} is empty)"),
    "rule.no_search_either": QT_TRANSLATE_NOOP(
        "CoreMessages", "search ({first} or {second} is empty)"
    ),
    "rule.options_ignored": QT_TRANSLATE_NOOP(
        "CoreMessages", "{field} options (not JSON even to Legado's lenient reader; ignored)"
    ),
    "rule.header_script": QT_TRANSLATE_NOOP(
        "CoreMessages", "needs JavaScript; default headers are used"
    ),
    "rule.header_not_json": QT_TRANSLATE_NOOP(
        "CoreMessages", "is not JSON; default headers are used"
    ),
    "rule.header_not_object": QT_TRANSLATE_NOOP(
        "CoreMessages", "is not a JSON object; default headers are used"
    ),
    "rule.pattern_left_out": QT_TRANSLATE_NOOP("CoreMessages", "{field} left out: {error}"),
    "rule.pattern_invalid": QT_TRANSLATE_NOOP(
        "CoreMessages", "{field} is not a valid regular expression"
    ),
    "rule.legado_2": QT_TRANSLATE_NOOP(
        "CoreMessages", "a Legado 2.x source ({key} …); only Legado 3.x sources are read"
    ),
    "rule.must_be": QT_TRANSLATE_NOOP("CoreMessages", "must be {what}, not {found}"),
    "rule.must_be_flag": QT_TRANSLATE_NOOP("CoreMessages", "must be true or false, not {value!r}"),
    "rule.text_not_json": QT_TRANSLATE_NOOP("CoreMessages", "is text but not JSON"),
    "rule.must_be_only": QT_TRANSLATE_NOOP("CoreMessages", "must be {what}"),
    "rule.must_be_true_or_false": QT_TRANSLATE_NOOP("CoreMessages", "must be true or false"),
    "rule.not_pairs": QT_TRANSLATE_NOOP("CoreMessages", "is not an object of name: value pairs"),
    "rule.line_break": QT_TRANSLATE_NOOP("CoreMessages", "holds a line break (CR or LF)"),
    "rule.named_line_break": QT_TRANSLATE_NOOP(
        "CoreMessages", "{name!r} holds a line break (CR or LF)"
    ),
    "rule.not_json": QT_TRANSLATE_NOOP("CoreMessages", "not valid JSON ({error})"),
    "rule.not_object": QT_TRANSLATE_NOOP("CoreMessages", "not a JSON object"),
    "rule.not_rule": QT_TRANSLATE_NOOP("CoreMessages", "not a Legado or so-novel source"),
    "rule.unreadable": QT_TRANSLATE_NOOP("CoreMessages", "unreadable ({error})"),
    "rule.a_text": QT_TRANSLATE_NOOP("CoreMessages", "text"),
    "rule.a_rule": QT_TRANSLATE_NOOP("CoreMessages", "a rule (text)"),
    "rule.an_object": QT_TRANSLATE_NOOP("CoreMessages", "an object"),
    "rule.a_flag": QT_TRANSLATE_NOOP("CoreMessages", "true/false"),
    "rule.a_number": QT_TRANSLATE_NOOP("CoreMessages", "a number"),
    "rule.a_list": QT_TRANSLATE_NOOP("CoreMessages", "a list"),
    "rule.a_whole_number": QT_TRANSLATE_NOOP("CoreMessages", "a whole number"),
    "rule.not_css": QT_TRANSLATE_NOOP(
        "CoreMessages", "not a CSS selector jsoup would accept ({error})"
    ),
    "rule.not_xpath": QT_TRANSLATE_NOOP("CoreMessages", "not a valid XPath ({error})"),
    "rule.not_jsonpath": QT_TRANSLATE_NOOP(
        "CoreMessages", "not a JSONPath this engine reads ({error})"
    ),
    "rule.name_after_dot": QT_TRANSLATE_NOOP("CoreMessages", "needs a name after the dot"),
    "rule.css_text_end": QT_TRANSLATE_NOOP(
        "CoreMessages", "an @CSS: text rule must end with @text, @html or @attribute"
    ),
    "rule.unclosed": QT_TRANSLATE_NOOP("CoreMessages", "has an unclosed '{char}'"),
    "rule.empty_css_part": QT_TRANSLATE_NOOP(
        "CoreMessages", "an @CSS: rule has an empty part (a stray {stray}): Legado fails"
    ),
    "rule.not_rule_file": QT_TRANSLATE_NOOP("CoreMessages", "not a rule file: {problem}"),
    "rule.not_rule_file_at": QT_TRANSLATE_NOOP(
        "CoreMessages", "not a rule file: {origin}: {problem}"
    ),
    "rule.too_many_characters": QT_TRANSLATE_NOOP(
        "CoreMessages", "{count:,} characters (the limit is {limit:,})"
    ),
    "rule.text_is_not_json": QT_TRANSLATE_NOOP("CoreMessages", "the text is not JSON ({error})"),
    "rule.file_empty": QT_TRANSLATE_NOOP("CoreMessages", "it is empty"),
    "rule.no_source_in_file": QT_TRANSLATE_NOOP(
        "CoreMessages", "no Legado or so-novel source in it"
    ),
    "js.stops_at": QT_TRANSLATE_NOOP("CoreMessages", "line {line}, at '{snippet}'"),
    "js.missing": QT_TRANSLATE_NOOP("CoreMessages", "line {line}: '{token}' is missing"),
    "js.uncompilable": QT_TRANSLATE_NOOP("CoreMessages", "it does not compile"),
}


def translated(said: Message | str) -> str:
    """``said`` in the interface's language; a value that is a message is translated too
    (a plain string, from code that has no message for it, is shown as it is). Never with a
    secret in it (a source's cookie, a proxy password): a rule's script may put one in its
    error, and the window shows these texts."""
    return redact(_translated(said))


def _translated(said: Message | str) -> str:
    if not isinstance(said, Message):
        return str(said)
    template = _TEMPLATES.get(said.id)
    if template is None:
        return str(said)
    text = QCoreApplication.translate("CoreMessages", template)
    values = {
        name: _translated(value) if isinstance(value, Message) else value
        for name, value in said.values.items()
    }
    try:
        return text.format_map(values)
    except (KeyError, IndexError, ValueError):  # a translation naming other values
        return str(said)


def error_text(error: BaseException) -> str:
    """What ``error`` says, in the interface's language when the core gave it an id."""
    return translated(message_of(error))


def template_ids() -> set[str]:
    return set(_TEMPLATES)


def english_template(message_id: str) -> str:
    return _TEMPLATES[message_id]
