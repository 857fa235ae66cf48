"""The server's error replies, as one exception type."""

from __future__ import annotations

from typing import Any, Optional


class DidacticError(Exception):
    """``{error: {code, message, retryable}}`` with the HTTP status it came with.

    ``status`` is 0 when no reply arrived at all (the connection failed every time).
    """

    def __init__(self, status: int, code: str, message: str, retryable: bool, body: Any = None):
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.retryable = retryable
        self.body = body
        # Seconds the server asked the client to wait (its Retry-After header), if it said.
        self.retry_after: Optional[float] = None


class FramingError(AssertionError):
    """The trainer's chat template does not extend a conversation by appending to it.

    Training on such a template would give the model token sequences it never sees at inference,
    so the adapters stop instead of guessing.
    """
