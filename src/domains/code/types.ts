import type { Privileged } from '../../core/types.js';
import type { PyError, PyValue } from '../../sandbox/types.js';

/**
 * One unit test. `equals`: the call's value must equal the expected value, compared on the host
 * (`expectedValue` when known up front, else `expected` is a Python expression evaluated in the
 * sandbox without the student's code). `assert`: free-form test code that must run without raising.
 */
export type CodeTest =
  | { kind: 'equals'; call: string; expected: string; expectedValue?: PyValue /** Floats may differ by this much. */; atol?: number }
  | { kind: 'assert'; code: string /** How feedback names the test (a unittest method). */; name?: string }
  /** The whole program run as a script on `input` (standard input) must print `expected`. */
  | { kind: 'stdio'; input: string; expected: string };

export interface CodePrivileged extends Privileged {
  /** `answer` is the reference solution's source; it must never reach the student. */
  entryPoint: string;
  tests: CodeTest[];
  /** Code run before the student's (imports and helpers from a HumanEval prompt, MBPP setup code). */
  setup: string;
  /** HumanEval: the prompt is a function header, so an attempt may be just the body that follows it. */
  completionPrefix?: string;
  timeoutMs?: number;
  /** LiveCodeBench's compressed private tests, unpacked in the sandbox when first verified. */
  packedTests?: { blob: string; fnName?: string; starterCode: string };
  /** Libraries the task needs (BigCodeBench `libs`); one the sandbox cannot import is an environment error. */
  libs?: string[];
}

export type CodeOutcome = 'passed' | 'failed' | 'no-code' | 'load-error' | 'timeout' | 'memory' | 'crashed';

export interface CodeFailure {
  /** The call as written in the test (`add(1, 2)`) or the first line of a free-form test. */
  call: string;
  expected?: string;
  actual?: string;
  /** A script test: the standard input it was given (expected and actual are then printed text). */
  input?: string;
  error?: PyError;
}

export interface CodeDetails {
  outcome: CodeOutcome;
  passed: number;
  total: number;
  /** Every failing test, in test order. */
  failures: CodeFailure[];
  /** An error raised while loading the program (syntax error, exception at module level). */
  loadError?: PyError;
  /** The sandbox's reason for a timeout, memory or crash ending. */
  reason?: string;
  /** The first part of what the program printed. */
  output?: string;
}
