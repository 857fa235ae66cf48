import { z } from 'zod';
import { TaskFormatError } from '../../core/errors.js';
import type { Task } from '../../core/types.js';
import type { PyValue, Sandbox } from '../../sandbox/types.js';
import { fromJs } from '../../sandbox/values.js';
import { checkRecord, recordId, type RecordLocation } from '../records.js';
import { callOf, JUDGE_IMPORTS, judgedPrompt } from './apps.js';
import { pyLiteral } from './evalplus.js';
import type { CodePrivileged, CodeTest } from './types.js';

// LiveCodeBench (`livecodebench/code_generation_lite` test*.jsonl). Test cases are
// [{input, output, testtype: "stdin" | "functional"}]; `public_test_cases` is JSON, and
// `private_test_cases` is JSON or base64(zlib(pickle(json))). A pickle can run code when it is
// loaded, so packed tests are unpacked in the sandbox, never on the host, the first time the task
// is verified. Functional inputs are one JSON value per line, the arguments of `func_name`.

const lcb = z.object({
  question_id: z.union([z.string(), z.number()]),
  question_title: z.string().optional(),
  question_content: z.string().min(1),
  platform: z.string().optional(),
  contest_id: z.union([z.string(), z.number()]).optional(),
  contest_date: z.string().refine((d) => !Number.isNaN(Date.parse(d)), 'expected an ISO date'),
  starter_code: z.string().default(''),
  difficulty: z.string().optional(),
  public_test_cases: z.string(),
  private_test_cases: z.string().default('[]'),
  metadata: z.string().default('{}'),
});
const testCase = z.object({ input: z.string(), output: z.string(), testtype: z.enum(['stdin', 'functional']) });
const metadata = z.object({
  func_name: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a Python function name')
    .optional(),
});

type TestCase = z.infer<typeof testCase>;
export interface PackedTests {
  /** base64(zlib(pickle(json))) as published. */
  blob: string;
  fnName?: string;
  starterCode: string;
}

function json(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** One LiveCodeBench test case as a didactic test; `where` names the field when it is malformed. */
export function caseToTest(c: TestCase, fnName: string | undefined, starterCode: string, where: () => string): CodeTest {
  if (c.testtype === 'stdin') return { kind: 'stdio', input: c.input, expected: c.output };
  if (!fnName) throw new Error(`${where()}: a functional test needs metadata.func_name`);
  const args = c.input
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map(json);
  const expected = json(c.output);
  if (args.some((a) => a === undefined) || expected === undefined) throw new Error(`${where()}: functional input or output is not JSON`);
  return { kind: 'equals', call: callOf(fnName, starterCode, args), expected: pyLiteral(expected), expectedValue: fromJs(expected) };
}

export function parseLiveCodeBench(record: Record<string, unknown>, where: RecordLocation): Task<CodePrivileged> {
  const r = checkRecord(lcb, record, where, 'LiveCodeBench');
  const meta = checkRecord(z.object({ metadata }), { metadata: json(r.metadata) ?? {} }, where, 'LiveCodeBench').metadata;
  const fnName = meta.func_name;
  const cases = (field: string, value: unknown): CodeTest[] => {
    const parsed = checkRecord(z.object({ [field]: z.array(testCase) }), { [field]: value }, where, 'LiveCodeBench')[field] as TestCase[];
    return parsed.map((c, i) => {
      try {
        return caseToTest(c, fnName, r.starter_code, () => `${field}.${i}`);
      } catch (error) {
        throw new TaskFormatError({ ...where, field: `${field}.${i}` }, (error as Error).message.replace(/^[^:]*: /, ''));
      }
    });
  };
  const publicTests = cases('public_test_cases', json(r.public_test_cases));
  const plainPrivate = json(r.private_test_cases);
  const privateTests = plainPrivate === undefined ? [] : cases('private_test_cases', plainPrivate);
  const packed: PackedTests | undefined =
    plainPrivate === undefined
      ? { blob: r.private_test_cases.trim(), starterCode: r.starter_code, ...(fnName ? { fnName } : {}) }
      : undefined;
  if (publicTests.length + privateTests.length === 0 && !packed)
    throw new TaskFormatError({ ...where, field: 'public_test_cases' }, 'no tests (LiveCodeBench format)');
  return {
    id: recordId(record, where, ['question_id']),
    domain: 'code',
    prompt: judgedPrompt(r.question_content, r.starter_code, fnName),
    privileged: {
      answer: '',
      entryPoint: fnName ?? '',
      tests: [...publicTests, ...privateTests],
      setup: JUDGE_IMPORTS,
      ...(packed ? { packedTests: packed } : {}),
    },
    metadata: {
      source: where.file,
      line: where.line,
      format: fnName ? 'livecodebench-functional' : 'livecodebench-stdin',
      contestDate: r.contest_date,
      ...(r.platform ? { platform: r.platform } : {}),
      ...(r.difficulty ? { level: r.difficulty } : {}),
    },
  };
}

const UNPACK = (blob: string): string =>
  `import base64, json, pickle, zlib\n_tests = json.loads(pickle.loads(zlib.decompress(base64.b64decode(${JSON.stringify(blob)}))))`;

function field(value: PyValue, name: string): string | undefined {
  if (value.t !== 'dict') return undefined;
  const found = value.v.find(([k]) => k.t === 'str' && k.v === name)?.[1];
  return found?.t === 'str' ? found.v : undefined;
}

const unpacked = new WeakMap<Task<CodePrivileged>, Promise<CodeTest[]>>();

/** Every test of a task: its plain tests, then its packed ones, unpacked in the sandbox once per task. */
export function allTests(task: Task<CodePrivileged>, sandbox: Sandbox): Promise<CodeTest[]> | CodeTest[] {
  const packed = task.privileged.packedTests;
  if (!packed) return task.privileged.tests;
  const cached = unpacked.get(task);
  if (cached) return cached;
  const promise = (async () => {
    const result = await sandbox.run({ code: UNPACK(packed.blob), calls: ['_tests'], timeoutMs: 30_000 });
    const value = result.calls[0];
    if (result.status !== 'completed' || !result.load?.ok || !value?.ok || value.value.t !== 'list')
      throw new Error(
        `task ${task.id}: private_test_cases could not be unpacked (${result.reason ?? (result.load && !result.load.ok ? result.load.error.message : 'not a list')})`,
      );
    const tests = value.value.v.map((item, i) => {
      const c = testCase.safeParse({ input: field(item, 'input'), output: field(item, 'output'), testtype: field(item, 'testtype') });
      if (!c.success) throw new Error(`task ${task.id}: private_test_cases.${i} is not {input, output, testtype}`);
      return caseToTest(c.data, packed.fnName, packed.starterCode, () => `task ${task.id}: private_test_cases.${i}`);
    });
    return [...task.privileged.tests, ...tests];
  })();
  unpacked.set(task, promise);
  promise.catch(() => unpacked.delete(task));
  return promise;
}
