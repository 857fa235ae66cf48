"""verifiers: the MultiTurnEnv adapter in a rollout loop, its rubric, and load_environment."""

from __future__ import annotations

import os
import tempfile
import unittest

from . import fakes
from .common import ServerSuite
from .server import export
from .student import ScriptedStudent


def setUpModule() -> None:
    ServerSuite.up()


def tearDownModule() -> None:
    ServerSuite.down()


class VerifiersEnvTest(unittest.TestCase):
    def test_rollouts_end_when_the_server_says_done_and_the_rubric_is_the_episode_reward(self) -> None:
        for older in (False, True):
            with self.subTest(api="is_completed and (messages, state)" if older else "stop predicates"):
                fakes.install_verifiers(older)
                self.check_rollouts()

    def check_rollouts(self) -> None:
        from didactic_env.verifiers import load_environment

        rows = export("verifiers", os.path.join(tempfile.mkdtemp(), "train.jsonl"), "--domain", "math", "--n", "4", "--seed", "11")
        env = load_environment(dataset=rows)
        self.assertIs(env.dataset, rows)
        solve_at = {t["id"]: k for t, k in zip(ServerSuite.math, (1, 2, 3, 0))}
        student = ScriptedStudent(ServerSuite.math, solve_at)
        for row, task in zip(rows, ServerSuite.math):
            k = solve_at[task["id"]]
            with self.subTest(solved_at=k):
                self.assertEqual(row["answer"], "")

                def model(messages, _task=task):
                    return student.reply(_task["prompt"], sum(1 for m in messages if m["role"] == "assistant") + 1)

                completion, state, reward = fakes.run(env.rollout(model, row["prompt"], row["answer"], row["info"]))
                self.assertAlmostEqual(reward, 0.7 ** (k - 1) if k else 0.0)
                roles = [m["role"] for m in completion]
                self.assertEqual(roles, ["assistant", "user"] * ((k or 3) - 1) + ["assistant"])
                self.assertTrue(state["didactic"]["done"])


if __name__ == "__main__":
    unittest.main()
