"""verl ≤ 0.7: a ``BaseInteraction`` that plays the teacher, and the ``compute_score`` that reads its reward.

verl 0.8 removed ``verl.interactions``; use ``didactic_env.verl`` there. Interaction config::

    interaction:
      - name: didactic
        class_name: didactic_env.verl_legacy.DidacticInteraction
        config: {url: "http://10.0.0.5:8700"}

Rows from ``didactic data export --format verl-0.7`` carry ``agent_name: tool_agent`` and
``extra_info.interaction_kwargs = {name: didactic, didactic: <reference>}``, which tool_agent
splats into ``start_interaction``. Set ``multi_turn.max_assistant_turns`` and ``max_user_turns``
to at least the episode's attempts: tool_agent checks them before calling the interaction, so a
lower limit silently leaves the last attempt unjudged. verl never calls
``finalize_interaction``; the episode ends itself (done) or expires on the server.
"""

from __future__ import annotations

from typing import Any, Optional

from verl.interactions.base import BaseInteraction

from . import settings
from .client import AsyncDidacticClient, DidacticClient
from .reference import episode_key, parse_reference


class DidacticInteraction(BaseInteraction):
    def __init__(self, config: dict):
        super().__init__(config)
        self.didactic = AsyncDidacticClient(settings.server_url(config.get("url")), settings.server_token(config.get("token")))
        self.run_prefix = settings.run_id(config.get("run_id"))
        self.infra_policy = settings.on_infra_error(config.get("on_infra_error"))
        self._open: dict = {}
        self._rewards: dict = {}

    async def start_interaction(self, instance_id: Optional[str] = None, didactic: Any = None, **kwargs) -> str:
        reference = parse_reference(didactic, "interaction_kwargs.didactic")
        # tool_agent passes its own request id: a stable key, so a repeated start resumes the same episode.
        key = episode_key(self.run_prefix, instance_id)
        episode = await self.didactic.start_body(reference.start_body(key))
        self._open[instance_id] = {"episode_id": episode["episode_id"], "attempt": 0}
        return instance_id

    async def generate_response(self, instance_id: str, messages: list, **kwargs) -> tuple:
        state = self._open[instance_id]
        text = next((m["content"] for m in reversed(messages) if m.get("role") == "assistant"), "")
        state["attempt"] += 1
        reply = await self.didactic.attempt(state["episode_id"], state["attempt"], text)
        extra = {"attempt": reply["attempt"], "verdict": reply["verdict"]["status"], "reason": reply["reason"]}
        if reply["done"]:
            del self._open[instance_id]
            reward = settings.episode_reward(reply, self.infra_policy)
            self._rewards[instance_id] = reward
            return True, "", reward, extra
        return False, reply["feedback"]["content"], 0.0, extra

    async def calculate_score(self, instance_id: Optional[str] = None, **kwargs) -> float:
        return self._rewards.get(instance_id) or 0.0

    async def finalize_interaction(self, instance_id: Optional[str] = None, **kwargs) -> None:
        state = self._open.pop(instance_id, None)
        if state is not None:
            await self.didactic.finish(state["episode_id"], "truncated")
        self._rewards.pop(instance_id, None)


def compute_score(data_source: str, solution_str: str, ground_truth: str, extra_info: Optional[dict] = None, **kwargs) -> float:
    """The episode reward the interaction returned as its last turn score (earlier turns score 0).

    ``solution_str`` is the whole decoded response span (every attempt and the feedback between),
    so it is not re-judged here. Point ``custom_reward_function.path`` at this file and ``name`` at
    ``compute_score``. Without turn scores (a row that ran no interaction) the dialogue did not
    happen, and that is an error rather than a silent 0.
    """
    scores = (extra_info or {}).get("turn_scores")
    if scores is None:
        raise ValueError(f"{data_source}: no turn_scores in extra_info; did the row run tool_agent with the didactic interaction?")
    return float(sum(s for s in scores if s is not None))


def rescore(task: dict, attempts: list, url: Optional[str] = None, discount: Optional[float] = None) -> float:
    """Re-check a finished dialogue's attempts with the server's stateless /v1/score (offline audits)."""
    with_client = DidacticClient(settings.server_url(url), settings.server_token())
    try:
        return float(with_client.score(task, attempts, discount)["reward"] or 0.0)
    finally:
        with_client.close()
