"""Clients for ``didactic env serve``: a blocking one and an asyncio one, both keep-alive.

Every request is retried on a dropped connection, a timeout or an error the server marks
retryable (429 backpressure with Retry-After, 503 while it restarts), with jittered backoff and
the same body: the server answers a repeated start or attempt with the reply it stored, so a
retry never starts a second episode or judges an attempt twice. Other errors (400, 404, 409)
are raised at once.
"""

from __future__ import annotations

import asyncio
import http.client
import socket
import ssl
import threading
import time
from typing import Any, Mapping, Optional

from ._wire import Api, Endpoint, RetryPolicy, decode, encode, headers
from .errors import DidacticError

# A dropped or refused connection, a reset, a read timeout: the request may or may not have
# reached the server, which is why only idempotent requests exist.
_CONNECTION_ERRORS = (ConnectionError, http.client.HTTPException, socket.timeout, TimeoutError, OSError)


class DidacticClient(Api):
    """Blocking client; one keep-alive connection per thread (SkyRL steps run in a thread pool)."""

    def __init__(self, url: str, token: Optional[str] = None, timeout: float = 120.0, retry: Optional[RetryPolicy] = None):
        self.endpoint = Endpoint.parse(url)
        self.url = url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self.retry = retry or RetryPolicy()
        self._local = threading.local()

    def _connection(self) -> http.client.HTTPConnection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            e = self.endpoint
            if e.scheme == "https":
                conn = http.client.HTTPSConnection(e.host, e.port, timeout=self.timeout, context=ssl.create_default_context())
            else:
                conn = http.client.HTTPConnection(e.host, e.port, timeout=self.timeout)
            self._local.conn = conn
        return conn

    def _drop(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    def close(self) -> None:
        self._drop()

    def _call(self, method: str, path: str, body: Optional[Mapping[str, Any]] = None) -> Any:
        data = encode(body)
        e = self.endpoint
        last: Optional[DidacticError] = None
        for failure in range(self.retry.attempts):
            wait: Optional[float] = None
            try:
                conn = self._connection()
                conn.request(method, e.base_path + path, body=data, headers=headers(self.token, data, f"{e.host}:{e.port}"))
                response = conn.getresponse()
                raw = response.read()
                if response.getheader("Connection", "").lower() == "close":
                    self._drop()
                return decode(response.status, raw, response.getheader("Retry-After"))
            except DidacticError as error:
                if not error.retryable:
                    raise
                last, wait = error, error.retry_after
            except _CONNECTION_ERRORS as error:
                self._drop()
                last = DidacticError(0, "connection_failed", f"{method} {path}: {error!r}", True)
            if failure + 1 < self.retry.attempts:
                time.sleep(self.retry.delay(failure, wait))
        assert last is not None
        raise last


class AsyncDidacticClient(Api):
    """asyncio client on raw streams, so nothing blocks the trainer's event loop; a pool of keep-alive connections."""

    def __init__(
        self,
        url: str,
        token: Optional[str] = None,
        timeout: float = 120.0,
        retry: Optional[RetryPolicy] = None,
        max_connections: int = 64,
    ):
        self.endpoint = Endpoint.parse(url)
        if self.endpoint.scheme != "http":
            raise ValueError("AsyncDidacticClient speaks plain http; put TLS in front with a proxy on the trainer's side")
        self.url = url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self.retry = retry or RetryPolicy()
        self.max_connections = max_connections
        self._idle: list = []
        # Created lazily: a client may be built outside the loop that will use it (verl builds
        # agent loops in a Ray actor's constructor).
        self._slots: Optional[asyncio.Semaphore] = None
        self._loop: Optional[asyncio.AbstractEventLoop] = None

    def _bind(self) -> None:
        """Connections belong to one event loop; a client reused from another loop starts a fresh pool."""
        loop = asyncio.get_running_loop()
        if loop is self._loop:
            return
        for _, writer in self._idle:
            try:
                writer.close()
            except RuntimeError:  # its loop is already closed; the socket goes with it
                pass
        self._idle = []
        self._slots = asyncio.Semaphore(self.max_connections)
        self._loop = loop

    async def close(self) -> None:
        while self._idle:
            _, writer = self._idle.pop()
            writer.close()

    async def _exchange(self, method: str, path: str, data: Optional[bytes]):
        e = self.endpoint
        if self._idle:
            reader, writer = self._idle.pop()
        else:
            reader, writer = await asyncio.open_connection(e.host, e.port)
        reusable = False
        try:
            head = f"{method} {e.base_path + path} HTTP/1.1\r\n" + "".join(
                f"{k}: {v}\r\n" for k, v in headers(self.token, data, f"{e.host}:{e.port}").items()
            )
            writer.write(head.encode("latin-1") + b"\r\n" + (data or b""))
            await writer.drain()
            status, reply_headers, raw = await _read_response(reader)
            reusable = reply_headers.get("connection", "").lower() != "close"
            return status, reply_headers, raw
        finally:
            if reusable:
                self._idle.append((reader, writer))
            else:
                writer.close()

    async def _call(self, method: str, path: str, body: Optional[Mapping[str, Any]] = None) -> Any:
        self._bind()
        assert self._slots is not None
        data = encode(body)
        last: Optional[DidacticError] = None
        for failure in range(self.retry.attempts):
            wait: Optional[float] = None
            try:
                async with self._slots:
                    status, reply_headers, raw = await asyncio.wait_for(self._exchange(method, path, data), self.timeout)
                return decode(status, raw, reply_headers.get("retry-after"))
            except DidacticError as error:
                if not error.retryable:
                    raise
                last, wait = error, error.retry_after
            except (asyncio.TimeoutError, asyncio.IncompleteReadError, *_CONNECTION_ERRORS) as error:
                last = DidacticError(0, "connection_failed", f"{method} {path}: {error!r}", True)
            if failure + 1 < self.retry.attempts:
                await asyncio.sleep(self.retry.delay(failure, wait))
        assert last is not None
        raise last


async def _read_response(reader: asyncio.StreamReader):
    """One HTTP/1.1 response: status, lower-cased headers, body (Content-Length or chunked)."""
    line = await reader.readline()
    if not line:
        raise ConnectionResetError("the server closed the connection before replying")
    parts = line.decode("latin-1").split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/"):
        raise http.client.BadStatusLine(line.decode("latin-1", "replace"))
    status = int(parts[1])
    reply_headers: dict = {}
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b"\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        reply_headers[name.strip().lower()] = value.strip()
    if reply_headers.get("transfer-encoding", "").lower() == "chunked":
        chunks = []
        while True:
            size = int((await reader.readline()).split(b";")[0].strip() or b"0", 16)
            if size == 0:
                await reader.readline()
                break
            chunks.append(await reader.readexactly(size))
            await reader.readexactly(2)
        return status, reply_headers, b"".join(chunks)
    length = int(reply_headers.get("content-length", "0"))
    return status, reply_headers, await reader.readexactly(length) if length else b""
