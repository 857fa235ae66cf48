import { z } from 'zod';
import { TaskFormatError } from '../../core/errors.js';
import type { Task } from '../../core/types.js';
import { pyValueSchema } from '../../sandbox/result.js';
import { checkRecord, isObject, parseNativeTask, recordId, type RecordLocation } from '../records.js';
import { assertToTest, humanEvalPrelude, humanEvalTests } from './asserts.js';
import { parseApps } from './apps.js';
import { parseBigCodeBench } from './bigcodebench.js';
import { parseEvalPlus } from './evalplus.js';
import { parseLiveCodeBench } from './livecodebench.js';
import type { CodePrivileged, CodeTest } from './types.js';

// Code task records: HumanEval ({task_id, prompt, canonical_solution, test, entry_point}),
// MBPP ({task_id, text, code, test_list, test_setup_code?, challenge_test_list?}), MBPP-sanitized
// ({source_file, task_id, prompt, code, test_imports, test_list}), or didactic's own task format.

const testSchema = z.union([
  z.object({
    kind: z.literal('equals'),
    call: z.string().min(1),
    expected: z.string().min(1),
    expectedValue: pyValueSchema.optional(),
    atol: z.number().min(0).optional(),
  }),
  z.object({ kind: z.literal('assert'), code: z.string().min(1), name: z.string().optional() }),
  z.object({ kind: z.literal('stdio'), input: z.string(), expected: z.string() }),
]);
const nativePrivileged = z.looseObject({
  answer: z.string(),
  entryPoint: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a Python function name'),
  tests: z.array(testSchema).min(1),
  setup: z.string().default(''),
  completionPrefix: z.string().optional(),
  timeoutMs: z.number().int().positive().optional(),
});
const humanEvalSchema = z.object({
  task_id: z.union([z.string(), z.number()]).optional(),
  prompt: z.string().min(1),
  canonical_solution: z.string(),
  test: z.string().min(1),
  entry_point: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a Python function name'),
});
const mbppSchema = z.object({
  task_id: z.union([z.string(), z.number()]).optional(),
  text: z.string().min(1),
  code: z.string().min(1),
  test_imports: z.array(z.string()).optional(),
  test_list: z.array(z.string().regex(/^\s*assert\s/, 'each test must be an assert statement')).min(1),
  test_setup_code: z.string().optional(),
  challenge_test_list: z.array(z.string()).optional(),
});

export function parseCodeRecord(record: unknown, where: RecordLocation): Task<CodePrivileged> {
  if (!isObject(record)) throw new TaskFormatError(where, 'expected a JSON object');
  if ('privileged' in record) {
    const task = parseNativeTask(record, where, 'code');
    const privileged = checkRecord(z.object({ privileged: nativePrivileged }), record, where, 'didactic task').privileged as CodePrivileged;
    return { ...task, privileged };
  }
  if ('input_output' in record) return parseApps(record, where);
  if ('complete_prompt' in record) return parseBigCodeBench(record, where);
  if ('question_content' in record || 'public_test_cases' in record) return parseLiveCodeBench(record, where);
  if ('base_input' in record || 'plus_input' in record) return parseEvalPlus(record, where);
  if ('entry_point' in record || 'canonical_solution' in record) return parseHumanEval(record, where);
  if ('test_list' in record || 'text' in record) return parseMbpp(record, where);
  throw new TaskFormatError(
    where,
    'not a code task: expected HumanEval fields (prompt, canonical_solution, test, entry_point), MBPP fields (text, code, test_list), APPS fields (question, input_output), LiveCodeBench fields (question_content, public_test_cases), BigCodeBench fields (complete_prompt, test, entry_point) or a didactic task',
  );
}

function parseHumanEval(record: Record<string, unknown>, where: RecordLocation): Task<CodePrivileged> {
  const r = checkRecord(humanEvalSchema, record, where, 'HumanEval');
  if (!new RegExp(`def\\s+${r.entry_point}\\s*\\(`).test(r.prompt)) {
    throw new TaskFormatError({ ...where, field: 'prompt' }, `does not define the entry point ${r.entry_point}() (HumanEval format)`);
  }
  // Everything in the prompt before the entry point's header (imports, helper functions) is setup.
  const header = new RegExp(`^def\\s+${r.entry_point}\\s*\\(`, 'm').exec(r.prompt);
  const setup = header ? r.prompt.slice(0, header.index) : '';
  const tests = humanEvalTests(r.test, r.entry_point);
  // Split tests need what the test file defines before check(); a whole check defines it itself.
  const prelude = tests.some((t) => t.kind === 'equals') ? humanEvalPrelude(r.test) : '';
  return {
    id: recordId(record, where),
    domain: 'code',
    prompt: [
      'Complete this Python function. Reply with the whole function in a ```python code block.',
      '',
      '```python',
      r.prompt.replace(/\s+$/, ''),
      '```',
    ].join('\n'),
    privileged: {
      answer: r.canonical_solution,
      entryPoint: r.entry_point,
      tests,
      setup: [setup.replace(/\s+$/, ''), prelude].filter(Boolean).join('\n'),
      completionPrefix: header ? r.prompt.slice(header.index) : r.prompt,
    },
    metadata: { source: where.file, line: where.line, format: 'humaneval' },
  };
}

function parseMbpp(record: Record<string, unknown>, where: RecordLocation): Task<CodePrivileged> {
  // MBPP-sanitized names the problem statement `prompt` where the full MBPP says `text`.
  const sanitized = !('text' in record) && 'prompt' in record;
  const r = checkRecord(mbppSchema, sanitized ? { ...record, text: record.prompt } : record, where, sanitized ? 'MBPP-sanitized' : 'MBPP');
  // The function under test: the reference's first function that the first test calls.
  const defined = [...r.code.matchAll(/^def\s+([A-Za-z_][A-Za-z0-9_]*)\s*\(/gm)].map((m) => m[1] as string);
  const name = defined.find((n) => new RegExp(`\\b${n}\\s*\\(`).test(r.test_list[0] as string));
  if (!name)
    throw new TaskFormatError({ ...where, field: 'test_list.0' }, 'the first test calls no function defined in "code" (MBPP format)');
  const tests: CodeTest[] = [...r.test_list, ...(r.challenge_test_list ?? [])].map((line) => assertToTest(line));
  return {
    id: recordId(record, where),
    domain: 'code',
    prompt: [
      r.text.trim(),
      `Write it as a Python function named \`${name}\`. It should pass this test:`,
      '',
      r.test_list[0]?.trim() ?? '',
      '',
      'Reply with the complete function in a ```python code block.',
    ].join('\n'),
    privileged: {
      answer: r.code.replace(/\r\n/g, '\n'),
      entryPoint: name,
      tests,
      setup: [...(r.test_imports ?? []), r.test_setup_code ?? ''].filter(Boolean).join('\n'),
    },
    metadata: { source: where.file, line: where.line, format: sanitized ? 'mbpp-sanitized' : 'mbpp' },
  };
}
