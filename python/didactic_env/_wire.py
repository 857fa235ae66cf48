"""What the sync and asyncio clients share: encoding, decoding, and when to retry."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from typing import Any, Mapping, Optional
from urllib.parse import quote, urlsplit

from .errors import DidacticError

# 429 is the server's backpressure; 502-504 come from proxies and a server restarting. Every
# request the client sends is safe to repeat (the server replays a stored reply for the same
# episode key or the same attempt and text), so these are retried with the same body.
RETRYABLE_STATUS = frozenset({429, 502, 503, 504})


@dataclass(frozen=True)
class Endpoint:
    scheme: str
    host: str
    port: int
    base_path: str

    @staticmethod
    def parse(url: str) -> "Endpoint":
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"server URL must be http(s)://host:port, got {url!r}")
        port = parts.port or (443 if parts.scheme == "https" else 80)
        return Endpoint(parts.scheme, parts.hostname, port, parts.path.rstrip("/"))


@dataclass
class RetryPolicy:
    """Capped exponential backoff with full jitter, so thousands of rollouts do not retry in step."""

    # Ten tries wait about 20 s in all, long enough for a server restart on its store.
    attempts: int = 10
    base: float = 0.2
    cap: float = 10.0
    rng: random.Random = field(default_factory=random.Random)

    def delay(self, failure: int, retry_after: Optional[float]) -> float:
        jittered = self.rng.uniform(0, min(self.cap, self.base * (2**failure)))
        # Retry-After is the server's own estimate; never come back sooner, jitter on top of it.
        return jittered if retry_after is None else min(self.cap, retry_after) + jittered * 0.5


def headers(token: Optional[str], body: Optional[bytes], host: str) -> dict:
    h = {"Host": host, "Accept": "application/json", "Connection": "keep-alive"}
    if body is not None:
        h["Content-Type"] = "application/json"
        h["Content-Length"] = str(len(body))
    if token:
        h["Authorization"] = f"Bearer {token}"
    return h


def encode(body: Optional[Mapping[str, Any]]) -> Optional[bytes]:
    return None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")


def path_id(value: str) -> str:
    return quote(str(value), safe="")


def retry_after(value: Optional[str]) -> Optional[float]:
    try:
        return None if value is None else max(0.0, float(value))
    except ValueError:
        return None


def decode(status: int, raw: bytes, retry_after_header: Optional[str] = None) -> Any:
    """The reply's JSON, or a DidacticError (carrying the reply's Retry-After) for an error status."""
    try:
        return _decode(status, raw)
    except DidacticError as error:
        error.retry_after = retry_after(retry_after_header)
        raise


def _decode(status: int, raw: bytes) -> Any:
    try:
        body = json.loads(raw.decode("utf-8")) if raw else None
    except (UnicodeDecodeError, json.JSONDecodeError):
        body = None
        if status < 400:
            raise DidacticError(status, "invalid_reply", f"the server sent a non-JSON body: {raw[:200]!r}", True)
    if status < 400:
        return body
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict):
        retryable = bool(error.get("retryable", status in RETRYABLE_STATUS))
        raise DidacticError(status, str(error.get("code", "error")), str(error.get("message", "")), retryable, body)
    raise DidacticError(status, "http_error", raw[:200].decode("utf-8", "replace"), status in RETRYABLE_STATUS, body)


class Api:
    """The protocol's endpoints; ``_call`` is a plain call in the sync client and a coroutine in the asyncio one."""

    def _call(self, method: str, path: str, body: Optional[Mapping[str, Any]] = None) -> Any:
        raise NotImplementedError

    def health(self):
        return self._call("GET", "/v1/health")

    def stats(self):
        return self._call("GET", "/v1/stats")

    def start(self, episode_key: str, task: Mapping[str, Any], teacher=None, max_attempts=None, discount=None):
        body: dict = {"episode_key": episode_key, "task": dict(task)}
        for name, value in (("teacher", teacher), ("max_attempts", max_attempts), ("discount", discount)):
            if value is not None:
                body[name] = value
        return self._call("POST", "/v1/episodes", body)

    def start_body(self, body: Mapping[str, Any]):
        return self._call("POST", "/v1/episodes", body)

    def attempt(self, episode_id: str, attempt: int, text: str):
        return self._call("POST", f"/v1/episodes/{path_id(episode_id)}/attempts", {"attempt": attempt, "text": text})

    def finish(self, episode_id: str, reason: Optional[str] = None):
        return self._call("POST", f"/v1/episodes/{path_id(episode_id)}/finish", {} if reason is None else {"reason": reason})

    def episode(self, episode_id: str):
        return self._call("GET", f"/v1/episodes/{path_id(episode_id)}")

    def episode_by_key(self, episode_key: str):
        return self._call("GET", f"/v1/episodes?key={path_id(episode_key)}")

    def batch(self, ops):
        return self._call("POST", "/v1/batch", {"ops": list(ops)})

    def score(self, task: Mapping[str, Any], attempts, discount=None):
        body: dict = {"task": dict(task), "attempts": list(attempts)}
        if discount is not None:
            body["discount"] = discount
        return self._call("POST", "/v1/score", body)
