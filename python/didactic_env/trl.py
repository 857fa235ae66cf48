"""TRL: a ``rollout_func`` that runs didactic dialogues with feedback as a user turn, and its reward function.

Why not ``environment_factory``: TRL turns an environment's replies into tool results, which
needs a template that renders a tool role, and GRPOTrainer refuses Gemma 3's. Here the whole
dialogue is built in token space: each turn generates for every live episode in one call,
judges every attempt in one ``POST /v1/batch``, and appends the teacher's framed turn with
``env_mask`` 0, so only the model's own tokens are trained::

    rows = [json.loads(l) for l in open("train.jsonl")]          # didactic data export --format trl
    client = DidacticClient("http://127.0.0.1:8700")
    trainer = GRPOTrainer(model=..., reward_funcs=[didactic_reward], train_dataset=Dataset.from_list(rows),
                          args=GRPOConfig(use_vllm=True, ...),
                          rollout_func=make_rollout_func(client, tokenizer, rows))

Importing this module does not import TRL: the function only uses ``trainer.args`` and
``trainer.vllm_generation``.
"""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional, Sequence

from . import settings
from .client import DidacticClient
from .errors import DidacticError
from .framing import TurnFramer, render_ids
from .reference import TaskReference, episode_key, parse_reference


def _prompt_key(prompt: Any) -> str:
    if isinstance(prompt, str):
        return prompt
    return "\x1e".join(f"{m['role']}\x1f{m['content']}" for m in prompt)


class _References:
    """Find a row's task reference from the prompt TRL hands rollout_func.

    Depending on the TRL version that is the row's message list or the same messages already
    rendered with the chat template, so both are indexed.
    """

    def __init__(self, rows: Sequence[Mapping[str, Any]], tokenizer: Any):
        self.by_key: Dict[str, TaskReference] = {}
        self.by_question: List[tuple] = []
        for i, row in enumerate(rows):
            reference = parse_reference(row["didactic"], f"rows[{i}].didactic")
            self.by_key[_prompt_key(row["prompt"])] = reference
            if not isinstance(row["prompt"], str):
                rendered = tokenizer.apply_chat_template(list(row["prompt"]), tokenize=False, add_generation_prompt=True)
                self.by_key.setdefault(rendered, reference)
                question = next((m["content"] for m in reversed(row["prompt"]) if m["role"] == "user"), None)
                if question:
                    self.by_question.append((question, reference))

    def __getitem__(self, prompt: Any) -> TaskReference:
        reference = self.by_key.get(_prompt_key(prompt))
        if reference is None and isinstance(prompt, str):
            # Rendered with template options of TRL's own (chat_template_kwargs): find the task's question in it.
            found = {id(r): r for q, r in self.by_question if q in prompt}
            reference = next(iter(found.values())) if len(found) == 1 else None
        if reference is None:
            raise KeyError("a prompt that is not in the rows given to make_rollout_func; pass the training rows")
        return reference


def _anyone_live(trainer: Any, mine: bool) -> bool:
    """Whether any process still has an open dialogue; every process loops until none has."""
    accelerator = getattr(trainer, "accelerator", None)
    if accelerator is None or getattr(accelerator, "num_processes", 1) <= 1:
        return mine
    from accelerate.utils import gather_object  # present wherever TRL runs on several processes

    return any(gather_object([mine]))


def _duplicated(prompts: List[Any], generations: int) -> bool:
    """True when TRL already repeated each prompt once per generation (some versions do, some do not)."""
    if generations <= 1 or len(prompts) % generations:
        return False
    keys = [_prompt_key(p) for p in prompts]
    return all(keys[i] == keys[i - i % generations] for i in range(len(keys)))


def _check(result: Mapping[str, Any], what: str) -> Mapping[str, Any]:
    if "error" in result:
        e = result["error"]
        raise DidacticError(400, e.get("code", "error"), f"{what}: {e.get('message', '')}", bool(e.get("retryable")), result)
    return result


class _Dialogue:
    def __init__(self, start: Mapping[str, Any], tokenizer: Any):
        self.id = start["episode_id"]
        self.conversation = list(start["messages"])
        self.prompt_ids = render_ids(tokenizer, self.conversation, add_generation_prompt=True)
        self.completion: List[int] = []
        self.mask: List[int] = []
        self.logprobs: List[float] = []
        self.attempt = 0
        self.reply: Optional[Mapping[str, Any]] = None
        self.open = True


def make_rollout_func(
    client: DidacticClient,
    tokenizer: Any,
    rows: Sequence[Mapping[str, Any]],
    framing_base: Optional[Sequence[Mapping[str, Any]]] = None,
    run: Optional[str] = None,
):
    """``rollout_func(prompts, trainer)`` for the rows of a ``--format trl`` export (their prompt finds their reference).

    It returns ``num_generations`` dialogues per distinct prompt: when TRL hands each prompt once it
    starts that many episodes of it, when TRL already repeated it, one per entry.
    """
    references = _References(rows, tokenizer)
    framer = TurnFramer(tokenizer, framing_base)
    prefix = settings.run_id(run)
    policy = settings.on_infra_error()

    def rollout_func(prompts: List[Any], trainer: Any, *older: Any) -> Dict[str, Any]:
        if older or not hasattr(trainer, "vllm_generation"):
            raise TypeError(
                "rollout_func(prompts, trainer) needs a TRL whose GRPOTrainer passes itself and has vllm_generation "
                "(use_vllm=True); older releases called rollout_func(prompts, args, processing_class)"
            )
        generations = int(getattr(trainer.args, "num_generations", 1))
        per_prompt = 1 if _duplicated(prompts, generations) else generations
        budget = int(getattr(trainer.args, "max_completion_length", None) or 1 << 30)
        ops = []
        for prompt in prompts:
            reference = references[prompt]
            ops += [{"op": "start", **reference.start_body(episode_key(prefix))} for _ in range(per_prompt)]
        started = client.batch(ops)["results"]
        dialogues = [_Dialogue(_check(s, "start"), tokenizer) for s in started]
        while _anyone_live(trainer, any(d.open for d in dialogues)):
            live = [d for d in dialogues if d.open]
            # Generation is collective across processes (vLLM server mode gathers every rank's prompts),
            # so a process whose dialogues have all ended still takes part, with one throwaway prompt.
            shown = [d.prompt_ids + d.completion for d in live] or [dialogues[0].prompt_ids]
            _, completions, logprobs, *_ = trainer.vllm_generation.generate(prompts=shown, images=None, num_generations=1)
            if not live:
                continue
            ops = []
            for d, ids, lps in zip(live, completions, logprobs):
                ids = list(ids)[: max(0, budget - len(d.completion))]
                d.completion += ids
                d.mask += [1] * len(ids)
                d.logprobs += [float(lp[0] if isinstance(lp, (list, tuple)) else lp) for lp in list(lps)[: len(ids)]]
                d.attempt += 1
                text = tokenizer.decode(ids, skip_special_tokens=True)
                d.conversation.append({"role": "assistant", "content": text})
                ops.append({"op": "attempt", "episode_id": d.id, "attempt": d.attempt, "text": text})
            replies = client.batch(ops)["results"]
            finishes = []
            for d, reply in zip(live, replies):
                d.reply = _check(reply, "attempt")
                if d.reply["done"]:
                    d.open = False
                    continue
                feedback = d.reply["feedback"]["content"]
                added = framer.closing_tail_ids(d.conversation, d.completion) + framer.feedback_ids(d.conversation, feedback)
                d.conversation.append({"role": "user", "content": feedback})
                if len(d.completion) + len(added) >= budget:
                    d.open = False
                    finishes.append(d)
                    continue
                d.completion += added
                d.mask += [0] * len(added)
                d.logprobs += [0.0] * len(added)
            if finishes:
                ended = client.batch([{"op": "finish", "episode_id": d.id, "reason": "truncated"} for d in finishes])["results"]
                for d, state in zip(finishes, ended):
                    d.reply = _check(state, "finish")
        return {
            "prompt_ids": [d.prompt_ids for d in dialogues],
            "completion_ids": [d.completion for d in dialogues],
            "logprobs": [d.logprobs for d in dialogues],
            "env_mask": [d.mask for d in dialogues],
            "didactic_reward": [settings.episode_reward(d.reply, policy) for d in dialogues],
            "didactic_attempts": [d.attempt for d in dialogues],
            "didactic_episode_ids": [d.id for d in dialogues],
        }

    return rollout_func


def didactic_reward(prompts=None, completions=None, didactic_reward=None, **kwargs) -> List[Optional[float]]:
    """The reward function: the episode rewards rollout_func computed (None abstains, for infra failures under policy ``none``)."""
    if didactic_reward is None:
        raise ValueError("didactic_reward needs the rollout_func from make_rollout_func")
    return list(didactic_reward)
