"""SkyRL: DidacticEnv stepped the way SkyRL's generator steps a BaseTextEnv, from a --format skyrl row."""

from __future__ import annotations

import os
import tempfile
import unittest
from concurrent.futures import ThreadPoolExecutor

from didactic_env import DidacticClient

from . import fakes
from .common import ServerSuite
from .server import export
from .student import ScriptedStudent


def setUpModule() -> None:
    ServerSuite.up()
    fakes.install_skyrl()


def tearDownModule() -> None:
    ServerSuite.down()


def rollout(row, student, attempts_limit=10):
    """Generator loop: extras are the row minus prompt and env_class; step rewards are summed."""
    from didactic_env.skyrl import DidacticEnv

    extras = {k: v for k, v in row.items() if k not in ("prompt", "env_class")}
    env = DidacticEnv(env_config={}, extras=extras)
    messages, _ = env.init(row["prompt"])
    total, observations = 0.0, []
    for attempt in range(1, attempts_limit + 1):
        out = env.step(student.reply(messages[1]["content"], attempt))
        total += out["reward"]
        observations += out["observations"]
        if out["done"]:
            break
    env.close()
    return env, total, observations, attempt


class SkyRLEnvTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.rows = export("skyrl", os.path.join(tempfile.mkdtemp(), "train.jsonl"), "--domain", "math", "--n", "4", "--seed", "11")

    def test_step_rewards_sum_to_the_episode_reward_and_feedback_is_a_user_turn(self) -> None:
        solve_at = {t["id"]: k for t, k in zip(ServerSuite.math, (1, 2, 3, 0))}
        student = ScriptedStudent(ServerSuite.math, solve_at)
        for row, task in zip(self.rows, ServerSuite.math):
            k = solve_at[task["id"]]
            with self.subTest(solved_at=k):
                env, total, observations, attempts = rollout(row, student)
                self.assertAlmostEqual(total, 0.7 ** (k - 1) if k else 0.0)
                self.assertEqual(attempts, k or 3)
                self.assertEqual([o["role"] for o in observations], ["user"] * (attempts - 1))
                self.assertEqual(env.get_metrics()["solved"], 1.0 if k else 0.0)

    def test_envs_stepped_from_a_thread_pool_share_keep_alive_connections_safely(self) -> None:
        student = ScriptedStudent(ServerSuite.math, {t["id"]: 2 for t in ServerSuite.math})
        with ThreadPoolExecutor(8) as pool:
            results = list(pool.map(lambda i: rollout(self.rows[i % 4], student)[1], range(48)))
        for total in results:
            self.assertAlmostEqual(total, 0.7)

    def test_a_code_task_runs_through_the_sandbox_pool(self) -> None:
        from .server import tasks

        rows = export("skyrl", os.path.join(tempfile.mkdtemp(), "code.jsonl"), "--domain", "code", "--n", "1")
        task = tasks("code", 1)[0]
        wrong = "```python\ndef " + task["privileged"]["entryPoint"] + "(*args):\n    return None\n```"
        right = "```python\n" + task["privileged"]["answer"] + "```"

        class CodeStudent:
            def reply(self, shown, attempt):
                return wrong if attempt == 1 else right

        env, total, observations, attempts = rollout(rows[0], CodeStudent())
        self.assertEqual(attempts, 2)
        self.assertAlmostEqual(total, 0.7)
        self.assertEqual(len(observations), 1)
        self.assertNotIn(task["privileged"]["answer"].strip(), observations[0]["content"])

    def test_closing_an_unfinished_env_finishes_its_episode(self) -> None:
        from didactic_env.skyrl import DidacticEnv

        env = DidacticEnv(env_config={}, extras={k: v for k, v in self.rows[0].items() if k != "prompt"})
        env.init(self.rows[0]["prompt"])
        env.step("Answer: 123456")
        env.close()
        client = DidacticClient(ServerSuite.server.url)
        self.addCleanup(client.close)
        self.assertEqual(client.episode(env.episode["episode_id"])["status"], "done")


if __name__ == "__main__":
    unittest.main()
