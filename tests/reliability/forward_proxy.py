"""A minimal HTTP forward proxy for tests: plain-HTTP GETs in absolute form, Basic credentials.

It records the ``Proxy-Authorization`` of every request, refuses wrong credentials with 407,
and forwards the rest to the origin without the proxy's own headers, one connection per
request. Just enough to see, from the outside, where a client sends its proxy credentials.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
from types import TracebackType
from typing import Self
from urllib.parse import urlsplit

_HOP_BY_HOP = {"proxy-authorization", "proxy-connection", "connection", "keep-alive"}


class ForwardProxy:
    def __init__(self, user: str, password: str) -> None:
        token = base64.b64encode(f"{user}:{password}".encode()).decode()
        self.expected = f"Basic {token}"
        self.authorizations: list[str] = []
        self.forwarded = 0
        self._server: asyncio.Server | None = None
        self.port = 0

    def url(self, user: str, password: str) -> str:
        return f"http://{user}:{password}@127.0.0.1:{self.port}"

    async def __aenter__(self) -> Self:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            request_line, *lines = head.decode("latin-1").split("\r\n")
            method, target, _ = request_line.split(" ", 2)
            headers = [line.split(":", 1) for line in lines if ":" in line]
            auth = next((v.strip() for k, v in headers if k.lower() == "proxy-authorization"), "")
            self.authorizations.append(auth)
            if auth != self.expected:
                writer.write(
                    b"HTTP/1.1 407 Proxy Authentication Required\r\n"
                    b'Proxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n'
                    b"Connection: close\r\n\r\n"
                )
                return
            await self._forward(method, target, headers, writer)
        except (asyncio.IncompleteReadError, ConnectionError):
            pass  # the client went away; nothing to forward
        finally:
            with contextlib.suppress(ConnectionError):
                await writer.drain()
            writer.close()

    async def _forward(
        self, method: str, target: str, headers: list[list[str]], writer: asyncio.StreamWriter
    ) -> None:
        url = urlsplit(target)
        origin_reader, origin_writer = await asyncio.open_connection(url.hostname, url.port or 80)
        kept = "".join(f"{k}:{v}\r\n" for k, v in headers if k.lower() not in _HOP_BY_HOP)
        path = url.path + (f"?{url.query}" if url.query else "")
        origin_writer.write(
            f"{method} {path} HTTP/1.1\r\n{kept}Connection: close\r\n\r\n".encode("latin-1")
        )
        self.forwarded += 1
        while chunk := await origin_reader.read(64 * 1024):
            writer.write(chunk)
            await writer.drain()
        origin_writer.close()
