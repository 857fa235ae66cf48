import type { Task, Verdict } from '../../core/types.js';
import type { PyError, PyValue, Sandbox } from '../../sandbox/types.js';
import { pyEqual, pyRepr } from '../../sandbox/values.js';
import { checkLibraries } from './bigcodebench.js';
import { extractCode } from './extract.js';
import { allTests } from './livecodebench.js';
import type { CodeDetails, CodeFailure, CodePrivileged, CodeTest } from './types.js';

type EqualsTest = Extract<CodeTest, { kind: 'equals' }>;
type StdioTest = Extract<CodeTest, { kind: 'stdio' }>;

/**
 * Judges compare printed output token by token within each line, ignoring trailing spaces and
 * blank lines at the end (APPS and LiveCodeBench both do so), not byte for byte.
 */
export function sameOutput(printed: string, expected: string): boolean {
  const lines = (text: string): string[] =>
    text
      .replace(/\r\n/g, '\n')
      .trim()
      .split('\n')
      .map((line) => line.trim().split(/\s+/).join(' '));
  const a = lines(printed);
  const b = lines(expected);
  return a.length === b.length && a.every((line, i) => line === b[i]);
}

/** Printed text shown in feedback and summaries: long inputs and outputs are cut. */
function shorten(text: string, limit = 300): string {
  return text.length <= limit ? text : `${text.slice(0, limit)}…`;
}
const expectedCache = new WeakMap<Task<CodePrivileged>, Promise<PyValue[] | string>>();

/** The program the sandbox runs: setup first, then the attempt (completed by the prompt's header if needed). */
export function assembleProgram(task: Task<CodePrivileged>, code: string): { program: string; offset: number } {
  const { setup, completionPrefix, entryPoint } = task.privileged;
  const defines = new RegExp(`^\\s*(async\\s+)?def\\s+${entryPoint}\\s*\\(`, 'm').test(code);
  const body = !defines && completionPrefix ? `${completionPrefix}${code}` : code;
  const head = setup.trim().length > 0 ? `${setup.replace(/\s+$/, '')}\n` : '';
  return { program: head + body, offset: head.split('\n').length - 1 + (body === code ? 0 : completionPrefix!.split('\n').length - 1) };
}

/**
 * Expected values of `equals` tests whose expectation is a Python expression: evaluated once per
 * task in the sandbox, with the setup code but never with an attempt in the same job.
 */
function expectedValues(task: Task<CodePrivileged>, all: CodeTest[], sandbox: Sandbox): Promise<PyValue[] | string> {
  const cached = expectedCache.get(task);
  if (cached) return cached;
  const tests = all.filter((t): t is EqualsTest => t.kind === 'equals');
  const missing = tests.filter((t) => !t.expectedValue);
  const promise = (async (): Promise<PyValue[] | string> => {
    let evaluated: PyValue[] = [];
    if (missing.length > 0) {
      const result = await sandbox.run({ code: task.privileged.setup, calls: missing.map((t) => t.expected) });
      if (result.status !== 'completed' || !result.load?.ok)
        return `the task's setup code failed (${result.reason ?? describe(result.load && !result.load.ok ? result.load.error : undefined)})`;
      const bad = result.calls.findIndex((c) => !c.ok);
      if (bad >= 0) return `the expected value "${missing[bad]?.expected}" could not be evaluated`;
      evaluated = result.calls.map((c) => (c as { ok: true; value: PyValue }).value);
    }
    let next = 0;
    return tests.map((t) => t.expectedValue ?? (evaluated[next++] as PyValue));
  })();
  expectedCache.set(task, promise);
  // A failure may be passing (a worker that crashed); let the next verdict try again.
  void promise.then((value) => {
    if (typeof value === 'string') expectedCache.delete(task);
  });
  return promise;
}

export async function verifyCode(task: Task<CodePrivileged>, attempt: string, sandbox: Sandbox): Promise<Verdict<CodeDetails>> {
  const tests = await allTests(task, sandbox);
  const total = tests.length;
  // HumanEval prompts end in a function header, so a bare indented body is a complete attempt too.
  const bareBody =
    task.privileged.completionPrefix && /^[ \t]+\S/.test(attempt) && !attempt.includes('```') ? attempt.replace(/\s+$/, '') : null;
  const code = extractCode(attempt, task.privileged.entryPoint) ?? bareBody;
  if (code === null) {
    return {
      correct: false,
      extracted: null,
      summary: 'no Python code found',
      details: { outcome: 'no-code', passed: 0, total, failures: [] },
    };
  }
  await checkLibraries(task, sandbox);
  const expected = await expectedValues(task, tests, sandbox);
  if (typeof expected === 'string') throw new Error(`task ${task.id}: ${expected}`);
  const { program, offset } = assembleProgram(task, code);
  const equals = tests.filter((t): t is EqualsTest => t.kind === 'equals');
  const asserts = tests.filter((t): t is Extract<CodeTest, { kind: 'assert' }> => t.kind === 'assert');
  const scripts = tests.filter((t): t is StdioTest => t.kind === 'stdio');
  const result = await sandbox.run({
    code: program,
    calls: equals.map((t) => t.call),
    statements: asserts.map((t) => t.code),
    ...(scripts.length > 0 ? { stdin: scripts.map((t) => t.input) } : {}),
    ...(task.privileged.timeoutMs ? { timeoutMs: task.privileged.timeoutMs } : {}),
  });
  const output = result.output ? result.output.slice(0, 2000) : undefined;
  const base = { passed: 0, total, failures: [] as CodeFailure[], ...(output ? { output } : {}) };
  if (result.status !== 'completed') {
    const summary = { timeout: 'timed out', memory: 'ran out of memory', crashed: 'the program stopped the interpreter' }[result.status];
    return {
      correct: false,
      extracted: code,
      summary: `${summary}: ${result.reason ?? ''}`.trim(),
      details: { ...base, outcome: result.status, ...(result.reason ? { reason: result.reason } : {}) },
    };
  }
  if (result.load && !result.load.ok) {
    const loadError = shiftLine(result.load.error, offset);
    return {
      correct: false,
      extracted: code,
      summary: `the code does not run: ${describe(loadError)}`,
      details: { ...base, outcome: 'load-error', loadError },
    };
  }
  const failures: CodeFailure[] = [];
  scripts.forEach((test, i) => {
    const outcome = result.calls[i];
    const call = `the program on input ${JSON.stringify(shorten(test.input))}`;
    const expected = shorten(test.expected);
    if (!outcome) failures.push({ call, input: shorten(test.input, 1000), expected, error: { type: 'Missing', message: 'no result' } });
    else if (!outcome.ok) failures.push({ call, input: shorten(test.input, 1000), expected, error: shiftLine(outcome.error, offset) });
    else {
      const printed = outcome.value.t === 'str' ? outcome.value.v : pyRepr(outcome.value);
      if (!sameOutput(printed, test.expected))
        failures.push({ call, input: shorten(test.input, 1000), expected, actual: shorten(printed) });
    }
  });
  equals.forEach((test, j) => {
    const i = j + scripts.length;
    const outcome = result.calls[i];
    const want = expected[j] as PyValue;
    if (!outcome) failures.push({ call: test.call, expected: pyRepr(want), error: { type: 'Missing', message: 'no result' } });
    else if (!outcome.ok) failures.push({ call: test.call, expected: pyRepr(want), error: shiftLine(outcome.error, offset) });
    else if (!pyEqual(outcome.value, want, test.atol ?? 0))
      failures.push({ call: test.call, expected: pyRepr(want), actual: pyRepr(outcome.value) });
  });
  asserts.forEach((test, i) => {
    const outcome = result.statements[i];
    if (!outcome?.ok)
      failures.push({
        call: test.name ?? firstLine(test.code),
        error: shiftLine(outcome?.error ?? { type: 'Missing', message: 'no result' }, offset),
      });
  });
  const passed = total - failures.length;
  const first = failures[0];
  const summary =
    first === undefined ? `all ${total} tests pass` : `${failures.length} of ${total} tests fail; first: ${describeFailure(first)}`;
  return {
    correct: first === undefined,
    extracted: code,
    summary,
    details: { ...base, outcome: first === undefined ? 'passed' : 'failed', passed, failures },
  };
}

export function describeFailure(failure: CodeFailure): string {
  if (failure.input !== undefined && failure.error) return `${failure.call} raised ${describe(failure.error)}`;
  if (failure.input !== undefined)
    return `${failure.call} printed ${JSON.stringify(failure.actual)}, expected ${JSON.stringify(failure.expected)}`;
  if (failure.error) return `${failure.call} raised ${describe(failure.error)}`;
  return `${failure.call} returned ${failure.actual}, expected ${failure.expected}`;
}

export function describe(error: PyError | undefined): string {
  if (!error) return 'unknown error';
  const where = error.line ? ` at line ${error.line}${error.source ? ` (${error.source})` : ''}` : '';
  return `${error.type}${error.message ? `: ${error.message}` : ''}${where}`;
}

/** Lines are reported in the student's own code, not counting the setup placed before it. */
function shiftLine(error: PyError, offset: number): PyError {
  if (error.line === undefined || offset === 0) return error;
  const line = error.line - offset;
  if (line >= 1) return { ...error, line };
  const { line: _dropped, source: _source, ...rest } = error;
  return rest;
}

function firstLine(code: string): string {
  const line = code.split('\n').find((l) => l.trim().length > 0) ?? code;
  return line.trim();
}
