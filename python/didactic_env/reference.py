"""The task reference a dataset row carries (``didactic data export``) and episode keys."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from typing import Any, Mapping, Optional


@dataclass(frozen=True)
class TaskReference:
    """Which task, and the episode settings the export asked for."""

    task: Mapping[str, Any]
    max_attempts: Optional[int] = None
    discount: Optional[float] = None
    teacher: Optional[str] = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    def start_body(self, key: str) -> dict:
        """The body of ``POST /v1/episodes`` for this task under ``key``."""
        body: dict = {"episode_key": key, "task": dict(self.task)}
        if self.teacher is not None:
            body["teacher"] = self.teacher
        if self.max_attempts is not None:
            body["max_attempts"] = self.max_attempts
        if self.discount is not None:
            body["discount"] = self.discount
        return body


def parse_reference(value: Any, where: str = "didactic") -> TaskReference:
    """A reference from a JSON string or a dict: the export's ``{task, max_attempts, …}`` or a bare ``{domain, id}``."""
    if isinstance(value, (bytes, str)):
        try:
            value = json.loads(value)
        except json.JSONDecodeError as error:
            raise ValueError(f"{where}: not a JSON task reference ({error})") from None
    if not isinstance(value, Mapping):
        raise ValueError(f"{where}: a task reference must be an object, got {type(value).__name__}")
    task = value.get("task", value if "domain" in value else None)
    if not isinstance(task, Mapping) or not isinstance(task.get("domain"), str):
        raise ValueError(f"{where}.task: expected {{domain, id}} or {{domain, seed, index}}")
    known = {"task", "max_attempts", "discount", "teacher"}
    return TaskReference(
        task={k: v for k, v in task.items() if k in ("domain", "id", "seed", "difficulty", "index")},
        max_attempts=value.get("max_attempts"),
        discount=value.get("discount"),
        teacher=value.get("teacher"),
        extra={k: v for k, v in value.items() if k not in known},
    )


def episode_key(run_id: str, stable_id: Optional[str] = None) -> str:
    """``<run>/<id>``: a trainer's own request id when it has one (so a retried rollout resumes), else a fresh uuid."""
    return f"{run_id}/{stable_id or uuid.uuid4().hex}"
