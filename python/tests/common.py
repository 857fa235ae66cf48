"""What the adapter suites share: one server per suite, and the token-stream invariants."""

from __future__ import annotations

import os
import unittest
from typing import List, Sequence, Tuple

from didactic_env import DidacticClient
from didactic_env.framing import render_ids

from .server import EnvServer, tasks

FAMILIES = ("chatml", "gemma3")


class ServerSuite:
    """Start the real server once for a test module, and point the adapters at it."""

    server: EnvServer
    math: list

    @classmethod
    def up(cls, n: int = 12) -> None:
        cls.server = EnvServer()
        os.environ["DIDACTIC_URL"] = cls.server.url
        cls.math = tasks("math", n, seed=11)

    @classmethod
    def down(cls) -> None:
        cls.server.stop()


def transcript(url: str, episode_id: str) -> list:
    """The student-visible dialogue as the server stored it."""
    client = DidacticClient(url)
    try:
        return client.episode(episode_id)["messages"]
    finally:
        client.close()


def check_stream(
    case: unittest.TestCase,
    tok,
    messages: list,
    prompt_ids: Sequence[int],
    response_ids: Sequence[int],
    mask: Sequence[int],
    generated: List[Tuple[int, int]],
) -> None:
    """The invariants: the ids are the whole conversation rendered once (up to the last turn's closing
    tail, which is never generated), and the mask is 1 exactly on the spans the model generated."""
    whole = render_ids(tok, messages)
    stream = list(prompt_ids) + list(response_ids)
    case.assertEqual(stream, whole[: len(stream)], "the token stream is not the conversation rendered once")
    case.assertIn(tok.decode(whole[len(stream) :]), ("\n", tok.end_of_turn + "\n"))
    expected = [0] * len(response_ids)
    for start, end in generated:
        for i in range(start, end):
            expected[i] = 1
    case.assertEqual(list(mask), expected, "the mask is not 1 exactly on generated tokens")
