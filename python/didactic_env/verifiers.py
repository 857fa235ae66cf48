"""verifiers (the MultiTurnEnv API): the server plays the user, and its episode reward is the rubric.

``load_environment`` is what ``prime env install`` / ``vf-eval`` look for::

    env = load_environment(dataset=datasets.load_dataset("json", data_files="train.jsonl")["train"])

with rows from ``didactic data export --format verifiers`` (``prompt``, ``answer``, ``info``).
Everything runs on verifiers' event loop, so the asyncio client is used: no call blocks it.
"""

from __future__ import annotations

import inspect
from typing import Any, Optional

import verifiers as vf

from . import settings
from .client import AsyncDidacticClient
from .reference import episode_key, parse_reference


# Two generations of MultiTurnEnv: older releases ask ``is_completed(messages, state)`` and take
# ``(messages, state)`` back from ``env_response``; newer ones stop on ``@vf.stop`` predicates
# (``state["final_env_response"]`` set is one), ask ``is_completed(state)``, and take the messages alone.
_OLDER_API = "messages" in inspect.signature(vf.MultiTurnEnv.is_completed).parameters if hasattr(vf.MultiTurnEnv, "is_completed") else False


class DidacticEnv(vf.MultiTurnEnv):
    def __init__(self, didactic_url: Optional[str] = None, didactic_token: Optional[str] = None, **kwargs: Any):
        super().__init__(**kwargs)
        self.didactic = AsyncDidacticClient(settings.server_url(didactic_url), settings.server_token(didactic_token))
        self.run_prefix = settings.run_id()
        self.infra_policy = settings.on_infra_error()

    async def setup_state(self, state: dict, **kwargs: Any) -> dict:
        reference = parse_reference(state["info"], "info")
        episode = await self.didactic.start_body(reference.start_body(episode_key(self.run_prefix)))
        state["didactic"] = {"episode_id": episode["episode_id"], "attempt": 0, "reward": None, "done": False}
        return state

    async def env_response(self, messages: list, state: dict, **kwargs: Any) -> list:
        d = state["didactic"]
        text = next((m["content"] for m in reversed(messages) if m.get("role") == "assistant"), "")
        d["attempt"] += 1
        reply = await self.didactic.attempt(d["episode_id"], d["attempt"], text)
        d["reason"] = reply["reason"]
        if reply["done"]:
            d["done"] = True
            d["reward"] = settings.episode_reward(reply, self.infra_policy)
            # An empty final response ends the rollout without a trailing user turn.
            state["final_env_response"] = []
            return self._answer([], state)
        return self._answer([dict(reply["feedback"])], state)

    def _answer(self, messages: list, state: dict):
        return (messages, state) if _OLDER_API else messages

    if _OLDER_API:

        async def is_completed(self, messages: list, state: dict, **kwargs: Any) -> bool:
            if (state.get("didactic") or {}).get("done"):
                return True
            return await super().is_completed(messages, state, **kwargs)


def didactic_reward(state: dict, **kwargs: Any) -> float:
    """The server's episode reward: discount^(k-1) when solved at attempt k, else 0."""
    reward = (state.get("didactic") or {}).get("reward")
    return 0.0 if reward is None else float(reward)


def load_environment(dataset: Any = None, max_turns: int = 10, **kwargs: Any) -> DidacticEnv:
    rubric = vf.Rubric(funcs=[didactic_reward], weights=[1.0])
    return DidacticEnv(dataset=dataset, rubric=rubric, max_turns=max_turns, **kwargs)
