"""OpenRLHF: an agent module (``--train.agent_func_path``, ``--agent_func_path`` before 0.10) defining ``AgentExecutor``.

OpenRLHF appends ``environment_feedback`` to the token stream as raw text, tokenized with no
chat template, so the framing of the teacher's turn (the closing tail of the model's turn, the
user turn, the generation prompt) is produced here with the run's tokenizer. The step rewards
are summed by the trainer: 0 before the last step, the episode reward on it. ``label`` is the
row's task reference (``--data.label_key label`` on a ``--format openrlhf`` export).
"""

from __future__ import annotations

from typing import Any, Optional

from openrlhf.utils.agent import AgentInstanceBase, MultiTurnAgentExecutor

from . import settings
from .client import AsyncDidacticClient
from .framing import TurnFramer, assistant_tail_text
from .reference import episode_key, parse_reference


class _Scalar:
    """What OpenRLHF calls ``.item()`` on; a real tensor when torch is installed."""

    def __init__(self, value: float):
        self.value = float(value)

    def item(self) -> float:
        return self.value


def _scalar(value: float) -> Any:
    try:
        import torch
    except ImportError:
        return _Scalar(value)
    return torch.tensor(float(value))


class DidacticAgentInstance(AgentInstanceBase):
    # Set by the executor before any instance steps: instances are created with no arguments.
    tokenizer: Any = None
    client: Optional[AsyncDidacticClient] = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if DidacticAgentInstance.client is None:
            DidacticAgentInstance.client = AsyncDidacticClient(settings.server_url(), settings.server_token())
        self.infra_policy = settings.on_infra_error()

    async def reset(self, states: dict, **kwargs) -> dict:
        reference = parse_reference(states["label"], "label")
        episode = await self.client.start_body(reference.start_body(episode_key(settings.run_id())))
        self.episode_id = episode["episode_id"]
        self.attempt = 0
        self.conversation = list(episode["messages"])
        self.framer = TurnFramer(self.tokenizer)
        return {"observation": states["observation"]}

    def _attempt_text(self, action: str) -> str:
        # vLLM may or may not leave the stop marker in the decoded text; the attempt is without it.
        marker = assistant_tail_text(self.tokenizer, [*self.conversation, {"role": "assistant", "content": "x"}]).strip()
        return action[: -len(marker)] if marker and action.endswith(marker) else action

    async def step(self, states: dict, **kwargs) -> dict:
        action = states["action_text"]
        text = self._attempt_text(action)
        self.attempt += 1
        reply = await self.client.attempt(self.episode_id, self.attempt, text)
        self.conversation.append({"role": "assistant", "content": text})
        feedback = ""
        if not reply["done"]:
            content = reply["feedback"]["content"]
            feedback = self.framer.closing_tail_text(self.conversation, action) + self.framer.feedback_text(self.conversation, content)
            self.conversation.append({"role": "user", "content": content})
        step = reply["reward"]["step"]
        if step is None:
            step = settings.episode_reward(reply, self.infra_policy) or 0.0
        return {
            "rewards": _scalar(step),
            "scores": _scalar(1.0 if reply["reason"] == "solved" else 0.0),
            "environment_feedback": feedback,
            "done": reply["done"],
            "sampling_params": states.get("sampling_params"),
            "extra_logs": {"didactic_attempt": float(self.attempt), "didactic_infra_error": float(settings.infra_failed(reply))},
        }


class AgentExecutor(MultiTurnAgentExecutor):
    def __init__(self):
        super().__init__(DidacticAgentInstance)

    async def execute(self, prompt, label, sampling_params, max_length: int, hf_tokenizer, llm_engine, images=None):
        DidacticAgentInstance.tokenizer = hf_tokenizer
        return await super().execute(prompt, label, sampling_params, max_length, hf_tokenizer, llm_engine, images)
