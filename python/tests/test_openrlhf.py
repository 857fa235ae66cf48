"""OpenRLHF: the agent module driven by a MultiTurnAgentExecutor stand-in, feedback appended as raw text."""

from __future__ import annotations

import os
import tempfile
import unittest

from . import fakes
from .common import FAMILIES, ServerSuite, check_stream, transcript
from .server import export
from .student import ScriptedStudent
from .tokenizer import CharTokenizer


def setUpModule() -> None:
    ServerSuite.up()
    fakes.install_openrlhf()


def tearDownModule() -> None:
    ServerSuite.down()


class Engine:
    """vLLM as the executor calls it: token ids in, a request output with ids and text out."""

    def __init__(self, tok: CharTokenizer, student: ScriptedStudent, ending: str):
        self.tok, self.student, self.ending = tok, student, ending
        self.calls = 0

    async def generate(self, tokens, sampling_params):
        self.calls += 1
        ids = self.tok.encode(self.student.reply(self.tok.decode(tokens), self.calls))
        if not self.ending.startswith("cut"):
            ids.append(self.tok.end_of_turn_id)
        text = self.tok.decode(ids, skip_special_tokens="without" in self.ending)
        return fakes.RequestOutput([fakes.CompletionOutput(ids, text)])


class OpenRLHFAgentTest(unittest.TestCase):
    def test_raw_text_feedback_rebuilds_the_conversation_rendered_once(self) -> None:
        import didactic_env.openrlhf as agent

        rows = export("openrlhf", os.path.join(tempfile.mkdtemp(), "train.jsonl"), "--domain", "math", "--n", "3", "--seed", "11")
        # How a generation ends: stopped on the end-of-turn token (vLLM keeps it in the ids and, by
        # default, out of the text), the same with special tokens kept in the text, or cut short.
        endings = ("stop, text without specials", "stop, text with specials", "cut without the marker")
        for family in FAMILIES:
            for ending in endings:
                for k, task, row in zip((1, 2, 0), ServerSuite.math, rows):
                    with self.subTest(family=family, ending=ending, solved_at=k):
                        tok = CharTokenizer(family)
                        engine = Engine(tok, ScriptedStudent([task], {task["id"]: k}), ending)

                        # --data.input_key prompt --data.apply_chat_template --data.label_key label
                        observation = tok.apply_chat_template(row["prompt"], tokenize=False, add_generation_prompt=True)
                        out = fakes.run(agent.AgentExecutor().execute(observation, row["label"], None, 100_000, tok, engine))
                        self.assertAlmostEqual(out["reward"], 0.7 ** (k - 1) if k else 0.0)
                        self.assertEqual(out["scores"].item(), 1.0 if k else 0.0)
                        p = out["prompt_length"]
                        spans = [(a - p, b - p) for a, b in out["action_ranges"]]
                        response = out["observation_tokens"][p:]
                        mask = [0] * len(response)
                        for a, b in spans:
                            mask[a:b] = [1] * (b - a)
                        messages = transcript(ServerSuite.server.url, fakes.MultiTurnAgentExecutor.last_instance.episode_id)
                        check_stream(self, tok, messages, out["observation_tokens"][:p], response, mask, spans)


if __name__ == "__main__":
    unittest.main()
