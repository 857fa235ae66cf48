// What a sandbox runs and what it reports. A job is a piece of untrusted Python (`code`) plus
// expressions to evaluate after it (`calls`) and free-form test statements (`statements`).
// The sandbox reports values, never verdicts: the host compares them with expected values that
// were never shown to the untrusted code, so printing "PASS", exiting early or patching `assert`
// cannot turn a wrong answer into a right one.

/** A Python value in a form the host can compare and print without running any Python. */
export type PyValue =
  | { t: 'none' }
  | { t: 'bool'; v: boolean }
  | { t: 'int'; v: string }
  | { t: 'float'; v: string }
  | { t: 'str'; v: string }
  | { t: 'list' | 'tuple' | 'set' | 'frozenset'; v: PyValue[] }
  | { t: 'dict'; v: [PyValue, PyValue][] }
  /** Anything else (a class instance, a function, a value nested too deeply). Never equal to anything. */
  | { t: 'other'; type: string; repr: string };

export interface PyError {
  /** Exception class name, e.g. `ZeroDivisionError`, `SystemExit`. */
  type: string;
  message: string;
  /** 1-based line in the submission where it was raised, when it was raised there. */
  line?: number;
  /** The text of that line. */
  source?: string;
}

export type CallOutcome = { ok: true; value: PyValue } | { ok: false; error: PyError };
export type StatementOutcome = { ok: true } | { ok: false; error: PyError };

export interface SandboxJob {
  /** The untrusted program; executed as a module named `solution`. */
  code: string;
  /** Python expressions evaluated after `code`, in its namespace, e.g. `add(1, 2)`. */
  calls: string[];
  /** Python statements run after the calls (tests that are not `call == expected`). */
  statements?: string[];
  /**
   * Run `code` as a script once per entry, with that text as standard input: loading only compiles
   * it, and each run's standard output is reported as a `str` in `calls`, before the results of `calls`.
   */
  stdin?: string[];
  /** Wall-clock budget for the whole job; default 5000 ms. */
  timeoutMs?: number;
}

/** How a job ended. Only `completed` carries results; every other ending is the sandbox's own finding. */
export type SandboxStatus = 'completed' | 'timeout' | 'memory' | 'crashed';

export interface SandboxResult {
  status: SandboxStatus;
  /** Why the job did not complete (timeout, memory limit, the interpreter exited, …). */
  reason?: string;
  /** Loading the program: ok, or the exception it raised. */
  load?: StatementOutcome;
  calls: CallOutcome[];
  statements: StatementOutcome[];
  /** Standard output and error of the job, capped. */
  output: string;
  /** True when the output went past the cap and the rest was dropped. */
  outputTruncated: boolean;
  wallMs: number;
}

export interface Sandbox {
  readonly kind: 'pyodide' | 'bwrap';
  run(job: SandboxJob): Promise<SandboxResult>;
  /** Stop every worker or child process; the sandbox cannot be used afterwards. */
  close(): Promise<void>;
}

export interface SandboxLimits {
  /** Memory the program may use, in MiB (WebAssembly memory for Pyodide, address space for bwrap). */
  memoryMb: number;
  /** Output kept per job, in bytes. */
  outputBytes: number;
  /** Default wall-clock timeout per job. */
  timeoutMs: number;
}

export const DEFAULT_LIMITS: SandboxLimits = { memoryMb: 512, outputBytes: 64 * 1024, timeoutMs: 5000 };
