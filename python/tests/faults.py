"""A keep-alive HTTP proxy in front of the real server that injects faults on chosen requests.

Faults: ``delay`` (hold the request, then forward), ``429`` (answer busy with Retry-After, do
not forward), ``drop`` (close the connection before forwarding), ``drop_after`` (forward, let the
server commit, then close without replying: the case idempotent replays exist for).
"""

from __future__ import annotations

import http.client
import json
import socketserver
import threading
import time
from typing import Callable, List, Optional, Tuple
from urllib.parse import urlsplit

Plan = Callable[[str, str, bytes], Optional[Tuple[str, float]]]


class _Handler(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        proxy: FaultProxy = self.server.proxy  # type: ignore[attr-defined]
        with proxy._lock:
            proxy.connections += 1
        while True:
            line = self.rfile.readline()
            if not line:
                return
            method, path, _ = line.decode("latin-1").split(" ", 2)
            headers = {}
            while True:
                h = self.rfile.readline().decode("latin-1")
                if h in ("\r\n", "\n", ""):
                    break
                k, _, v = h.partition(":")
                headers[k.strip()] = v.strip()
            length = int(headers.get("Content-Length", "0"))
            body = self.rfile.read(length) if length else b""
            fault = proxy.next_fault(method, path, body)
            proxy.seen.append((method, path, fault[0] if fault else None))
            if fault and fault[0] == "delay":
                time.sleep(fault[1])
            if fault and fault[0] == "429":
                self._reply(429, json.dumps({"error": {"code": "busy", "message": "injected", "retryable": True}}).encode(), {"Retry-After": str(fault[1])})
                continue
            if fault and fault[0] == "drop":
                return
            try:
                status, reply, reply_headers = proxy.forward(method, path, body, headers)
            except OSError:
                return  # the server is down (being restarted): the client sees a dropped connection
            if fault and fault[0] == "drop_after":
                return
            self._reply(status, reply, reply_headers)

    def _reply(self, status: int, body: bytes, extra: dict) -> None:
        head = f"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        head += "".join(f"{k}: {v}\r\n" for k, v in extra.items()) + "\r\n"
        self.wfile.write(head.encode("latin-1") + body)
        self.wfile.flush()


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class FaultProxy:
    def __init__(self, upstream: str):
        self.upstream = upstream
        self.plan: List[Tuple[Callable[[str, str, bytes], bool], str, float]] = []
        self.seen: List[tuple] = []
        self.forwarded = 0
        self.connections = 0  # client connections accepted: keep-alive shows as few of them
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.proxy = self  # type: ignore[attr-defined]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"

    def inject(self, fault: str, when: Callable[[str, str, bytes], bool] = lambda *_: True, times: int = 1, arg: float = 0.0) -> None:
        """The next ``times`` requests matching ``when`` get ``fault``."""
        for _ in range(times):
            self.plan.append((when, fault, arg))

    def next_fault(self, method: str, path: str, body: bytes):
        with self._lock:
            for i, (when, fault, arg) in enumerate(self.plan):
                if when(method, path, body):
                    del self.plan[i]
                    return fault, arg
        return None

    def forward(self, method: str, path: str, body: bytes, headers: dict):
        parts = urlsplit(self.upstream)
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        try:
            keep = {k: v for k, v in headers.items() if k.lower() in ("content-type", "authorization", "accept")}
            conn.request(method, path, body=body or None, headers=keep)
            r = conn.getresponse()
            data = r.read()
            with self._lock:
                self.forwarded += 1
            extra = {k: v for k, v in r.getheaders() if k.lower() == "retry-after"}
            return r.status, data, extra
        finally:
            conn.close()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def attempts_to(path_part: str = "/attempts") -> Callable[[str, str, bytes], bool]:
    return lambda method, path, body: method == "POST" and path.endswith(path_part)
