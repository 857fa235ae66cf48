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


class _RecordingEngine:
    """The executor's vLLM engine, remembering the token ids of the last generation.

    ``action_text`` alone cannot say whether the end-of-turn token was generated (vLLM leaves
    special tokens out of the text by default, while the ids keep it), and the closing tail
    depends on exactly that.
    """

    def __init__(self, engine: Any):
        self.engine = engine
        self.last_ids: Optional[list] = None

    async def generate(self, *args, **kwargs):
        out = await self.engine.generate(*args, **kwargs)
        try:
            self.last_ids = list(out.outputs[0].token_ids)
        except (AttributeError, IndexError, TypeError):
            self.last_ids = None
        return out

    def __getattr__(self, name: str):
        return getattr(self.engine, name)


class DidacticAgentInstance(AgentInstanceBase):
    # Bound per prompt by AgentExecutor.execute: OpenRLHF creates instances with no arguments.
    tokenizer: Any = None
    engine: Optional[_RecordingEngine] = None
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
        # With skip_special_tokens=False the decoded text keeps the stop marker; the attempt is without it.
        marker = assistant_tail_text(self.tokenizer, [*self.conversation, {"role": "assistant", "content": "x"}]).strip()
        return action[: -len(marker)] if marker and action.endswith(marker) else action

    def _closing_tail(self, action: str) -> str:
        ids = self.engine.last_ids if self.engine is not None else None
        if ids is None:
            return self.framer.closing_tail_text(self.conversation, action)
        tail = self.framer.closing_tail_ids(self.conversation, ids)
        return self.tokenizer.decode(tail, skip_special_tokens=False)

    async def step(self, states: dict, **kwargs) -> dict:
        action = states["action_text"]
        text = self._attempt_text(action)
        self.attempt += 1
        reply = await self.client.attempt(self.episode_id, self.attempt, text)
        self.conversation.append({"role": "assistant", "content": text})
        feedback = ""
        if not reply["done"]:
            content = reply["feedback"]["content"]
            feedback = self._closing_tail(action) + self.framer.feedback_text(self.conversation, content)
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

    async def execute(self, prompt, label, sampling_params, max_length, hf_tokenizer, llm_engine, *rest, **kwargs):
        # One executor serves many prompts concurrently, so each call binds its own tokenizer and
        # engine recorder into a subclass and runs OpenRLHF's own loop with it.
        engine = _RecordingEngine(llm_engine)
        bound = type("BoundDidacticAgentInstance", (DidacticAgentInstance,), {"tokenizer": hf_tokenizer, "engine": engine})
        loop = MultiTurnAgentExecutor(bound)
        return await loop.execute(prompt, label, sampling_params, max_length, hf_tokenizer, engine, *rest, **kwargs)
