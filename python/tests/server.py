"""The real ``didactic env serve`` in a subprocess, and the tasks (with answers) a scripted student needs."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from typing import List, Optional

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CLI = os.path.join(ROOT, "dist", "src", "cli", "main.js")
NODE = shutil.which("node") or "node"
_URL = re.compile(r"(http://[0-9.]+:\d+)")


def _require_cli() -> None:
    if not os.path.exists(CLI):
        raise RuntimeError(f"{CLI} is missing: build the TypeScript first (npx tsc -p tsconfig.json)")


class EnvServer:
    """``node dist/src/cli/main.js env serve --port 0 …``; restartable on the same store."""

    def __init__(self, *args: str, store: Optional[str] = None):
        _require_cli()
        self.args = list(args)
        self.store = store or tempfile.mkdtemp(prefix="didactic-py-store-")
        self.proc: Optional[subprocess.Popen] = None
        self.url = ""
        self.output: List[str] = []
        self.start()

    def start(self) -> None:
        cmd = [NODE, CLI, "env", "serve", "--port", "0", "--store", self.store, *self.args]
        self.proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        deadline = time.time() + 60
        assert self.proc.stdout is not None
        while time.time() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                break
            self.output.append(line)
            match = _URL.search(line)
            if match:
                self.url = match.group(1)
                # Keep draining the output so the server never blocks on a full pipe.
                threading.Thread(target=self._drain, args=(self.proc,), daemon=True).start()
                return
        self.kill()
        raise RuntimeError("env serve did not report its address:\n" + "".join(self.output))

    def _drain(self, proc: subprocess.Popen) -> None:
        for line in proc.stdout:  # type: ignore[union-attr]
            self.output.append(line)

    def kill(self) -> None:
        """SIGKILL, as a crash would: no shutdown handler runs."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)

    def restart(self) -> None:
        self.kill()
        self.start()

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()


def tasks(domain: str, n: int, seed: int = 1, difficulty: Optional[int] = None) -> List[dict]:
    """``didactic tasks --json``: each task with its reference answer (test side only)."""
    _require_cli()
    cmd = [NODE, CLI, "tasks", "--json", "--domain", domain, "--n", str(n), "--seed", str(seed)]
    if difficulty is not None:
        cmd += ["--difficulty", str(difficulty)]
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=True, timeout=60).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def export(fmt: str, out: str, *args: str) -> List[dict]:
    _require_cli()
    subprocess.run([NODE, CLI, "data", "export", "--format", fmt, "--out", out, *args], cwd=ROOT, check=True, capture_output=True, timeout=60)
    with open(out, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]
