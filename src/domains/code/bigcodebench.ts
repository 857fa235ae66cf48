import { z } from 'zod';
import { TaskFormatError } from '../../core/errors.js';
import type { Task } from '../../core/types.js';
import type { Sandbox } from '../../sandbox/types.js';
import { checkRecord, recordId, type RecordLocation } from '../records.js';
import type { CodePrivileged, CodeTest } from './types.js';

// BigCodeBench (`bigcode/bigcodebench` Parquet splits, `BigCodeBench-v0.1.x.jsonl.gz`): `test` is a
// module defining `class TestCases(unittest.TestCase)`. Each test method is one test, run on its
// own, so the verdict names the method that fails. The libraries a task needs (`libs`) are
// imported in the sandbox before any attempt is judged: one that is missing is an environment
// error, which fails the episode (reported apart from wrong answers), never a wrong answer.

const name = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a Python function name');
const bigCodeBench = z.object({
  task_id: z.union([z.string(), z.number()]).optional(),
  complete_prompt: z.string().min(1),
  instruct_prompt: z.string().optional(),
  canonical_solution: z.string(),
  code_prompt: z.string().optional(),
  test: z.string().min(1),
  entry_point: name,
  libs: z.union([z.string(), z.array(z.string())]).default([]),
});

/** `libs` as published: a list, or the Python repr of one ("['random', 'itertools']"). */
export function parseLibs(libs: string | string[]): string[] {
  if (Array.isArray(libs)) return libs;
  return [...libs.matchAll(/['"]([A-Za-z_][A-Za-z0-9_.]*)['"]/g)].map((m) => m[1] as string);
}

/** The test methods of `TestCases`, in source order. */
export function testMethods(test: string): string[] {
  const lines = test.replace(/\r\n/g, '\n').split('\n');
  const start = lines.findIndex((l) => /^class\s+TestCases\s*\(/.test(l));
  if (start < 0) return [];
  const methods: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^\S/.test(line)) break;
    const m = /^\s+def\s+(test[A-Za-z0-9_]*)\s*\(\s*self/.exec(line);
    if (m) methods.push(m[1] as string);
  }
  return methods;
}

/** One method of the test class, run alone; its exception (assertion or error) is re-raised as is. */
function methodTest(test: string, method: string): CodeTest {
  const code = [
    'import unittest as __didactic_unittest',
    `exec(${JSON.stringify(test)}, globals())`,
    'class __DidacticResult(__didactic_unittest.TestResult):',
    '    def addError(self, test, err):',
    '        raise err[1]',
    '    def addFailure(self, test, err):',
    '        raise err[1]',
    `TestCases(${JSON.stringify(method)}).run(__DidacticResult())`,
  ].join('\n');
  return { kind: 'assert', code, name: `TestCases.${method}` };
}

export function parseBigCodeBench(record: Record<string, unknown>, where: RecordLocation): Task<CodePrivileged> {
  const r = checkRecord(bigCodeBench, record, where, 'BigCodeBench');
  const header = new RegExp(`^def\\s+${r.entry_point}\\s*\\(`, 'm').exec(r.complete_prompt);
  if (!header)
    throw new TaskFormatError(
      { ...where, field: 'complete_prompt' },
      `does not define the entry point ${r.entry_point}() (BigCodeBench format)`,
    );
  const methods = testMethods(r.test);
  if (methods.length === 0)
    throw new TaskFormatError(
      { ...where, field: 'test' },
      'defines no test methods in class TestCases(unittest.TestCase) (BigCodeBench format)',
    );
  return {
    id: recordId(record, where),
    domain: 'code',
    prompt: [
      'Complete this Python function. Reply with the whole function, with its imports, in a ```python code block.',
      '',
      '```python',
      r.complete_prompt.replace(/\s+$/, ''),
      '```',
    ].join('\n'),
    privileged: {
      answer: r.canonical_solution,
      entryPoint: r.entry_point,
      tests: methods.map((m) => methodTest(r.test, m)),
      setup: r.complete_prompt.slice(0, header.index).replace(/\s+$/, ''),
      completionPrefix: r.complete_prompt.slice(header.index),
      libs: parseLibs(r.libs),
      timeoutMs: 30_000,
    },
    metadata: { source: where.file, line: where.line, format: 'bigcodebench' },
  };
}

/** Thrown when the sandbox lacks what a task needs: the environment's fault, not the answer's. */
export class EnvironmentError extends Error {
  override name = 'EnvironmentError';
}

const checked = new WeakMap<Task<CodePrivileged>, Promise<string[]>>();

/** Fails with an EnvironmentError when a library the task declares cannot be imported in the sandbox. */
export async function checkLibraries(task: Task<CodePrivileged>, sandbox: Sandbox): Promise<void> {
  const libs = task.privileged.libs ?? [];
  if (libs.length === 0) return;
  let missing = checked.get(task);
  if (!missing) {
    missing = sandbox.run({ code: '', calls: [], statements: libs.map((lib) => `import ${lib}`), timeoutMs: 60_000 }).then((result) => {
      if (result.status !== 'completed')
        throw new EnvironmentError(`importing ${libs.join(', ')} did not finish: ${result.reason ?? result.status}`);
      return libs.filter((_, i) => {
        const outcome = result.statements[i];
        return !outcome?.ok && /^(ModuleNotFoundError|ImportError)$/.test(outcome?.error.type ?? '');
      });
    });
    checked.set(task, missing);
    missing.catch(() => checked.delete(task));
  }
  const absent = await missing;
  if (absent.length > 0)
    throw new EnvironmentError(
      `environment error: the sandbox cannot import ${absent.join(', ')} (needed by task ${task.id}); this is not scored as a wrong answer`,
    );
}
