"""Every failure the engine reports, as typed errors with messages fit for a user.

``exit_code`` is what the command line returns for an error that ends the run. An error a front
end may want to word itself (the window in the user's language, the command line with the
command that helps) has a ``code`` and the ``values`` its message is made of; the message never
tells the user what to type or click, which is each front end's to say.
"""

from __future__ import annotations

from collections.abc import Mapping


class NovelFetchError(Exception):
    """Base of all expected failures. ``str(error)`` is the user-facing message."""

    exit_code = 2
    #: What kind of message this is ("" = shown as it is); ``values`` are what it names.
    code = ""

    def __init__(self, message: str = "", *, values: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.values: dict[str, str] = dict(values or {})


class BadInputError(NovelFetchError):
    """The user asked for something malformed (ID, range, format, option)."""


class UnknownAddressError(BadInputError):
    """No source knows a pasted address. ``values``: ``host``."""

    code = "unknown-address"


class SourceDisabledError(BadInputError):
    """The source asked for is switched off. ``values``: ``source`` (id), ``name``."""

    code = "source-disabled"


class NotInLibraryError(BadInputError):
    """No library book matches what was typed. ``values``: ``text``."""

    code = "not-in-library"


class BookNotFoundError(NovelFetchError):
    """The source answered, but has no such book."""


class SourceError(NovelFetchError):
    """The source could not be used: unreachable, or answering nonsense."""


class SourceUnreachableError(SourceError):
    """No answer at all: connection refused, DNS failure, timeouts.

    Raised mid-download, ``values`` holds ``stored`` and ``wanted`` (chapters of the run's
    choice in the store, and in all) and the code is ``unreachable-mid-download``.
    """


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
        self, message: str, *, retry_after: float | None = None, status: int | None = None
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
    """The chapter's text field was there but empty: often a hiccup, sometimes the truth.

    Retried like any garbled answer; if every try says the same, the downloader keeps the
    chapter as a genuinely empty one instead of failing it.
    """


class PermanentFetchError(FetchError):
    """Retrying cannot help (4xx other than 408/429, response too large)."""

    retryable = False


class CertificateError(PermanentFetchError):
    """The server's TLS certificate could not be verified; we never connect without it."""


class PaidChapterError(PermanentFetchError):
    """The source refuses the chapter because it must be bought."""
