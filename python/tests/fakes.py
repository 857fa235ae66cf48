"""Small stand-ins for the trainers' interfaces, written from their documented signatures.

Each ``install_*`` puts modules into ``sys.modules`` under the trainer's own import paths, so the
adapters import them as they would the real thing. They hold only the contract the adapters rely
on (constructor arguments, the methods the trainer calls and the order it calls them in, the
shapes it reads back); no trainer code is copied here.
"""

from __future__ import annotations

import asyncio
import sys
import types
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional


def _module(name: str, **attrs: Any) -> types.ModuleType:
    parts = name.split(".")
    for i in range(1, len(parts)):
        parent = ".".join(parts[:i])
        sys.modules.setdefault(parent, types.ModuleType(parent))
    module = types.ModuleType(name)
    module.__dict__.update(attrs)
    sys.modules[name] = module
    return module


def _forget(prefix: str) -> None:
    for name in [m for m in sys.modules if m == prefix or m.startswith(prefix + ".")]:
        del sys.modules[name]


# --- verl ≥ 0.8: verl.experimental.agent_loop.agent_loop ---------------------------------------


@dataclass
class TokenOutput:
    token_ids: List[int]
    log_probs: Optional[List[float]] = None


@dataclass
class AgentLoopOutput:
    prompt_ids: List[int]
    response_ids: List[int]
    response_mask: List[int]
    response_logprobs: Optional[List[float]] = None
    multi_modal_data: Optional[dict] = None
    reward_score: Optional[float] = None
    num_turns: int = 0
    metrics: Any = None
    extra_fields: Dict[str, Any] = field(default_factory=dict)


class AgentLoopBase:
    def __init__(self, trainer_config, server_manager, tokenizer, processor, dataset_cls, data_config, hf_model_type=None, **kwargs):
        self.config = trainer_config.config  # verl hands the config in a wrapper
        self.server_manager = server_manager
        self.tokenizer = tokenizer
        self.processor = processor

    async def run(self, sampling_params, **kwargs) -> AgentLoopOutput:
        raise NotImplementedError


AGENT_LOOPS: Dict[str, type] = {}


def register(name: str) -> Callable[[type], type]:
    def decorate(cls: type) -> type:
        AGENT_LOOPS[name] = cls
        return cls

    return decorate


def install_verl() -> None:
    _forget("verl")
    _forget("didactic_env.verl")
    _module(
        "verl.experimental.agent_loop.agent_loop",
        AgentLoopBase=AgentLoopBase,
        AgentLoopOutput=AgentLoopOutput,
        register=register,
    )


class _Namespace:
    def __init__(self, **kw: Any):
        self.__dict__.update(kw)


def verl_config(response_length: int) -> Any:
    """The trainer config as an agent loop receives it: wrapped, with the rollout's response length."""
    return _Namespace(config=_Namespace(actor_rollout_ref=_Namespace(rollout=_Namespace(response_length=response_length))))


# --- verl ≤ 0.7: verl.interactions.base, driven as tool_agent drives it ---------------------------


class BaseInteraction:
    def __init__(self, config: dict):
        self.config = config
        self.name = config.get("name", "interaction_agent")


def install_verl_legacy() -> None:
    _forget("verl")
    _forget("didactic_env.verl_legacy")
    _module("verl.interactions.base", BaseInteraction=BaseInteraction)


async def tool_agent_dialogue(interaction, tokenizer, generate, raw_prompt, interaction_kwargs, request_id, max_turns):
    """tool_agent's INTERACTING path: generate, decode without specials, ask the interaction, append its user turn."""
    await interaction.start_interaction(request_id, **interaction_kwargs)
    messages = list(raw_prompt)
    turn_scores: List[float] = []
    for _ in range(max_turns):
        text = generate(messages)
        messages.append({"role": "assistant", "content": text})
        done, reply, score, _extra = await interaction.generate_response(request_id, messages, **interaction_kwargs)
        turn_scores.append(score)
        if done:
            break
        messages.append({"role": "user", "content": reply})
    return messages, turn_scores


# --- OpenRLHF: openrlhf.utils.agent --------------------------------------------------------------


class AgentInstanceBase:
    def __init__(self, *args, **kwargs):
        pass


class AgentExecutorBase:
    async def execute(self, prompt, label, sampling_params, max_length, hf_tokenizer, llm_engine, images=None):
        raise NotImplementedError


class MultiTurnAgentExecutor(AgentExecutorBase):
    """The documented loop: generation ids appended as they came, the feedback text tokenized alone
    (no template) and appended; only generated spans (action_ranges) are trained; rewards summed."""

    last_instance = None

    def __init__(self, agent_instance_cls):
        assert issubclass(agent_instance_cls, AgentInstanceBase)
        self.agent_instance_cls = agent_instance_cls

    async def execute(self, prompt, label, sampling_params, max_length, hf_tokenizer, llm_engine):
        instance = self.agent_instance_cls()
        MultiTurnAgentExecutor.last_instance = instance  # for the test to look the episode up afterwards
        reset = await instance.reset({"observation": prompt, "label": label})
        tokens = hf_tokenizer(reset["observation"], add_special_tokens=False)["input_ids"]
        prompt_length = len(tokens)
        action_ranges = []
        total_reward = 0.0
        scores = None
        while max_length - len(tokens) > 0:
            out = await llm_engine.generate(tokens, sampling_params)
            generated = list(out.outputs[0].token_ids)
            action_ranges.append((len(tokens), len(tokens) + len(generated)))
            step = await instance.step(
                {"observation_text": "", "action_text": out.outputs[0].text, "label": label, "sampling_params": sampling_params}
            )
            total_reward += step["rewards"].item()
            scores = step.get("scores", total_reward)
            tokens = tokens + generated + hf_tokenizer(step["environment_feedback"], add_special_tokens=False)["input_ids"]
            if step["done"]:
                break
        return {"observation_tokens": tokens, "prompt_length": prompt_length, "action_ranges": action_ranges, "reward": total_reward, "scores": scores}


@dataclass
class CompletionOutput:
    token_ids: List[int]
    text: str


@dataclass
class RequestOutput:
    outputs: List[CompletionOutput]


def install_openrlhf() -> None:
    _forget("openrlhf")
    _forget("didactic_env.openrlhf")
    _module(
        "openrlhf.utils.agent",
        AgentInstanceBase=AgentInstanceBase,
        AgentExecutorBase=AgentExecutorBase,
        MultiTurnAgentExecutor=MultiTurnAgentExecutor,
    )


# --- SkyRL: skyrl_gym.envs.base_text_env -----------------------------------------------------------


class BaseTextEnv:
    def __init__(self):
        self.turns = 0
        self.max_turns = 1

    def init(self, prompt):
        return prompt, {}

    def step(self, action: str):
        raise NotImplementedError

    def close(self):
        pass

    def get_metrics(self):
        return {}


def install_skyrl() -> None:
    _forget("skyrl_gym")
    _forget("didactic_env.skyrl")
    _module("skyrl_gym.envs.base_text_env", BaseTextEnv=BaseTextEnv)


# --- verifiers: MultiTurnEnv and Rubric -------------------------------------------------------------


class Rubric:
    def __init__(self, funcs=None, weights=None):
        self.funcs = list(funcs or [])
        self.weights = list(weights or [1.0] * len(self.funcs))

    def score(self, **kwargs) -> float:
        return sum(w * f(**kwargs) for f, w in zip(self.funcs, self.weights))


class MultiTurnEnv:
    """The newer contract: stop predicates (final_env_response among them) behind is_completed(state);
    env_response is asked for the next messages before each model turn after the first."""

    def __init__(self, dataset=None, rubric=None, max_turns: int = -1, **kwargs):
        self.dataset, self.rubric, self.max_turns = dataset, rubric, max_turns

    async def setup_state(self, state):
        return state

    async def is_completed(self, state) -> bool:
        return state.get("final_env_response") is not None or 0 < self.max_turns <= len(state["trajectory"])

    async def env_response(self, messages, state, **kwargs):
        raise NotImplementedError

    async def rollout(self, model: Callable[[list], str], prompt: list, answer: str = "", info: Any = None):
        state = {"prompt": prompt, "answer": answer, "info": info, "trajectory": []}
        state = await self.setup_state(state) or state
        messages = list(prompt)
        while not await self.is_completed(state):
            if state["trajectory"]:
                messages = messages + await self.env_response(messages, state)
                if state.get("final_env_response") is not None:
                    continue
            messages = messages + [{"role": "assistant", "content": model(messages)}]
            state["trajectory"].append(messages[-1])
        completion = messages[len(prompt) :]
        reward = self.rubric.score(prompt=prompt, completion=completion, answer=answer, state=state, info=info)
        return completion, state, reward


class OlderMultiTurnEnv:
    """The older contract: is_completed decides, env_response returns (messages, state)."""

    def __init__(self, dataset=None, rubric=None, max_turns: int = -1, **kwargs):
        self.dataset, self.rubric, self.max_turns = dataset, rubric, max_turns

    async def setup_state(self, state, **kwargs):
        return state

    async def is_completed(self, messages, state, **kwargs) -> bool:
        return 0 < self.max_turns <= state["turn"]

    async def rollout(self, model: Callable[[list], str], prompt: list, answer: str = "", info: Any = None):
        state = await self.setup_state({"prompt": prompt, "completion": [], "answer": answer, "info": info, "turn": 0})
        while not await self.is_completed(prompt + state["completion"], state):
            state["completion"].append({"role": "assistant", "content": model(prompt + state["completion"])})
            state["turn"] += 1
            if await self.is_completed(prompt + state["completion"], state):
                break
            messages, state = await self.env_response(prompt + state["completion"], state)
            state["completion"] += messages
        reward = self.rubric.score(prompt=prompt, completion=state["completion"], answer=answer, state=state, info=info)
        return state["completion"], state, reward


def install_verifiers(older: bool = False) -> None:
    _forget("verifiers")
    _forget("didactic_env.verifiers")
    _module("verifiers", MultiTurnEnv=OlderMultiTurnEnv if older else MultiTurnEnv, Rubric=Rubric)


def run(coro):
    return asyncio.run(coro)
