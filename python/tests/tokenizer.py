"""A character-level tokenizer that renders two chat templates exactly as their Jinja sources do.

One id per character, one id per special token, so a test can check token sequences by eye and
any framing mistake (a missing newline, a doubled marker) changes the ids. The two renderers
follow the template texts: ChatML (Qwen2.5 and others: ``<|im_start|>{role}\\n{content}<|im_end|>\\n``)
and Gemma 3 (``<bos>``, the system text folded into the first user turn, ``model`` for the
assistant, content trimmed, and "Conversation roles must alternate" for anything else).
"""

from __future__ import annotations

from typing import Dict, List, Sequence

_CHAR_BASE = 1000


class TemplateError(Exception):
    """What Jinja's raise_exception raises inside a chat template."""


def render_chatml(messages: Sequence[dict], add_generation_prompt: bool) -> str:
    out = "".join(f"<|im_start|>{m['role']}\n{m['content']}<|im_end|>\n" for m in messages)
    return out + ("<|im_start|>assistant\n" if add_generation_prompt else "")


def render_gemma3(messages: Sequence[dict], add_generation_prompt: bool) -> str:
    out = "<bos>"
    first_user_prefix = ""
    loop = list(messages)
    if loop and loop[0]["role"] == "system":
        first_user_prefix = loop[0]["content"] + "\n\n"
        loop = loop[1:]
    for i, m in enumerate(loop):
        if (m["role"] == "user") != (i % 2 == 0):
            raise TemplateError("Conversation roles must alternate user/assistant/user/assistant/...")
        role = "model" if m["role"] == "assistant" else m["role"]
        out += f"<start_of_turn>{role}\n" + (first_user_prefix if i == 0 else "") + m["content"].strip() + "<end_of_turn>\n"
    return out + ("<start_of_turn>model\n" if add_generation_prompt else "")


FAMILIES = {
    "chatml": (render_chatml, ["<|im_start|>", "<|im_end|>", "<|endoftext|>"], "<|im_end|>"),
    "gemma3": (render_gemma3, ["<bos>", "<eos>", "<start_of_turn>", "<end_of_turn>", "<pad>"], "<end_of_turn>"),
}


class CharTokenizer:
    """The parts of a Hugging Face tokenizer the adapters call."""

    def __init__(self, family: str):
        self.family = family
        self._render, specials, end_of_turn = FAMILIES[family]
        self.special: Dict[str, int] = {tok: i + 1 for i, tok in enumerate(specials)}
        self.by_id = {i: tok for tok, i in self.special.items()}
        self.end_of_turn = end_of_turn
        self.end_of_turn_id = self.special[end_of_turn]
        self.eos_token_id = self.end_of_turn_id
        self.pad_token_id = 0

    def encode(self, text: str, add_special_tokens: bool = False) -> List[int]:
        ids: List[int] = []
        i = 0
        while i < len(text):
            for tok, tid in self.special.items():
                if text.startswith(tok, i):
                    ids.append(tid)
                    i += len(tok)
                    break
            else:
                ids.append(_CHAR_BASE + ord(text[i]))
                i += 1
        return ids

    def __call__(self, text: str, add_special_tokens: bool = False):
        return {"input_ids": self.encode(text, add_special_tokens)}

    def decode(self, ids: Sequence[int], skip_special_tokens: bool = False) -> str:
        parts = []
        for i in ids:
            if i in self.by_id:
                if not skip_special_tokens:
                    parts.append(self.by_id[i])
            elif i >= _CHAR_BASE:
                parts.append(chr(i - _CHAR_BASE))
        return "".join(parts)

    def apply_chat_template(self, messages, tokenize: bool = True, add_generation_prompt: bool = False, **_ignored):
        text = self._render(messages, add_generation_prompt)
        return self.encode(text) if tokenize else text
