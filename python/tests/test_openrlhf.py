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


class OpenRLHFAgentTest(unittest.TestCase):
    def test_raw_text_feedback_rebuilds_the_conversation_rendered_once(self) -> None:
        import didactic_env.openrlhf as agent

        rows = export("openrlhf", os.path.join(tempfile.mkdtemp(), "train.jsonl"), "--domain", "math", "--n", "3", "--seed", "11")
        for family in FAMILIES:
            for keep_marker in (True, False):
                for k, task, row in zip((1, 2, 0), ServerSuite.math, rows):
                    with self.subTest(family=family, marker_in_action=keep_marker, solved_at=k):
                        tok = CharTokenizer(family)
                        student = ScriptedStudent([task], {task["id"]: k})
                        calls = []

                        async def engine(tokens, sampling_params, _tok=tok, _s=student, _c=calls, _m=keep_marker):
                            _c.append(1)
                            ids = _tok.encode(_s.reply(_tok.decode(tokens), len(_c)))
                            return ids + ([_tok.end_of_turn_id] if _m else [])

                        # --data.input_key prompt --data.apply_chat_template --data.label_key label
                        observation = tok.apply_chat_template(row["prompt"], tokenize=False, add_generation_prompt=True)
                        executor = agent.AgentExecutor()
                        out = fakes.run(executor.execute(observation, row["label"], {}, 100_000, tok, engine))
                        self.assertAlmostEqual(out["reward"], 0.7 ** (k - 1) if k else 0.0)
                        self.assertEqual(out["scores"].item(), 1.0 if k else 0.0)
                        p = out["prompt_length"]
                        spans = [(a - p, b - p) for a, b in out["action_ranges"]]
                        response = out["tokens"][p:]
                        mask = [0] * len(response)
                        for a, b in spans:
                            mask[a:b] = [1] * (b - a)
                        messages = transcript(ServerSuite.server.url, executor.last_instance.episode_id)
                        check_stream(self, tok, messages, out["tokens"][:p], response, mask, spans)


if __name__ == "__main__":
    unittest.main()
