"""Every failure the engine reports, as typed errors with messages fit for a user.

``exit_code`` is what the command line returns for an error that ends the run.
"""

from __future__ import annotations

from novelfetch.core.messages import Message, plain


class NovelFetchError(Exception):
    """Base of all expected failures. ``str(error)`` is the user-facing message (English);
    ``message`` the same as data, with an id the window translates (see ``core.messages``)."""

    exit_code = 2

    def __init__(self, message: str | Message = "", *args: object) -> None:
        super().__init__(str(message), *args)
        self.message = message if isinstance(message, Message) else plain(str(message))


class BadInputError(NovelFetchError):
    """The user asked for something malformed (ID, range, format, option)."""


class UnknownAddressError(BadInputError):
    """No source knows a pasted address (``messages.UNKNOWN_ADDRESS``)."""


class SourceDisabledError(BadInputError):
    """The source asked for is switched off (``messages.SOURCE_DISABLED``)."""


class NotInLibraryError(BadInputError):
    """No library book matches what was typed (``messages.NOT_IN_LIBRARY``)."""


class BookNotFoundError(NovelFetchError):
    """The source answered, but has no such book."""


class SourceError(NovelFetchError):
    """The source could not be used: unreachable, or answering nonsense."""


class SourceUnreachableError(SourceError):
    """No answer at all: connection refused, DNS failure, timeouts."""


class StoreError(NovelFetchError):
    """The chapter store could not be opened or written."""


class ExportError(NovelFetchError):
    """The book could not be written (folder missing, read-only, disk full)."""


class FetchError(NovelFetchError):
    """One request failed. ``retryable`` says whether trying again may help.

    ``status`` is the HTTP status when the source answered with one (the politeness gate
    slows down on 429 and 503).
    """

    retryable = True

    def __init__(
        self,
        message: str | Message,
        *,
        retry_after: float | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.status = status


class TransientFetchError(FetchError):
    """Network error, timeout, 5xx, 429, or a garbled answer: worth retrying."""


class NetworkError(TransientFetchError):
    """No usable answer at all: refused, reset, DNS failure or timeout."""


class MalformedResponseError(TransientFetchError):
    """The answer was not the JSON shape the source speaks (HTML, truncated, missing path)."""


class EmptyChapterError(MalformedResponseError):
    """The chapter's answer had no text (a maintenance page, an empty field): not a chapter.

    Retried like any garbled answer; if every try says the same, the chapter fails for this
    run and is fetched again by the next one. Empty text is never stored as the chapter.
    """


class PermanentFetchError(FetchError):
    """Retrying cannot help (4xx other than 408/429, response too large)."""

    retryable = False


class BudgetExceededError(PermanentFetchError):
    """A source or rule asked for more than a budget of ``budgets.py`` allows; the message
    names the source and the limit."""


class CertificateError(PermanentFetchError):
    """The server's TLS certificate could not be verified; we never connect without it."""


class RefusedAddressError(PermanentFetchError):
    """A rule source asked for an address its network policy refuses (a local one)."""


class PaidChapterError(PermanentFetchError):
    """The source refuses the chapter because it must be bought."""
