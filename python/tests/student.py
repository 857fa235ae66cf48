"""A scripted student: wrong answers until its chosen attempt, then the reference answer."""

from __future__ import annotations

from typing import Dict, List


class ScriptedStudent:
    """Finds the task by its question in the text it is shown; ``solve_at[prompt]`` picks the attempt that is right (0 = never)."""

    def __init__(self, tasks: List[dict], solve_at: Dict[str, int]):
        self.tasks = tasks
        self.solve_at = solve_at

    def task_in(self, text: str) -> dict:
        for task in self.tasks:
            if task["prompt"].strip() in text:
                return task
        raise AssertionError("the student was shown no known task")

    def reply(self, shown: str, attempt: int) -> str:
        task = self.task_in(shown)
        if self.solve_at.get(task["id"], 0) == attempt:
            return f"Let me work it out.\nAnswer: {task['privileged']['answer']}"
        return f"I think it is this.\nAnswer: 9999{attempt}7"
