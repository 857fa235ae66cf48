"""A feedback turn in the trainer's own chat template, as text or as token ids.

The trainer keeps the token stream: the model's generated ids go in as they came out, and only
what the environment adds (the teacher's feedback turn and the template's framing around it) is
tokenized here, with the trainer's tokenizer. Two pieces:

- the *feedback turn*: the suffix of rendering ``[…, assistant, user]`` (with the generation
  prompt) after rendering ``[…, assistant]``. This is alternation-safe for templates such as
  Gemma 3's, which refuse ``[system, user, user]``, the sequence a "render the new message on a
  synthetic base" shortcut produces. The shorter rendering must be a prefix of the longer one;
  if it is not, the template rewrites history and training on it would be wrong, so we raise.
- the *closing tail*: what the template renders after an assistant turn's content (Gemma 3:
  ``<end_of_turn>\\n``; ChatML: ``<|im_end|>\\n``). A generation that stopped on the end-of-turn
  token already holds its first part; the rest (the ``\\n`` nobody generates) is inserted.

Everything returned here is environment text: it carries loss mask 0.
"""

from __future__ import annotations

from typing import Any, List, Mapping, Optional, Sequence

from .errors import FramingError

Messages = Sequence[Mapping[str, Any]]


def render_text(tokenizer: Any, messages: Messages, add_generation_prompt: bool = False) -> str:
    return tokenizer.apply_chat_template(list(messages), tokenize=False, add_generation_prompt=add_generation_prompt)


def render_ids(tokenizer: Any, messages: Messages, add_generation_prompt: bool = False) -> List[int]:
    out = tokenizer.apply_chat_template(list(messages), tokenize=True, add_generation_prompt=add_generation_prompt)
    # transformers ≥ 5 may hand back a BatchEncoding (a mapping) instead of the id list.
    if isinstance(out, Mapping) or hasattr(out, "keys"):
        out = out["input_ids"]
    return list(out)


def encode(tokenizer: Any, text: str) -> List[int]:
    return list(tokenizer.encode(text, add_special_tokens=False))


def _suffix(shorter, longer, what: str):
    if list(longer[: len(shorter)]) != list(shorter):
        raise FramingError(
            f"the chat template is not prefix-preserving for {what}: rendering the conversation with one more "
            "turn changes what came before it, so appended tokens would not match what the model sees at inference"
        )
    return longer[len(shorter) :]


def _ends_with_assistant(conversation: Messages) -> None:
    if not conversation or conversation[-1].get("role") != "assistant":
        raise ValueError("the conversation must end with the assistant's attempt")


def feedback_ids(tokenizer: Any, conversation: Messages, feedback: str) -> List[int]:
    """Token ids of the feedback turn after ``conversation`` (ending with the assistant), generation prompt included."""
    _ends_with_assistant(conversation)
    before = render_ids(tokenizer, conversation)
    after = render_ids(tokenizer, [*conversation, {"role": "user", "content": feedback}], add_generation_prompt=True)
    return list(_suffix(before, after, "a feedback turn"))


def feedback_text(tokenizer: Any, conversation: Messages, feedback: str) -> str:
    """The same feedback turn as text, for trainers that append raw strings (OpenRLHF)."""
    _ends_with_assistant(conversation)
    before = render_text(tokenizer, conversation)
    after = render_text(tokenizer, [*conversation, {"role": "user", "content": feedback}], add_generation_prompt=True)
    return _suffix(before, after, "a feedback turn")


def assistant_tail_text(tokenizer: Any, conversation: Messages) -> str:
    """What the template renders after the last assistant turn's content (end-of-turn marker and newline)."""
    _ends_with_assistant(conversation)
    rendered = render_text(tokenizer, conversation)
    content = str(conversation[-1].get("content", ""))
    # Templates may trim the content (Gemma 3 does); the tail follows its last occurrence.
    for probe in (content, content.strip()):
        at = rendered.rfind(probe) if probe else -1
        if at >= 0:
            return rendered[at + len(probe) :]
    raise FramingError("could not find the assistant's text in its own rendering; the template changes the content")


def closing_tail_ids(tokenizer: Any, conversation: Messages, generated_ids: Sequence[int]) -> List[int]:
    """The ids to insert after a generation so it ends the way the template renders the turn."""
    tail = encode(tokenizer, assistant_tail_text(tokenizer, conversation))
    generated = list(generated_ids)
    for k in range(min(len(tail), len(generated)), 0, -1):
        if generated[-k:] == tail[:k]:
            return tail[k:]
    return tail


def closing_tail_text(tokenizer: Any, conversation: Messages, generated_text: str) -> str:
    """Text variant of closing_tail_ids, for a generation decoded with its special tokens."""
    tail = assistant_tail_text(tokenizer, conversation)
    for k in range(min(len(tail), len(generated_text)), 0, -1):
        if generated_text.endswith(tail[:k]):
            return tail[k:]
    return tail


class TurnFramer:
    """Framing for one tokenizer, with an optional fixed base conversation.

    With ``base=None`` each feedback turn is framed after the real conversation so far (exact for
    every template, one rendering of the dialogue per turn). A fixed base such as
    ``[{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}]`` renders two
    short turns instead; it is exact for templates whose turns do not depend on earlier ones
    (ChatML, Gemma 3) and is what long dialogues should use.
    """

    def __init__(self, tokenizer: Any, base: Optional[Messages] = None):
        self.tokenizer = tokenizer
        self.base = None if base is None else list(base)
        if self.base is not None:
            _ends_with_assistant(self.base)

    def _context(self, conversation: Messages) -> Messages:
        return conversation if self.base is None else self.base

    def feedback_ids(self, conversation: Messages, feedback: str) -> List[int]:
        return feedback_ids(self.tokenizer, self._context(conversation), feedback)

    def feedback_text(self, conversation: Messages, feedback: str) -> str:
        return feedback_text(self.tokenizer, self._context(conversation), feedback)

    def closing_tail_ids(self, conversation: Messages, generated_ids: Sequence[int]) -> List[int]:
        return closing_tail_ids(self.tokenizer, self._context(conversation), generated_ids)

    def closing_tail_text(self, conversation: Messages, generated_text: str) -> str:
        return closing_tail_text(self.tokenizer, self._context(conversation), generated_text)
