"""verl ≤ 0.7: DidacticInteraction driven the way tool_agent drives an interaction, and compute_score."""

from __future__ import annotations

import json
import os
import tempfile
import unittest
import uuid

from . import fakes
from .common import ServerSuite
from .server import export
from .student import ScriptedStudent


def setUpModule() -> None:
    ServerSuite.up()
    fakes.install_verl_legacy()


def tearDownModule() -> None:
    ServerSuite.down()


class VerlInteractionTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        out = os.path.join(tempfile.mkdtemp(), "train.jsonl")
        rows = export("verl-0.7", out, "--domain", "math", "--n", str(len(ServerSuite.math)), "--seed", "11")
        cls.rows = {json.loads(r["extra_info"]["didactic"])["task"]["id"]: r for r in rows}

    def dialogue(self, task, k, max_turns=3, request_id=None):
        from didactic_env.verl_legacy import DidacticInteraction

        interaction = DidacticInteraction({"name": "didactic"})
        student = ScriptedStudent([task], {task["id"]: k})
        kwargs = self.rows[task["id"]]["extra_info"]["interaction_kwargs"]
        prompt = [{"role": "user", "content": task["prompt"]}]
        attempts = iter(range(1, 10))
        return fakes.run(
            fakes.tool_agent_dialogue(
                interaction,
                None,
                lambda messages: student.reply(messages[-1]["content"] if len(messages) == 1 else task["prompt"], next(attempts)),
                prompt,
                kwargs,
                request_id or uuid.uuid4().hex,
                max_turns,
            )
        )

    def test_turn_scores_carry_the_episode_reward_on_the_last_turn_and_compute_score_reads_it(self) -> None:
        from didactic_env.verl_legacy import compute_score

        for k, task in zip((1, 2, 3, 0), ServerSuite.math):
            with self.subTest(solved_at=k):
                messages, scores = self.dialogue(task, k)
                self.assertEqual(len(scores), k or 3)
                self.assertTrue(all(s == 0.0 for s in scores[:-1]))
                reward = compute_score("didactic/math", "…", "", {"turn_scores": scores})
                self.assertAlmostEqual(reward, 0.7 ** (k - 1) if k else 0.0)
                feedback = [m for m in messages if m["role"] == "user"][1:]
                self.assertEqual(len(feedback), (k or 3) - 1)
                self.assertTrue(all(m["content"] for m in feedback))

    def test_the_same_request_id_resumes_the_same_episode(self) -> None:
        rid = uuid.uuid4().hex
        task = ServerSuite.math[6]
        _, first = self.dialogue(task, 2, request_id=rid)
        _, again = self.dialogue(task, 2, request_id=rid)
        self.assertEqual(first, again)

    def test_compute_score_refuses_a_row_that_ran_no_interaction(self) -> None:
        from didactic_env.verl_legacy import compute_score

        with self.assertRaisesRegex(ValueError, "turn_scores"):
            compute_score("didactic/math", "Answer: 5", "", {})


if __name__ == "__main__":
    unittest.main()
