import { z } from 'zod';
import { TaskFormatError } from '../../core/errors.js';
import type { Task } from '../../core/types.js';
import { checkRecord, recordId, type RecordLocation } from '../records.js';
import type { CodePrivileged, CodeTest } from './types.js';

// EvalPlus's HumanEval+ and MBPP+ (`HumanEvalPlus-v0.1.x.jsonl`, `MbppPlus-v0.x.jsonl`): inputs
// without outputs. The expected value of each input is what the canonical solution returns on it,
// computed in the sandbox (never with an attempt in the same job), and floats are compared with the
// record's `atol`. The student sees the prompt; every base and plus input is a test.

const name = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a Python function name');
const evalPlus = z.object({
  task_id: z.union([z.string(), z.number()]).optional(),
  prompt: z.string().min(1),
  entry_point: name,
  canonical_solution: z.string().min(1),
  base_input: z.array(z.array(z.unknown())),
  plus_input: z.array(z.array(z.unknown())).default([]),
  atol: z.number().min(0).default(0),
});

/** A JSON value written as a Python literal. */
export function pyLiteral(value: unknown): string {
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number')
    return Number.isFinite(value) ? String(value) : value > 0 ? "float('inf')" : value < 0 ? "float('-inf')" : "float('nan')";
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(pyLiteral).join(', ')}]`;
  if (typeof value === 'object')
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}: ${pyLiteral(v)}`)
      .join(', ')}}`;
  return 'None';
}

export function parseEvalPlus(record: Record<string, unknown>, where: RecordLocation): Task<CodePrivileged> {
  const r = checkRecord(evalPlus, record, where, 'EvalPlus');
  const humanEvalStyle = new RegExp(`^def\\s+${r.entry_point}\\s*\\(`, 'm').exec(r.prompt);
  // HumanEval+: the prompt is the function's header and the solution its body; MBPP+: the solution is whole.
  const reference =
    humanEvalStyle && !new RegExp(`def\\s+${r.entry_point}\\s*\\(`).test(r.canonical_solution)
      ? r.prompt + r.canonical_solution
      : r.canonical_solution;
  if (!new RegExp(`def\\s+${r.entry_point}\\s*\\(`).test(reference)) {
    throw new TaskFormatError(
      { ...where, field: 'canonical_solution' },
      `does not define the entry point ${r.entry_point}() (EvalPlus format)`,
    );
  }
  const inputs = [...r.base_input, ...r.plus_input];
  if (inputs.length === 0) throw new TaskFormatError({ ...where, field: 'base_input' }, 'no inputs to test (EvalPlus format)');
  const source = JSON.stringify(reference);
  const tests: CodeTest[] = inputs.map((args) => {
    const call = `${r.entry_point}(${args.map(pyLiteral).join(', ')})`;
    // Evaluated in a namespace of its own: the reference never shares one with an attempt.
    const expected = `(lambda g: (exec(${source}, g), g[${JSON.stringify(r.entry_point)}](${args.map(pyLiteral).join(', ')}))[1])({})`;
    return { kind: 'equals', call, expected, ...(r.atol > 0 ? { atol: r.atol } : {}) };
  });
  const header = humanEvalStyle;
  const setup = header ? r.prompt.slice(0, header.index).replace(/\s+$/, '') : '';
  return {
    id: recordId(record, where),
    domain: 'code',
    prompt: header
      ? [
          'Complete this Python function. Reply with the whole function in a ```python code block.',
          '',
          '```python',
          r.prompt.replace(/\s+$/, ''),
          '```',
        ].join('\n')
      : [
          r.prompt.trim(),
          '',
          `Write it as a Python function named \`${r.entry_point}\`. Reply with the complete function in a \`\`\`python code block.`,
        ].join('\n'),
    privileged: {
      answer: humanEvalStyle ? r.canonical_solution : reference,
      entryPoint: r.entry_point,
      tests,
      setup,
      ...(header ? { completionPrefix: r.prompt.slice(header.index) } : {}),
    },
    metadata: { source: where.file, line: where.line, format: 'evalplus', inputs: inputs.length },
  };
}
