"""verl ≥ 0.8: DidacticAgentLoop driven as verl drives an agent loop, for ChatML and Gemma 3."""

from __future__ import annotations

import json
import unittest

from . import fakes
from .common import FAMILIES, ServerSuite, check_stream, transcript
from .student import ScriptedStudent
from .tokenizer import CharTokenizer


class RolloutServer:
    """verl's server_manager: token ids in, token ids out; records where each generation landed."""

    def __init__(self, tok: CharTokenizer, student: ScriptedStudent, stop_on_marker: bool = True):
        self.tok, self.student, self.stop = tok, student, stop_on_marker
        self.spans = []
        self.calls = 0
        self.prompt_length = 0

    async def generate(self, request_id, prompt_ids, sampling_params, **kwargs):
        if self.calls == 0:
            self.prompt_length = len(prompt_ids)  # the first call is the prompt alone
        self.calls += 1
        ids = self.tok.encode(self.student.reply(self.tok.decode(prompt_ids), self.calls))
        if self.stop:
            ids.append(self.tok.end_of_turn_id)
        start = len(prompt_ids) - self.prompt_length
        self.spans.append((start, start + len(ids)))
        return fakes.TokenOutput(token_ids=ids, log_probs=[-0.25] * len(ids))


def setUpModule() -> None:
    ServerSuite.up()
    fakes.install_verl()


def tearDownModule() -> None:
    ServerSuite.down()


class VerlAgentLoopTest(unittest.TestCase):
    def loop(self, tok, server, response_length=4096):
        from didactic_env.verl import DidacticAgentLoop

        return DidacticAgentLoop(fakes.verl_config(response_length), server, tok, None, None, None, didactic_url=ServerSuite.server.url)

    @classmethod
    def setUpClass(cls) -> None:
        import os
        import tempfile

        from .server import export

        out = os.path.join(tempfile.mkdtemp(), "train.jsonl")
        rows = export("verl", out, "--domain", "math", "--n", str(len(ServerSuite.math)), "--seed", "11")
        cls.rows = {json.loads(r["extra_info"]["didactic"])["task"]["id"]: r for r in rows}

    def row(self, task):
        """An exported row as verl's dataset hands it to run(): the columns, with the prompt as raw_prompt."""
        row = dict(self.rows[task["id"]])
        self.assertEqual(row["agent_name"], "didactic_agent")
        return {"raw_prompt": row.pop("prompt"), **row}

    def test_registered_under_the_name_the_export_selects(self) -> None:
        from didactic_env.verl import DidacticAgentLoop

        self.assertIs(fakes.AGENT_LOOPS["didactic_agent"], DidacticAgentLoop)

    def test_token_stream_masks_and_reward_for_each_family_and_solving_attempt(self) -> None:
        for family in FAMILIES:
            for k, task in zip((1, 2, 3, 0), ServerSuite.math):
                with self.subTest(family=family, solved_at=k):
                    tok = CharTokenizer(family)
                    student = ScriptedStudent([task], {task["id"]: k})
                    server = RolloutServer(tok, student, stop_on_marker=family == "gemma3")
                    loop = self.loop(tok, server)
                    out = fakes.run(loop.run({"temperature": 1.0}, **self.row(task)))
                    info = out.extra_fields["didactic"]
                    check_stream(self, tok, transcript(ServerSuite.server.url, info["episode_id"]), out.prompt_ids, out.response_ids, out.response_mask, server.spans)
                    self.assertEqual(server.calls, k or 3)
                    self.assertAlmostEqual(out.reward_score, 0.7 ** (k - 1) if k else 0.0)
                    self.assertEqual(len(out.response_logprobs), len(out.response_ids))
                    for lp, m in zip(out.response_logprobs, out.response_mask):
                        self.assertEqual(lp, -0.25 if m else 0.0)

    def test_running_out_of_response_length_finishes_the_episode_unsolved(self) -> None:
        tok = CharTokenizer("gemma3")
        task = ServerSuite.math[5]
        server = RolloutServer(tok, ScriptedStudent([task], {task["id"]: 3}))
        out = fakes.run(self.loop(tok, server, response_length=60).run({}, **self.row(task)))
        self.assertEqual(out.reward_score, 0.0)
        self.assertTrue(out.extra_fields["didactic"]["truncated"])
        self.assertLessEqual(len(out.response_ids), 60)
        from didactic_env import DidacticClient

        client = DidacticClient(ServerSuite.server.url)
        self.addCleanup(client.close)
        self.assertEqual(client.episode(out.extra_fields["didactic"]["episode_id"])["status"], "done")

    def test_loops_built_per_sample_share_one_keep_alive_client(self) -> None:
        tok = CharTokenizer("chatml")
        self.assertIs(self.loop(tok, None).didactic, self.loop(tok, None).didactic)

    def test_a_row_without_a_reference_says_how_to_make_one(self) -> None:
        tok = CharTokenizer("chatml")
        with self.assertRaisesRegex(ValueError, "data export --format verl"):
            fakes.run(self.loop(tok, None).run({}, raw_prompt=[], extra_info={}))


if __name__ == "__main__":
    unittest.main()
