"""The clients against the real server: the protocol's replies, rewards, idempotency, errors, asyncio at load."""

from __future__ import annotations

import asyncio
import json
import os
import tempfile
import time
import unittest
import uuid

from didactic_env import AsyncDidacticClient, DidacticClient, DidacticError, parse_reference

from .server import EnvServer, export, tasks
from .student import ScriptedStudent

server: EnvServer
MATH: list


def setUpModule() -> None:
    global server, MATH
    server = EnvServer()
    MATH = tasks("math", 12, seed=5)


def tearDownModule() -> None:
    server.stop()


def key() -> str:
    return f"test/{uuid.uuid4().hex}"


def run_episode(client: DidacticClient, task: dict, solve_at: int, **start):
    student = ScriptedStudent([task], {task["id"]: solve_at})
    episode = client.start(key(), {"domain": "math", "id": task["id"]}, **start)
    replies = []
    for attempt in range(1, episode["max_attempts"] + 1):
        reply = client.attempt(episode["episode_id"], attempt, student.reply(task["prompt"], attempt))
        replies.append(reply)
        if reply["done"]:
            break
    return episode, replies


class SyncClientTest(unittest.TestCase):
    def setUp(self) -> None:
        self.client = DidacticClient(server.url)

    def tearDown(self) -> None:
        self.client.close()

    def test_health_names_the_protocol_and_domains(self) -> None:
        health = self.client.health()
        self.assertEqual(health["status"], "ok")
        self.assertEqual(health["protocol"], 1)
        self.assertIn("math", health["domains"])

    def test_reward_is_discount_to_the_power_of_the_extra_attempts(self) -> None:
        for k in (1, 2, 3):
            episode, replies = run_episode(self.client, MATH[k], k)
            self.assertEqual(len(replies), k)
            for early in replies[:-1]:
                self.assertFalse(early["done"])
                self.assertEqual(early["reward"], {"step": 0, "episode": None})
                self.assertEqual(early["feedback"]["role"], "user")
            last = replies[-1]
            self.assertEqual((last["done"], last["reason"], last["feedback"]), (True, "solved", None))
            self.assertAlmostEqual(last["reward"]["episode"], 0.7 ** (k - 1))
            self.assertAlmostEqual(last["reward"]["step"], last["reward"]["episode"])

    def test_an_unsolved_episode_scores_zero_after_max_attempts(self) -> None:
        _, replies = run_episode(self.client, MATH[4], 0, max_attempts=2)
        self.assertEqual(len(replies), 2)
        self.assertEqual((replies[-1]["reason"], replies[-1]["reward"]["episode"]), ("max_attempts", 0))

    def test_the_same_key_replays_and_the_same_attempt_replays_its_stored_reply(self) -> None:
        k = key()
        task = {"domain": "math", "id": MATH[5]["id"]}
        first = self.client.start(k, task)
        self.assertEqual(self.client.start(k, task), first)
        reply = self.client.attempt(first["episode_id"], 1, "Answer: 1")
        self.assertEqual(self.client.attempt(first["episode_id"], 1, "Answer: 1"), reply)
        resumed = self.client.episode_by_key(k)
        self.assertEqual((resumed["episode_id"], resumed["attempt"]), (first["episode_id"], 1))

    def test_conflicts_are_raised_at_once_and_never_retried(self) -> None:
        k = key()
        first = self.client.start(k, {"domain": "math", "id": MATH[6]["id"]})
        began = time.monotonic()
        with self.assertRaises(DidacticError) as caught:
            self.client.start(k, {"domain": "math", "id": MATH[7]["id"]})
        self.assertEqual((caught.exception.status, caught.exception.retryable), (409, False))
        self.client.attempt(first["episode_id"], 1, "Answer: 1")
        with self.assertRaises(DidacticError) as caught:
            self.client.attempt(first["episode_id"], 1, "Answer: 2")
        self.assertEqual(caught.exception.status, 409)
        with self.assertRaises(DidacticError) as caught:
            self.client.attempt(first["episode_id"], 3, "Answer: 2")
        self.assertEqual(caught.exception.status, 409)
        self.assertLess(time.monotonic() - began, 2.0)

    def test_bad_input_names_the_field_and_the_server_stays_up(self) -> None:
        with self.assertRaises(DidacticError) as caught:
            self.client.start(key(), {"domain": "no-such-domain", "id": "x"})
        self.assertGreaterEqual(caught.exception.status, 400)
        self.assertLess(caught.exception.status, 500)
        with self.assertRaises(DidacticError) as caught:
            self.client._call("POST", "/v1/episodes", {"episode_key": 5, "task": {"domain": "math", "id": "x"}})
        self.assertIn("episode_key", caught.exception.message)
        self.assertEqual(self.client.health()["status"], "ok")

    def test_no_reference_answer_or_hidden_test_in_any_reply(self) -> None:
        code = tasks("code", 3)
        for task in code:
            episode = self.client.start(key(), {"domain": "code", "id": task["id"]})
            wrong = "```python\ndef f(*a):\n    return None\n```"
            reply = self.client.attempt(episode["episode_id"], 1, wrong)
            text = json.dumps([episode, reply, self.client.episode(episode["episode_id"])])
            self.assertNotIn(task["privileged"]["answer"].strip(), text)
            hidden = [t["call"] for t in task["privileged"]["tests"] if t["call"] not in task["prompt"]]
            for call in hidden:
                self.assertNotIn(call, text)

    def test_score_judges_a_finished_dialogue_statelessly(self) -> None:
        task = MATH[8]
        scored = self.client.score({"domain": "math", "id": task["id"]}, ["Answer: 1", f"Answer: {task['privileged']['answer']}"])
        self.assertAlmostEqual(scored["reward"], 0.7)
        self.assertEqual(scored["solved_at"], 2)


class TaskFileTest(unittest.TestCase):
    def test_an_exported_file_task_resolves_on_a_server_started_with_the_file_only(self) -> None:
        folder = tempfile.mkdtemp()
        file = os.path.join(folder, "mazes.jsonl")
        records = [{**t, "id": f"my-maze-{i}"} for i, t in enumerate(tasks("maze", 2, seed=9))]
        with open(file, "w", encoding="utf-8") as f:
            f.writelines(json.dumps(r) + "\n" for r in records)
        rows = export("trl", os.path.join(folder, "train.jsonl"), "--domain", "maze", "--data", file, "--n", "2")
        loaded = EnvServer("--data", f"maze={file}")
        self.addCleanup(loaded.stop)
        with_file = DidacticClient(loaded.url)
        self.addCleanup(with_file.close)
        for row, record in zip(rows, records):
            body = parse_reference(row["didactic"]).start_body(key())
            self.assertEqual(body["task"], {"domain": "maze", "id": record["id"]})
            self.assertEqual(with_file.start_body(body)["messages"][-1]["content"], record["prompt"])
        without = DidacticClient(server.url)
        self.addCleanup(without.close)
        with self.assertRaises(DidacticError) as caught:
            without.start_body(parse_reference(rows[0]["didactic"]).start_body(key()))
        self.assertIn(caught.exception.status, (400, 404))


class TokenTest(unittest.TestCase):
    def test_a_server_started_with_a_token_refuses_clients_without_it(self) -> None:
        guarded = EnvServer("--token", "s3cret")
        self.addCleanup(guarded.stop)
        with_token = DidacticClient(guarded.url, token="s3cret")
        without = DidacticClient(guarded.url)
        self.addCleanup(with_token.close)
        self.addCleanup(without.close)
        task = {"domain": "math", "id": MATH[0]["id"]}
        self.assertEqual(with_token.start(key(), task)["attempt"], 0)
        with self.assertRaises(DidacticError) as caught:
            without.start(key(), task)
        self.assertEqual((caught.exception.status, caught.exception.retryable), (401, False))


class AsyncClientTest(unittest.TestCase):
    def test_hundreds_of_concurrent_episodes_over_a_small_keep_alive_pool(self) -> None:
        async def main():
            client = AsyncDidacticClient(server.url, max_connections=16)
            student = ScriptedStudent(MATH, {t["id"]: 1 + i % 3 for i, t in enumerate(MATH)})

            async def one(i: int):
                task = MATH[i % len(MATH)]
                episode = await client.start(key(), {"domain": "math", "id": task["id"]})
                for attempt in range(1, 4):
                    reply = await client.attempt(episode["episode_id"], attempt, student.reply(task["prompt"], attempt))
                    if reply["done"]:
                        return attempt, reply["reward"]["episode"]
                return None

            try:
                return await asyncio.gather(*(one(i) for i in range(240)))
            finally:
                await client.close()

        results = asyncio.run(main())
        self.assertEqual(len(results), 240)
        for i, (attempt, reward) in enumerate(results):
            self.assertEqual(attempt, 1 + (i % len(MATH)) % 3)
            self.assertAlmostEqual(reward, 0.7 ** (attempt - 1))


if __name__ == "__main__":
    unittest.main()
