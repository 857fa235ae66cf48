import type { Privileged } from '../../core/types.js';

/** One test: the value of `call` (a JavaScript expression) must deeply equal the value of `expected`. */
export interface TsTest {
  call: string;
  expected: string;
}

export interface CodeTsPrivileged extends Privileged {
  /** `answer` is the reference solution's source; it must never reach the student. */
  entryPoint: string;
  /** The declared type of the entry point, e.g. `(xs: number[]) => number`; the attempt must be assignable to it. */
  signature: string;
  /** Declarations the task's types need (interfaces, type aliases), visible to the student's code. */
  declarations: string;
  tests: TsTest[];
  /** MultiPL-E: the prompt ends in a function header, so an attempt may be just the body that follows it. */
  completionPrefix?: string;
}

export interface TsDiagnostic {
  /** TS error number, e.g. 2322. */
  code: number;
  message: string;
  /** 1-based, in the student's code. */
  line: number;
  column: number;
}

export type CodeTsOutcome = 'passed' | 'failed' | 'no-code' | 'type-error' | 'load-error' | 'timeout' | 'memory';

export interface TsFailure {
  /** The call as the test writes it. */
  call: string;
  expected: string;
  /** The value returned, rendered as JSON; absent when the call threw. */
  actual?: string;
  error?: string;
}

export interface CodeTsDetails {
  outcome: CodeTsOutcome;
  /** Compiler diagnostics, first ones first (type-error only). */
  diagnostics: TsDiagnostic[];
  /** The declared signature the attempt did not satisfy, when that was the problem. */
  signatureMismatch?: string;
  passed: number;
  total: number;
  failures: TsFailure[];
  /** Why loading or running stopped (load-error, timeout, memory). */
  reason?: string;
}
