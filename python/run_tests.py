#!/usr/bin/env python3
"""Run the Python suites (python/tests) and end with a plain ``N passed, N failed`` line.

The suites start the real server from dist/, so build the TypeScript first
(``npx tsc -p tsconfig.json``). Exit status 1 when anything failed or errored.
"""

from __future__ import annotations

import os
import sys
import unittest
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))


def main() -> int:
    # Connections left to the garbage collector by short-lived test clients are not failures.
    warnings.simplefilter("ignore", ResourceWarning)
    sys.path.insert(0, HERE)
    pattern = sys.argv[1] if len(sys.argv) > 1 else "test_*.py"
    suite = unittest.defaultTestLoader.discover(os.path.join(HERE, "tests"), pattern=pattern, top_level_dir=HERE)
    result = unittest.TextTestRunner(verbosity=1, stream=sys.stderr).run(suite)
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    passed = result.testsRun - failed - len(result.skipped)
    skipped = f", {len(result.skipped)} skipped" if result.skipped else ""
    print(f"{passed} passed, {failed} failed{skipped}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
