"""Faults between client and server: delays past the timeout, 429s, dropped connections, a SIGKILL mid-episode."""

from __future__ import annotations

import asyncio
import json
import threading
import time
import unittest
import uuid

from didactic_env import AsyncDidacticClient, DidacticClient, DidacticError
from didactic_env._wire import RetryPolicy

from . import fakes
from .faults import FaultProxy, attempts_to
from .server import EnvServer, tasks
from .student import ScriptedStudent
from .tokenizer import CharTokenizer

server: EnvServer
proxy: FaultProxy
MATH: list


def setUpModule() -> None:
    global server, proxy, MATH
    server = EnvServer()
    proxy = FaultProxy(server.url)
    MATH = tasks("math", 8, seed=21)


def tearDownModule() -> None:
    proxy.close()
    server.stop()


def key() -> str:
    return f"faults/{uuid.uuid4().hex}"


def starts(method: str, path: str, body: bytes) -> bool:
    return method == "POST" and path == "/v1/episodes"


class FaultTest(unittest.TestCase):
    def setUp(self) -> None:
        proxy.plan.clear()
        self.client = DidacticClient(proxy.url, timeout=5.0, retry=RetryPolicy(attempts=10, base=0.05, cap=2.0))
        self.direct = DidacticClient(server.url)

    def tearDown(self) -> None:
        self.client.close()
        self.direct.close()

    def start(self, task):
        return self.client.start(key(), {"domain": "math", "id": task["id"]})

    def test_429s_are_retried_after_retry_after_and_never_reach_the_server(self) -> None:
        episode = self.start(MATH[0])
        proxy.inject("429", attempts_to(), times=2, arg=1)
        before = proxy.forwarded
        began = time.monotonic()
        reply = self.client.attempt(episode["episode_id"], 1, f"Answer: {MATH[0]['privileged']['answer']}")
        self.assertGreaterEqual(time.monotonic() - began, 2.0)
        self.assertEqual(proxy.forwarded - before, 1)
        self.assertEqual(reply["reason"], "solved")

    def test_a_dropped_start_is_retried_into_one_episode(self) -> None:
        proxy.inject("drop", starts)
        k = key()
        episode = self.client.start(k, {"domain": "math", "id": MATH[1]["id"]})
        self.assertEqual(self.direct.episode_by_key(k)["episode_id"], episode["episode_id"])

    def test_a_reply_lost_after_the_server_committed_is_replayed_not_judged_twice(self) -> None:
        episode = self.start(MATH[2])
        proxy.inject("drop_after", attempts_to())
        reply = self.client.attempt(episode["episode_id"], 1, "Answer: 1")
        state = self.direct.episode(episode["episode_id"])
        self.assertEqual((state["attempt"], len(state["verdicts"])), (1, 1))
        self.assertEqual(self.direct.attempt(episode["episode_id"], 1, "Answer: 1"), reply)
        last = self.client.attempt(episode["episode_id"], 2, f"Answer: {MATH[2]['privileged']['answer']}")
        self.assertAlmostEqual(last["reward"]["episode"], 0.7)

    def test_a_request_delayed_past_the_timeout_is_retried_and_both_copies_agree(self) -> None:
        impatient = DidacticClient(proxy.url, timeout=0.5, retry=RetryPolicy(attempts=6, base=0.05, cap=0.5))
        self.addCleanup(impatient.close)
        episode = self.start(MATH[3])
        proxy.inject("delay", attempts_to(), arg=1.5)
        reply = impatient.attempt(episode["episode_id"], 1, "Answer: 1")
        time.sleep(1.6)  # let the delayed copy arrive; it must be answered with the stored reply, not a conflict
        state = self.direct.episode(episode["episode_id"])
        self.assertEqual(len(state["verdicts"]), 1)
        self.assertEqual(self.direct.attempt(episode["episode_id"], 1, "Answer: 1"), reply)

    def test_conflicts_are_not_retried(self) -> None:
        episode = self.start(MATH[4])
        self.client.attempt(episode["episode_id"], 1, "Answer: 1")
        before = proxy.forwarded
        with self.assertRaises(DidacticError) as caught:
            self.client.attempt(episode["episode_id"], 1, "Answer: 2")
        self.assertEqual(caught.exception.status, 409)
        self.assertEqual(proxy.forwarded - before, 1)

    def test_a_server_killed_mid_episode_replays_and_continues_after_restart(self) -> None:
        task = MATH[5]
        episode = self.start(task)
        first = self.client.attempt(episode["episode_id"], 1, "Answer: 1")
        self.assertFalse(first["done"])

        def restart():
            server.restart()
            proxy.upstream = server.url

        server.kill()
        threading.Thread(target=restart, daemon=True).start()
        # Sent while the server is down: connection failures, retried until the restarted server answers
        # (a budget of about 20 s: a loaded machine can take several seconds to start node).
        patient = DidacticClient(proxy.url, timeout=5.0, retry=RetryPolicy(attempts=40, base=0.05, cap=1.0))
        self.addCleanup(patient.close)
        again = patient.attempt(episode["episode_id"], 1, "Answer: 1")
        self.assertEqual(again, first)
        self.direct.close()
        self.direct = DidacticClient(server.url)
        last = self.client.attempt(episode["episode_id"], 2, f"Answer: {task['privileged']['answer']}")
        self.assertEqual(last["reason"], "solved")
        self.assertAlmostEqual(last["reward"]["episode"], 0.7)


class KeepAliveTest(unittest.TestCase):
    def test_requests_share_a_few_connections(self) -> None:
        proxy.plan.clear()
        before = proxy.connections
        client = DidacticClient(proxy.url)
        for _ in range(20):
            client.health()
        client.close()
        self.assertEqual(proxy.connections - before, 1)

        async def many():
            pooled = AsyncDidacticClient(proxy.url, max_connections=4)
            try:
                await asyncio.gather(*(pooled.start(key(), {"domain": "math", "id": MATH[i % 8]["id"]}) for i in range(60)))
            finally:
                await pooled.close()

        before = proxy.connections
        asyncio.run(many())
        self.assertLessEqual(proxy.connections - before, 4)


class AdapterUnderFaultsTest(unittest.TestCase):
    def test_the_verl_agent_loop_reaches_the_same_reward_through_drops_and_429s(self) -> None:
        fakes.install_verl()
        from didactic_env.verl import DidacticAgentLoop

        tok = CharTokenizer("gemma3")
        task = MATH[6]
        student = ScriptedStudent([task], {task["id"]: 3})

        class Rollouts:
            calls = 0

            async def generate(self, request_id, prompt_ids, sampling_params, **kw):
                Rollouts.calls += 1
                ids = tok.encode(student.reply(tok.decode(prompt_ids), Rollouts.calls)) + [tok.end_of_turn_id]
                return fakes.TokenOutput(ids, [-0.1] * len(ids))

        proxy.plan.clear()
        proxy.inject("drop", starts)
        proxy.inject("429", attempts_to(), times=2, arg=0)
        proxy.inject("drop_after", attempts_to(), times=2)
        loop = DidacticAgentLoop(fakes.verl_config(4096), Rollouts(), tok, None, None, None, didactic_url=proxy.url)
        loop.didactic = AsyncDidacticClient(proxy.url, retry=RetryPolicy(attempts=10, base=0.05, cap=1.0))
        row = {"extra_info": {"didactic": json.dumps({"task": {"domain": "math", "id": task["id"]}})}}
        out = asyncio.run(loop.run({}, **row))
        self.assertAlmostEqual(out.reward_score, 0.49)
        self.assertEqual(proxy.plan, [])
        self.assertEqual(Rollouts.calls, 3)


if __name__ == "__main__":
    unittest.main()
