import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/random.js';
import type { Task } from '../../src/core/types.js';
import { type CodeTsDetails, type CodeTsPrivileged, codeTsDomain } from '../../src/domains/code-ts/index.js';
import { loadTaskFile } from '../../src/io/tasks.js';
import { renderVerdict } from '../../src/teachers/llm/render-task.js';
import { ROOT } from '../helpers/cli.js';

const fixture = (name: string) => join(ROOT, 'test/fixtures/multipl-e', name);
const ts = (code: string) => `Here it is:\n\`\`\`ts\n${code}\n\`\`\``;
const [task] = codeTsDomain.generate({ n: 1, seed: 3, difficulty: 2 }) as Task<CodeTsPrivileged>[];
if (!task) throw new Error('no task');
const { entryPoint } = task.privileged;

async function verdictOf(t: Task<CodeTsPrivileged>, attempt: string) {
  const verdict = await codeTsDomain.verify(t, attempt);
  return { verdict, details: verdict.details as CodeTsDetails, feedback: codeTsDomain.scriptedFeedback(t, verdict, createRng(1)) };
}

describe('code-ts verification', () => {
  it('reports compiler diagnostics at the line and column of the student code, first', async () => {
    const { verdict, details, feedback } = await verdictOf(
      task,
      ts(`// my solution\nfunction ${entryPoint}(xs: number[]): number {\n  const total: string = 0;\n  return total;\n}`),
    );
    expect(verdict.correct).toBe(false);
    expect(details.outcome).toBe('type-error');
    expect(details.diagnostics[0]).toMatchObject({ code: 2322, line: 3, column: 9 });
    expect(feedback).toMatch(/line 3, column 9: error TS2322: Type 'number' is not assignable to type 'string'/);
    // llm: teachers read the same diagnostics as privileged checker details.
    expect(renderVerdict(verdict)).toMatch(/"code":2322,"message":"Type 'number' is not assignable to type 'string'.","line":3,"column":9/);
  });

  it('checks the attempt against the declared signature', async () => {
    const wrongType = await verdictOf(task, ts(`function ${entryPoint}(xs: string[]): number {\n  return xs.length;\n}`));
    expect(wrongType.details.signatureMismatch).toMatch(
      new RegExp(`${entryPoint} does not have the declared type \\(xs: number\\[\\]\\) => number`),
    );
    expect(wrongType.feedback).toMatch(/must have type `\(xs: number\[\]\) => number`/);
    const missing = await verdictOf(task, ts('function helper(xs: number[]): number {\n  return 0;\n}'));
    expect(missing.details.signatureMismatch).toBe(`there is no function named ${entryPoint}`);
  });

  it('names one failing call with expected and actual values, never the reference', async () => {
    const { verdict, details, feedback } = await verdictOf(
      task,
      ts(`export function ${entryPoint}(xs: number[]): number {\n  return xs.length;\n}`),
    );
    expect(details.outcome).toBe('failed');
    const failure = details.failures[0];
    expect(failure).toBeDefined();
    expect(feedback).toContain(`\`${failure?.call}\` should return ${failure?.expected}, but it returns ${failure?.actual}`);
    expect(codeTsDomain.leaks(task, feedback)).toBe(false);
    expect(codeTsDomain.leaks(task, `Try this:\n${task.privileged.answer}`)).toBe(true);
    expect(verdict.summary).toMatch(/tests failed/);
  });

  it("reports a throw as the failing call's error", async () => {
    const { details, feedback } = await verdictOf(
      task,
      ts(`function ${entryPoint}(xs: number[]): number {\n  throw new RangeError("nope");\n}`),
    );
    expect(details.failures[0]?.error).toBe('RangeError: nope');
    expect(feedback).toMatch(/but it throws RangeError: nope/);
  });
});

describe('MultiPL-E TypeScript files as distributed', () => {
  let humaneval: Task<CodeTsPrivileged> | undefined;
  let mbpp: Task<CodeTsPrivileged> | undefined;
  beforeAll(async () => {
    [humaneval] = (await loadTaskFile(fixture('humaneval-ts.jsonl'), codeTsDomain)) as Task<CodeTsPrivileged>[];
    [mbpp] = (await loadTaskFile(fixture('mbpp-ts.jsonl'), codeTsDomain)) as Task<CodeTsPrivileged>[];
  });

  it('reads the header as the declared signature and each assert as a test', () => {
    expect(humaneval?.privileged).toMatchObject({
      entryPoint: 'has_close_elements',
      signature: '(numbers: number[], threshold: number) => boolean',
    });
    expect(humaneval?.privileged.tests).toHaveLength(7);
    expect(humaneval?.privileged.tests[0]).toEqual({ call: 'has_close_elements([1.0, 2.0, 3.9, 4.0, 5.0, 2.2], 0.3)', expected: 'true' });
    expect(mbpp?.metadata.benchmark).toBe('multipl-e/mbpp');
  });

  it('accepts a whole function, and a completion after the header with diagnostics on its own lines', async () => {
    if (!humaneval || !mbpp) throw new Error('fixtures did not load');
    const whole = await codeTsDomain.verify(
      humaneval,
      ts(
        'function has_close_elements(numbers: number[], threshold: number): boolean {\n  for (let i = 0; i < numbers.length; i++)\n    for (let j = i + 1; j < numbers.length; j++)\n      if (Math.abs(numbers[i] - numbers[j]) < threshold) return true;\n  return false;\n}',
      ),
    );
    expect(whole.correct, whole.summary).toBe(true);
    const completion = await codeTsDomain.verify(
      mbpp,
      ts('  if (n < 2) return true;\n  for (let d = 2; d * d <= n; d++) if (n % d === 0) return true;\n  return false;\n}'),
    );
    expect(completion.correct, completion.summary).toBe(true);
    const broken = await verdictOf(mbpp, ts('  const k: boolean = n;\n  return k;\n}'));
    expect(broken.details.diagnostics[0]).toMatchObject({ code: 2322, line: 1 });
  });

  it('names the field of a record that does not fit', () => {
    expect(() =>
      codeTsDomain.parseRecord({ name: 'x', language: 'py', prompt: 'def f():', tests: 'assert f()' }, { file: 'he.jsonl', line: 4 }),
    ).toThrow(/he\.jsonl:4: field "language": "py" is not TypeScript/);
    expect(() =>
      codeTsDomain.parseRecord(
        { name: 'x', language: 'ts', prompt: 'function f(): number {\n', tests: 'test();' },
        { file: 'he.jsonl', line: 2 },
      ),
    ).toThrow(/he\.jsonl:2: field "tests": no assert\.deepEqual/);
  });
});
