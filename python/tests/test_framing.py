"""Framing a feedback turn with the trainer's tokenizer: exact suffixes, the prefix check, the closing tail."""

from __future__ import annotations

import unittest

from didactic_env.errors import FramingError
from didactic_env.framing import assistant_tail_text, closing_tail_ids, feedback_ids, feedback_text, render_ids

from .tokenizer import CharTokenizer, TemplateError

CONVERSATION = [
    {"role": "system", "content": "Solve it. End with Answer: <n>."},
    {"role": "user", "content": "What is 3 × 17?"},
    {"role": "assistant", "content": "3 × 17 = 41.\nAnswer: 41"},
]


class FramingTest(unittest.TestCase):
    def test_the_feedback_turn_is_exactly_what_the_template_adds(self) -> None:
        expected = {
            "chatml": "<|im_start|>user\nToo low.<|im_end|>\n<|im_start|>assistant\n",
            "gemma3": "<start_of_turn>user\nToo low.<end_of_turn>\n<start_of_turn>model\n",
        }
        for family, text in expected.items():
            tok = CharTokenizer(family)
            self.assertEqual(feedback_text(tok, CONVERSATION, "Too low."), text)
            self.assertEqual(feedback_ids(tok, CONVERSATION, "Too low."), tok.encode(text))
            whole = render_ids(tok, [*CONVERSATION, {"role": "user", "content": "Too low."}], add_generation_prompt=True)
            self.assertEqual(render_ids(tok, CONVERSATION) + feedback_ids(tok, CONVERSATION, "Too low."), whole)

    def test_gemma3_refuses_the_synthetic_base_shortcut_but_not_this_framing(self) -> None:
        tok = CharTokenizer("gemma3")
        with self.assertRaisesRegex(TemplateError, "alternate"):
            tok.apply_chat_template(
                [{"role": "system", "content": "s"}, {"role": "user", "content": "u"}, {"role": "user", "content": "fb"}], tokenize=False
            )
        self.assertTrue(feedback_text(tok, CONVERSATION, "fb").startswith("<start_of_turn>user\nfb"))

    def test_a_template_that_rewrites_earlier_turns_is_refused(self) -> None:
        class RewritingTokenizer(CharTokenizer):
            """Like templates that drop the reasoning of assistant turns before the last user turn."""

            def apply_chat_template(self, messages, tokenize=True, add_generation_prompt=False, **kw):
                last_user = max(i for i, m in enumerate(messages) if m["role"] == "user")
                shown = [{**m, "content": m["content"][-9:]} if m["role"] == "assistant" and i < last_user else m for i, m in enumerate(messages)]
                return super().apply_chat_template(shown, tokenize, add_generation_prompt)

        tok = RewritingTokenizer("chatml")
        with self.assertRaisesRegex(FramingError, "prefix-preserving"):
            feedback_ids(tok, CONVERSATION, "again")

    def test_the_closing_tail_completes_the_turn_whether_or_not_the_marker_was_generated(self) -> None:
        for family, marker in (("chatml", "<|im_end|>"), ("gemma3", "<end_of_turn>")):
            tok = CharTokenizer(family)
            self.assertEqual(assistant_tail_text(tok, CONVERSATION), marker + "\n")
            stopped_on_marker = tok.encode(CONVERSATION[-1]["content"]) + [tok.end_of_turn_id]
            self.assertEqual(closing_tail_ids(tok, CONVERSATION, stopped_on_marker), tok.encode("\n"))
            cut_by_length = tok.encode(CONVERSATION[-1]["content"])
            self.assertEqual(closing_tail_ids(tok, CONVERSATION, cut_by_length), tok.encode(marker + "\n"))

    def test_the_last_turn_must_be_the_assistants(self) -> None:
        with self.assertRaisesRegex(ValueError, "assistant"):
            feedback_ids(CharTokenizer("chatml"), CONVERSATION[:2], "fb")


if __name__ == "__main__":
    unittest.main()
