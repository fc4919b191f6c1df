"""What a failed request is called in a message: the network's failure, an address without
its password, a certificate that cannot be verified (``http.py``'s words)."""

from __future__ import annotations

import asyncio

import aiohttp
from yarl import URL

from novelfetch.core.messages import (
    ANSWER_CUT_OFF,
    CANNOT_CONNECT,
    CONNECTION_CLOSED,
    TIMED_OUT,
    Message,
    plain,
)


def describe_failure(error: BaseException) -> Message:
    """A connection's failure (aiohttp's), in the user's words."""
    if isinstance(error, asyncio.TimeoutError | aiohttp.ServerTimeoutError):
        return TIMED_OUT()
    if isinstance(error, aiohttp.ClientConnectorError):
        reason = error.os_error.strerror or str(error)
        return CANNOT_CONNECT(host=error.host, port=error.port, reason=reason)
    if isinstance(error, aiohttp.ServerDisconnectedError):
        return CONNECTION_CLOSED()
    if isinstance(error, aiohttp.ClientPayloadError):
        return ANSWER_CUT_OFF()
    return plain(str(error) or type(error).__name__)


def without_password(address: object) -> str:
    """An address as it may be shown: without the password a proxy's may hold."""
    text = str(address)
    try:
        url = URL(text)
    except ValueError:
        return text.split("@")[-1]  # unparseable: keep only what follows any credentials
    return str(url.with_password(None)) if url.password else text


def describe_certificate(error: aiohttp.ClientConnectorCertificateError) -> str:
    """Why a server's certificate was not accepted, and that we never go on without one."""
    problem = error.certificate_error
    reason = getattr(problem, "verify_message", "") or str(problem)
    return (
        f"the TLS certificate of {error.host}:{error.port} cannot be verified ({reason}); "
        "NovelFetch never connects without a verified certificate"
    )
