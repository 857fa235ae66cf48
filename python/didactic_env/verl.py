"""verl ≥ 0.8: an agent loop that runs a didactic dialogue and sets ``reward_score``.

Register it in the agent-loop YAML (``actor_rollout_ref.rollout.agent.agent_loop_config_path``)::

    - name: didactic_agent
      _target_: didactic_env.verl.DidacticAgentLoop

and rows exported with ``didactic data export --format verl`` select it (``agent_name``). The loop
keeps the token stream: the model's ids go in as generated (mask 1, their logprobs), the teacher's
feedback turn is framed with the trainer's tokenizer (mask 0, logprob 0.0). The server needs no
tokens and sends none. Because ``reward_score`` is set, verl's reward manager is skipped.
"""

from __future__ import annotations

import uuid
from typing import Any, Dict, Optional, Tuple

from verl.experimental.agent_loop.agent_loop import AgentLoopBase, AgentLoopOutput, register

from . import settings
from .client import AsyncDidacticClient
from .framing import TurnFramer, render_ids
from .reference import episode_key, parse_reference


# verl builds a new agent loop object for every sample (hydra instantiate per trajectory), so the
# client, with its keep-alive pool, lives at module level: one per server and token in a worker.
_clients: Dict[Tuple[str, Optional[str]], AsyncDidacticClient] = {}


def _client(url: str, token: Optional[str]) -> AsyncDidacticClient:
    if (url, token) not in _clients:
        _clients[(url, token)] = AsyncDidacticClient(url, token)
    return _clients[(url, token)]


def _reference_of(kwargs: dict):
    extra = kwargs.get("extra_info") or {}
    value = extra.get("didactic") if isinstance(extra, dict) else None
    if value is None:
        value = (kwargs.get("interaction_kwargs") or {}).get("didactic")
    if value is None:
        raise ValueError("a didactic_agent row needs extra_info.didactic (write the data with `didactic data export --format verl`)")
    return parse_reference(value, "extra_info.didactic")


@register("didactic_agent")
class DidacticAgentLoop(AgentLoopBase):
    def __init__(self, *args, didactic_url: Optional[str] = None, didactic_token: Optional[str] = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.response_length = self.config.actor_rollout_ref.rollout.response_length
        self.didactic = _client(settings.server_url(didactic_url), settings.server_token(didactic_token))
        self.framer = TurnFramer(self.tokenizer)
        self.run_prefix = settings.run_id()
        self.infra_policy = settings.on_infra_error()

    async def run(self, sampling_params: dict, **kwargs: Any) -> AgentLoopOutput:
        reference = _reference_of(kwargs)
        key = episode_key(self.run_prefix)
        episode = await self.didactic.start_body(reference.start_body(key))
        conversation = list(episode["messages"])
        prompt_ids = render_ids(self.tokenizer, conversation, add_generation_prompt=True)
        response_ids: list = []
        mask: list = []
        logprobs: list = []
        reply = None
        truncated = False
        have_logprobs = True
        request_id = uuid.uuid4().hex  # one id for the whole dialogue keeps it on one rollout server (prefix cache)
        for attempt in range(1, episode["max_attempts"] + 1):
            budget = self.response_length - len(response_ids)
            if budget <= 0:
                truncated = True
                break
            out = await self.server_manager.generate(
                request_id=request_id, prompt_ids=prompt_ids + response_ids, sampling_params=sampling_params
            )
            generated = list(out.token_ids)[:budget]
            response_ids += generated
            mask += [1] * len(generated)
            if out.log_probs is None:
                have_logprobs = False  # the rollout was not asked for them (rollout.calculate_log_probs)
            logprobs += list(out.log_probs or [0.0] * len(generated))[: len(generated)]
            text = self.tokenizer.decode(generated, skip_special_tokens=True)
            reply = await self.didactic.attempt(episode["episode_id"], attempt, text)
            conversation.append({"role": "assistant", "content": text})
            if reply["done"]:
                break
            feedback = reply["feedback"]["content"]
            added = self.framer.closing_tail_ids(conversation, generated) + self.framer.feedback_ids(conversation, feedback)
            conversation.append({"role": "user", "content": feedback})
            if len(response_ids) + len(added) >= self.response_length:
                truncated = True
                break
            response_ids += added
            mask += [0] * len(added)
            logprobs += [0.0] * len(added)
        if truncated or reply is None or not reply["done"]:
            # Out of response budget before the dialogue ended: unsolved, and the server can let the episode go.
            reply = await self.didactic.finish(episode["episode_id"], "truncated")
        reward = settings.episode_reward(reply, self.infra_policy)
        return AgentLoopOutput(
            prompt_ids=prompt_ids,
            response_ids=response_ids,
            response_mask=mask,
            response_logprobs=logprobs if have_logprobs else None,
            reward_score=reward,
            num_turns=len(conversation),
            metrics={},
            extra_fields={
                "didactic": {
                    "episode_id": episode["episode_id"],
                    "episode_key": key,
                    "reason": reply.get("reason"),
                    "attempts": sum(1 for m in conversation if m["role"] == "assistant"),
                    "infra_error": settings.infra_failed(reply),
                    "truncated": truncated,
                }
            },
        )
