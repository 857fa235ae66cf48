"""SkyRL: ``DidacticEnv``, a ``BaseTextEnv`` whose observations are the teacher's feedback turns.

Register it in the Ray entrypoint::

    from skyrl_gym.envs import register
    register(id="didactic", entry_point="didactic_env.skyrl:DidacticEnv")

Rows from ``didactic data export --format skyrl`` name ``env_class: didactic`` and carry the task
reference in ``extra_info.didactic``. SkyRL steps environments in a thread pool, so the blocking
client is the right one; each thread keeps its own keep-alive connection.
"""

from __future__ import annotations

from typing import Any, Dict, Optional

from skyrl_gym.envs.base_text_env import BaseTextEnv

from . import settings
from .client import DidacticClient
from .reference import episode_key, parse_reference

_clients: Dict[str, DidacticClient] = {}


def _client(url: str, token: Optional[str]) -> DidacticClient:
    if url not in _clients:
        _clients[url] = DidacticClient(url, token)
    return _clients[url]


class DidacticEnv(BaseTextEnv):
    def __init__(self, env_config: Any = None, extras: Optional[dict] = None):
        super().__init__()
        extras = extras or {}
        config = dict(env_config or {})
        extra_info = extras.get("extra_info") or {}
        value = extra_info.get("didactic") if isinstance(extra_info, dict) else None
        self.reference = parse_reference(value if value is not None else extras.get("didactic"), "extra_info.didactic")
        self.client = _client(settings.server_url(config.get("url")), settings.server_token(config.get("token")))
        self.run_prefix = settings.run_id(config.get("run_id"))
        self.infra_policy = settings.on_infra_error(config.get("on_infra_error"))
        self.episode: Optional[dict] = None
        self.attempt = 0
        self.last: Optional[dict] = None

    def init(self, prompt: Any):
        self.episode = self.client.start_body(self.reference.start_body(episode_key(self.run_prefix)))
        self.max_turns = self.episode["max_attempts"]
        return list(self.episode["messages"]), {"episode_id": self.episode["episode_id"]}

    def step(self, action: str) -> dict:
        self.attempt += 1
        self.turns = self.attempt
        reply = self.client.attempt(self.episode["episode_id"], self.attempt, action)
        self.last = reply
        done = reply["done"]
        reward = reply["reward"]["step"]
        if done:
            reward = settings.episode_reward(reply, self.infra_policy)
        return {
            "observations": [] if done else [dict(reply["feedback"])],
            "reward": 0.0 if reward is None else reward,
            "done": done,
            "metadata": {"verdict": reply["verdict"]["status"], "reason": reply["reason"], "attempt": self.attempt},
        }

    def get_metrics(self) -> dict:
        solved = bool(self.last and self.last.get("reason") == "solved")
        return {"solved": float(solved), "attempts": float(self.attempt)}

    def close(self) -> None:
        if self.episode is not None and not (self.last and self.last["done"]):
            self.client.finish(self.episode["episode_id"], "truncated")
