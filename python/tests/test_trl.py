"""TRL: rollout_func with lock-step turns over /v1/batch, env_mask, and the reward function."""

from __future__ import annotations

import os
import sys
import tempfile
import unittest

from didactic_env import DidacticClient

from .common import FAMILIES, ServerSuite, check_stream, transcript
from .server import export
from .student import ScriptedStudent
from .tokenizer import CharTokenizer


def setUpModule() -> None:
    ServerSuite.up()


def tearDownModule() -> None:
    ServerSuite.down()


class Args:
    def __init__(self, num_generations: int, max_completion_length: int = 100_000):
        self.num_generations = num_generations
        self.max_completion_length = max_completion_length


class VLLMGeneration:
    """trainer.vllm_generation.generate: token-id prompts in; prompt ids, completion ids, logprobs out."""

    def __init__(self, tok: CharTokenizer, student: ScriptedStudent):
        self.tok, self.student = tok, student
        self.turn = 0
        self.batch_sizes = []
        self.calls = []

    def generate(self, prompts, images=None, num_generations=1):
        self.turn += 1
        self.batch_sizes.append(len(prompts))
        completions = [self.tok.encode(self.student.reply(self.tok.decode(p), self.turn)) + [self.tok.end_of_turn_id] for p in prompts]
        self.calls += [(list(p), c) for p, c in zip(prompts, completions)]
        return prompts, completions, [[-0.5] * len(c) for c in completions], None


class Trainer:
    def __init__(self, args, generation):
        self.args, self.vllm_generation = args, generation


def spans_of(prompt, completion, calls):
    """Where each generation shown this dialogue's tokens landed in its completion."""
    spans = set()
    for shown, generated in calls:
        n = len(shown) - len(prompt)
        if n >= 0 and shown[: len(prompt)] == prompt and completion[:n] == shown[len(prompt) :]:
            if completion[n : n + len(generated)] == generated:
                spans.add((n, n + len(generated)))
    return sorted(spans)


class TrlRolloutTest(unittest.TestCase):
    def test_rollout_func_builds_each_dialogue_in_token_space_with_env_mask(self) -> None:
        from didactic_env.trl import didactic_reward, make_rollout_func

        rows = export("trl", os.path.join(tempfile.mkdtemp(), "train.jsonl"), "--domain", "math", "--n", "4", "--seed", "11")
        solve_at = {t["id"]: k for t, k in zip(ServerSuite.math, (1, 2, 3, 0))}
        for family in FAMILIES:
            with self.subTest(family=family):
                tok = CharTokenizer(family)
                client = DidacticClient(ServerSuite.server.url)
                self.addCleanup(client.close)
                generation = VLLMGeneration(tok, ScriptedStudent(ServerSuite.math, solve_at))
                rollout = make_rollout_func(client, tok, rows)
                out = rollout([r["prompt"] for r in rows], Trainer(Args(num_generations=2), generation))
                self.assertEqual(len(out["completion_ids"]), 8)
                # One generation call per turn for every live dialogue: 8, then 6, then 4.
                self.assertEqual(generation.batch_sizes, [8, 6, 4])
                expected = [0.7 ** (solve_at[t["id"]] - 1) if solve_at[t["id"]] else 0.0 for t in ServerSuite.math[:4] for _ in range(2)]
                for got, want in zip(didactic_reward(prompts=None, completions=None, didactic_reward=out["didactic_reward"]), expected):
                    self.assertAlmostEqual(got, want)
                for i in range(8):
                    prompt, completion, mask = out["prompt_ids"][i], out["completion_ids"][i], out["env_mask"][i]
                    self.assertEqual(len(out["logprobs"][i]), len(completion))
                    spans = spans_of(prompt, completion, generation.calls)
                    self.assertEqual(len(spans), out["didactic_attempts"][i])
                    messages = transcript(ServerSuite.server.url, out["didactic_episode_ids"][i])
                    check_stream(self, tok, messages, prompt, completion, mask, spans)

    def test_prompts_rendered_or_already_repeated_find_their_tasks_and_get_one_dialogue_each(self) -> None:
        from didactic_env.trl import make_rollout_func

        rows = export("trl", os.path.join(tempfile.mkdtemp(), "train.jsonl"), "--domain", "math", "--n", "2", "--seed", "11")
        tok = CharTokenizer("gemma3")
        client = DidacticClient(ServerSuite.server.url)
        self.addCleanup(client.close)
        solve_at = {t["id"]: 1 for t in ServerSuite.math}
        rollout = make_rollout_func(client, tok, rows)
        rendered = [tok.apply_chat_template(r["prompt"], tokenize=False, add_generation_prompt=True) for r in rows]
        out = rollout(rendered, Trainer(Args(num_generations=3), VLLMGeneration(tok, ScriptedStudent(ServerSuite.math, solve_at))))
        self.assertEqual(len(out["completion_ids"]), 6)
        # Rendered with template options of TRL's own: found by the task's question in the text.
        odd = ["<think-mode>" + r for r in rendered]
        out = rollout(odd, Trainer(Args(num_generations=1), VLLMGeneration(tok, ScriptedStudent(ServerSuite.math, solve_at))))
        self.assertEqual(out["didactic_reward"], [1.0, 1.0])
        repeated = [rows[0]["prompt"]] * 3 + [rows[1]["prompt"]] * 3
        out = rollout(repeated, Trainer(Args(num_generations=3), VLLMGeneration(tok, ScriptedStudent(ServerSuite.math, solve_at))))
        self.assertEqual(len(out["completion_ids"]), 6)
        self.assertEqual(out["didactic_reward"], [1.0] * 6)
        with self.assertRaisesRegex(KeyError, "not in the rows"):
            rollout([[{"role": "user", "content": "unknown"}]], Trainer(Args(1), None))

    def test_a_process_done_early_keeps_joining_the_collective_generation_calls(self) -> None:
        import types

        from didactic_env.trl import make_rollout_func

        rows = export("trl", os.path.join(tempfile.mkdtemp(), "train.jsonl"), "--domain", "math", "--n", "1", "--seed", "11")
        task = ServerSuite.math[0]
        tok = CharTokenizer("chatml")
        client = DidacticClient(ServerSuite.server.url)
        self.addCleanup(client.close)
        other_rank_turns = iter([True, True, True, False])  # the other process needs three turns

        accelerate = types.ModuleType("accelerate")
        utils = types.ModuleType("accelerate.utils")
        utils.gather_object = lambda mine: [*mine, next(other_rank_turns)]
        accelerate.utils = utils
        saved = {k: sys.modules.get(k) for k in ("accelerate", "accelerate.utils")}
        sys.modules.update({"accelerate": accelerate, "accelerate.utils": utils})
        self.addCleanup(lambda: [sys.modules.pop(k) if v is None else sys.modules.__setitem__(k, v) for k, v in saved.items()])

        generation = VLLMGeneration(tok, ScriptedStudent([task], {task["id"]: 1}))
        trainer = Trainer(Args(num_generations=1), generation)
        trainer.accelerator = types.SimpleNamespace(num_processes=2)
        out = make_rollout_func(client, tok, rows)([rows[0]["prompt"]], trainer)
        self.assertEqual(generation.batch_sizes, [1, 1, 1])
        self.assertEqual(out["didactic_reward"], [1.0])
        self.assertEqual(out["didactic_attempts"], [1])

    def test_importing_the_adapter_imports_no_trainer(self) -> None:
        import didactic_env.trl  # noqa: F401

        self.assertNotIn("trl", sys.modules)


if __name__ == "__main__":
    unittest.main()
