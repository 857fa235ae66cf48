"""The package imports with the standard library alone; trainers are imported only by their adapter."""

from __future__ import annotations

import os
import subprocess
import sys
import unittest

from didactic_env.reference import parse_reference
from didactic_env.settings import episode_reward, on_infra_error

PYTHON_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

PROBE = """
import sys
before = set(sys.modules)
import didactic_env, didactic_env.trl
new = {m.split('.')[0] for m in set(sys.modules) - before}
print(sorted(n for n in new if n not in sys.stdlib_module_names and n != 'didactic_env'))
"""


class PackageTest(unittest.TestCase):
    def test_importing_the_package_loads_nothing_outside_the_standard_library(self) -> None:
        out = subprocess.run([sys.executable, "-c", PROBE], cwd=PYTHON_DIR, capture_output=True, text=True, check=True, timeout=60)
        self.assertEqual(out.stdout.strip(), "[]")

    def test_an_adapter_whose_trainer_is_missing_fails_naming_the_trainer(self) -> None:
        for module, trainer in (("verl", "verl"), ("openrlhf", "openrlhf"), ("skyrl", "skyrl_gym"), ("verifiers", "verifiers")):
            # In a fresh interpreter: this one may hold the suites' stand-ins under the trainers' names.
            probe = f"import importlib.util, sys\nif importlib.util.find_spec({trainer!r}): sys.exit(99)\nimport didactic_env.{module}"
            out = subprocess.run([sys.executable, "-c", probe], cwd=PYTHON_DIR, capture_output=True, text=True, timeout=60)
            if out.returncode == 99:
                continue  # the trainer is installed here: nothing to show
            self.assertNotEqual(out.returncode, 0)
            self.assertIn(f"No module named '{trainer}", out.stderr)

    def test_references_from_every_export_shape_and_bad_ones_named(self) -> None:
        ref = parse_reference('{"protocol":1,"task":{"domain":"math","id":"math-d1-s1-0"},"max_attempts":4,"discount":0.7,"source":"x"}')
        self.assertEqual(ref.start_body("k"), {"episode_key": "k", "task": {"domain": "math", "id": "math-d1-s1-0"}, "max_attempts": 4, "discount": 0.7})
        self.assertEqual(parse_reference({"domain": "maze", "seed": 3, "index": 2}).task, {"domain": "maze", "seed": 3, "index": 2})
        with self.assertRaisesRegex(ValueError, "label: not a JSON task reference"):
            parse_reference("{oops", "label")
        with self.assertRaisesRegex(ValueError, r"info\.task"):
            parse_reference({"task": {"id": "x"}}, "info")

    def test_an_infra_error_is_never_a_wrong_answer_unless_the_policy_says_zero(self) -> None:
        infra = {"done": True, "reason": "infra_error", "reward": {"step": None, "episode": None}}
        self.assertEqual(episode_reward(infra, "zero"), 0.0)
        self.assertIsNone(episode_reward(infra, "none"))
        self.assertEqual(episode_reward({"done": True, "reason": "solved", "reward": {"episode": 0.49}}, "none"), 0.49)
        with self.assertRaisesRegex(ValueError, "DIDACTIC_ON_INFRA_ERROR"):
            on_infra_error("drop")


if __name__ == "__main__":
    unittest.main()
