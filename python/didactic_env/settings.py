"""Where the adapters find the server, and what they do with an episode the server could not judge.

Trainers build adapters in their own processes (Ray actors, vLLM engines, forked workers) from
a class path, often with no way to pass arguments, so every setting has an environment variable.
"""

from __future__ import annotations

import os
from typing import Any, Mapping, Optional

DEFAULT_URL = "http://127.0.0.1:8700"


def server_url(url: Optional[str] = None) -> str:
    return url or os.environ.get("DIDACTIC_URL") or DEFAULT_URL


def server_token(token: Optional[str] = None) -> Optional[str]:
    """The bearer token; ``DIDACTIC_ENV_TOKEN`` is the variable ``env serve`` itself reads."""
    return token or os.environ.get("DIDACTIC_ENV_TOKEN") or os.environ.get("DIDACTIC_TOKEN") or None


def run_id(value: Optional[str] = None) -> str:
    """A prefix for episode keys, so two runs against one server never share a key."""
    return value or os.environ.get("DIDACTIC_RUN_ID") or f"run-{os.getpid()}"


def on_infra_error(value: Optional[str] = None) -> str:
    """``zero`` (score 0.0 and flag the sample) or ``none`` (hand the trainer None, for trainers that drop samples).

    The server never scores a sandbox timeout or a failed teacher call as a wrong answer
    (``reward.episode`` is null); what to do with such a sample is the trainer's business.
    """
    policy = value or os.environ.get("DIDACTIC_ON_INFRA_ERROR") or "zero"
    if policy not in ("zero", "none"):
        raise ValueError(f"DIDACTIC_ON_INFRA_ERROR must be zero or none, got {policy!r}")
    return policy


def episode_reward(reply: Optional[Mapping[str, Any]], policy: str = "zero") -> Optional[float]:
    """The episode's reward from its last attempt reply (or a finish reply); 0.0 if it never finished."""
    if not reply or not reply.get("done", reply.get("status") == "done"):
        return 0.0
    value = (reply.get("reward") or {}).get("episode")
    if value is None:
        return 0.0 if policy == "zero" else None
    return float(value)


def infra_failed(reply: Optional[Mapping[str, Any]]) -> bool:
    return bool(reply) and reply.get("reason") == "infra_error"
