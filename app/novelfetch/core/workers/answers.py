"""What this process accepts from a worker: one decoder, and the classes it may build.

A worker parses hostile pages (lxml, regular expressions, QuickJS running rule files'
scripts). Should a memory bug there let a page run code in the worker, the worker's limits
contain it, unless what it sends back makes this process run code: unpickling calls whatever
a message names (``os.system``, ``builtins.exec``, any object's ``__reduce__``). So every
message this process reads from a worker (answers, errors, host-call requests) goes through
``next_reply``, whose unpickler builds only the classes in ``ALLOWED``: each one an honest
answer holds, and each harmless when built from any arguments. Anything else is refused
(``UnacceptableAnswer``) before it is built, and the worker that sent it is killed.

Containers and scalars (tuple, list, dict, set, frozenset, str, bytes, int, float, bool,
None) are pickle opcodes, not names, at the protocol the workers send (4): they need no entry.
``list``/``tuple``/``set``/``bytes``/``bytearray`` are deliberately not entries: called on a
string or a count they would turn a few bytes of message into megabytes here.
"""

from __future__ import annotations

import io
import pickle
import struct
from collections.abc import Iterator
from typing import Any

from novelfetch.core.budgets import MAX_ANSWER_BYTES
from novelfetch.core.messages import KINDS, Message

_CORE = "novelfetch.core"
_RULES = "novelfetch.core.sources.rules"

#: (module, name) of every class a worker's message may hold. A class here is built from the
#: message's arguments (its ``__init__``/``__new__``, then its ``__setstate__``): it must not
#: call out (run code, open files, import by name), nor return a callable.
ALLOWED: frozenset[tuple[str, str]] = frozenset(
    {
        # --- what the tasks return (rules/extract.py) ---
        (f"{_RULES}.extract", "Extracted"),  # every rule task's answer
        (f"{_CORE}.models", "SearchResult"),  # search_page: the books a page lists
        (f"{_RULES}.flow_book", "BookPage"),  # book_page: details and the catalog's address
        (f"{_CORE}.models", "Book"),  # BookPage.book
        (f"{_RULES}.urls", "RequestSpec"),  # url_request: a request a URL rule's script built
        (f"{_RULES}.js.state_changes", "StateChanges"),  # what a page's scripts changed
        # StateChanges.replaced: cookies a script set under a tag that is no web address
        (f"{_RULES}.js.state", "MemoryCookies"),
        # --- the errors a task raises (a failure is a page's, and says why) ---
        (_CORE + ".messages", "Message"),  # NovelFetchError.message (checked: ``_made_here``)
        *(
            (f"{_CORE}.errors", name)  # a page's fetch and read failures, host calls' too
            for name in (
                "NovelFetchError",
                "BadInputError",
                "SourceError",
                "SourceUnreachableError",
                "BookNotFoundError",
                "FetchError",
                "TransientFetchError",
                "NetworkError",
                "MalformedResponseError",
                "EmptyChapterError",
                "PermanentFetchError",
                "BudgetExceededError",
                "CertificateError",
                "RefusedAddressError",
                "PaidChapterError",
            )
        ),
        (f"{_CORE}.net.walls", "BlockedError"),  # a page that is an anti-bot wall
        (f"{_CORE}.net.policy", "LocalAddressRefused"),  # a script's request, refused
        (f"{_CORE}.pattern_budget", "PatternError"),  # a rule's regex over its budget
        (f"{_CORE}.pattern_budget", "PatternTooLarge"),
        (f"{_RULES}.eval_errors", "RuleError"),  # a rule that fails, naming the rule
        (f"{_RULES}.eval_errors", "NeedsJavaScriptError"),
        (f"{_RULES}.model", "RuleFileError"),  # a URL rule a script wrote, unusable
        (f"{_RULES}.model", "UrlNeedsBrowserError"),
        (f"{_RULES}.model", "UrlNeedsJavaScriptError"),
        (f"{_RULES}.templates", "TemplateError"),
        (f"{_RULES}.gson_lenient", "LenientJsonError"),
        (f"{_RULES}.js.sandbox", "ScriptError"),  # a script that failed or was stopped
        (f"{_RULES}.js.sandbox", "ScriptTimeout"),
        (f"{_RULES}.js.sandbox", "ScriptMemoryError"),
        ("novelfetch.core.workers.child", "HostCallError"),  # a host call not allowed
        # Python's own, as a task's bug or a library raises them (``child`` sends any other
        # error as a RuntimeError with its words). Only ``Exception``'s: never SystemExit,
        # KeyboardInterrupt or CancelledError, which would stop whoever awaits the answer.
        *(
            ("builtins", name)
            for name in (
                "Exception",
                "ArithmeticError",
                "AssertionError",
                "AttributeError",
                "ConnectionError",
                "EOFError",
                "FileNotFoundError",
                "ImportError",  # the self-test's "QuickJS did not load"
                "IndexError",
                "KeyError",
                "LookupError",
                "MemoryError",
                "ModuleNotFoundError",
                "NotImplementedError",
                "OSError",
                "OverflowError",
                "PermissionError",
                "RecursionError",
                "RuntimeError",
                "TimeoutError",
                "TypeError",
                "UnicodeDecodeError",
                "UnicodeEncodeError",
                "UnicodeError",
                "ValueError",
                "ZeroDivisionError",
            )
        ),
    }
)

# ``MAX_ANSWER_BYTES`` bounds one message. Decoding may cost more than its bytes: about 5
# times for real answers, up to 80 times for a message crafted of nothing but empty lists
# (1.3 GB at that size); the C unpickler offers no cheaper bound on what it builds.
_HEADER = struct.Struct("!i")  # multiprocessing.connection's: the bytes that follow
_KINDS_OF_REPLY = frozenset({"ok", "error", "missing", "memory"})
_SHOWN = 200  # characters of a decoding error a refusal quotes


class UnacceptableAnswer(Exception):
    """A worker sent what no honest worker sends; ``str()`` says what. ``too_large``: only
    its size (an honest rule may produce that much text: not worth a retry)."""

    def __init__(self, reason: str, *, too_large: bool = False) -> None:
        super().__init__(reason)
        self.too_large = too_large


_MESSAGE = (_CORE + ".messages", "Message")


class _AnswerUnpickler(pickle.Unpickler):
    named_message = False  # whether the message built a ``Message`` (then each is checked)

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in ALLOWED:
            raise UnacceptableAnswer(
                f"a worker sent an answer that is not allowed: {module}.{name}"
            )
        self.named_message |= (module, name) == _MESSAGE
        return super().find_class(module, name)


def next_reply(received: bytearray) -> tuple[Any, ...] | None:
    """The first whole message in ``received`` (taken out of it), decoded and checked; None
    until one has arrived whole. Raises ``UnacceptableAnswer``."""
    if len(received) < _HEADER.size:
        return None
    size = _HEADER.unpack_from(received)[0]
    if not 0 <= size <= MAX_ANSWER_BYTES:  # (-1: a message past 2 GiB)
        shown = "more than 2 GiB" if size < 0 else f"{size / 2**20:.0f} MB"
        raise UnacceptableAnswer(
            f"its answer of {shown} is larger than one page's answer may be "
            f"({MAX_ANSWER_BYTES // 2**20} MB)",
            too_large=True,
        )
    end = _HEADER.size + size
    if len(received) < end:
        return None
    with memoryview(received) as view:
        message = bytes(view[_HEADER.size : end])
    del received[:end]
    return decode_reply(message)


def decode_reply(message: bytes) -> tuple[Any, ...]:
    """One message from a worker, built only from allowed classes, and of a shape a worker
    sends: ``("ok", value)``, ``("error", exception)``, ``("missing", key)``, ``("memory",
    None)`` or ``("host", name, args)``. Raises ``UnacceptableAnswer``."""
    unpickler = _AnswerUnpickler(io.BytesIO(message), fix_imports=False)
    try:
        reply = unpickler.load()
    except UnacceptableAnswer:
        raise
    except Exception as error:  # cut short, a class given arguments it does not take …
        said = f"{type(error).__name__}: {error}"[:_SHOWN]
        raise UnacceptableAnswer(
            f"a worker sent an answer that could not be read ({said})"
        ) from None
    _check_shape(reply)
    if unpickler.named_message and not _all_made_here(reply):
        raise UnacceptableAnswer("a worker sent a message this program does not write")
    return reply  # type: ignore[no-any-return]


def _check_shape(reply: Any) -> None:
    kind = reply[0] if type(reply) is tuple and reply and type(reply[0]) is str else ""
    if kind == "host":
        ok = len(reply) == 3 and type(reply[1]) is str and type(reply[2]) is tuple
    elif kind in _KINDS_OF_REPLY and len(reply) == 2:
        value = reply[1]
        if kind == "error":
            ok = isinstance(value, Exception)
        else:
            ok = kind != "missing" or type(value) is str
    else:
        ok = False
    if not ok:
        raise UnacceptableAnswer("a worker sent an answer that is not a reply")


def _all_made_here(reply: object) -> bool:
    try:
        return all(map(_made_here, _messages_in(reply)))
    except Exception:  # an object no honest worker sends (a __slots__ that is no names …)
        return False


def _messages_in(reply: object) -> Iterator[Message]:
    """Every ``Message`` a decoded reply holds, however deep (only errors carry them)."""
    stack, seen = [reply], set()
    while stack:
        value = stack.pop()
        if id(value) in seen or isinstance(value, (str, bytes, int, float)) or value is None:
            continue
        seen.add(id(value))
        if isinstance(value, Message):
            yield value
        if isinstance(value, dict):
            stack += [*value.keys(), *value.values()]
        elif isinstance(value, (tuple, list, set, frozenset)):
            stack += value
        else:  # an instance of an allowed class: its fields, its attributes, its arguments
            slots = getattr(type(value), "__slots__", ())
            stack += [getattr(value, name, None) for name in slots]
            stack += [getattr(value, "__dict__", None), getattr(value, "args", None)]


def _made_here(said: Message) -> bool:
    """Whether ``said`` is one this program makes: a kind's own template, or plain text. A
    template from a worker could reach into any object when formatted, as ``str(error)``
    does (``{0.__init__.__globals__…}``)."""
    kind = KINDS.get(said.id) if type(said.id) is str else None
    template = kind.template if kind is not None else "{text}" if said.id == "" else None
    return type(said.values) is dict and said.template == template
