"""didactic as the environment, teacher and reward of an RL trainer.

The client speaks protocol version 1 of `didactic env serve` (JSON over HTTP, text only). The
adapters (``didactic_env.verl``, ``verl_legacy``, ``openrlhf``, ``trl``, ``skyrl``,
``verifiers``) each import their trainer when they are imported themselves, so this package
imports with the standard library alone.
"""

from .client import AsyncDidacticClient, DidacticClient
from .errors import DidacticError
from .framing import TurnFramer, closing_tail_ids, feedback_ids, feedback_text
from .reference import TaskReference, episode_key, parse_reference

__version__ = "0.1.0"
PROTOCOL = 1

__all__ = [
    "AsyncDidacticClient",
    "DidacticClient",
    "DidacticError",
    "PROTOCOL",
    "TaskReference",
    "TurnFramer",
    "closing_tail_ids",
    "episode_key",
    "feedback_ids",
    "feedback_text",
    "parse_reference",
]
