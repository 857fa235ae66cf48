import { z } from 'zod';
import { TaskFormatError } from '../../core/errors.js';
import type { Task } from '../../core/types.js';
import { checkRecord, recordId, type RecordLocation } from '../records.js';
import { pyLiteral } from './evalplus.js';
import type { CodePrivileged, CodeTest } from './types.js';

// APPS (`codeparrot/apps` {train,test}.jsonl): `input_output` is a JSON string of
// {inputs, outputs, fn_name?}. Without `fn_name` every pair is a script test (the program reads the
// input on standard input and must print the output); with it, each input is an argument list for
// that function (a method of `Solution` when the starter code is a LeetCode-style class).

/** What the APPS and LiveCodeBench judges import before a solution, so starter code such as `List[int]` runs. */
export const JUDGE_IMPORTS = [
  'import bisect, collections, functools, heapq, itertools, math, random, re, string, sys',
  'from typing import *',
  'from collections import *',
  'from functools import *',
  'from heapq import *',
  'from itertools import *',
  'from math import *',
  // math.pow must not hide the built-in pow (three-argument pow is common in judged solutions).
  'from builtins import *',
].join('\n');

const FUNCTION_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const apps = z.object({
  problem_id: z.union([z.string(), z.number()]).optional(),
  question: z.string().min(1),
  solutions: z.string().optional(),
  input_output: z.string().min(1),
  starter_code: z.string().optional(),
  difficulty: z.string().optional(),
  url: z.string().optional(),
});
const inputOutput = z.object({
  inputs: z.array(z.unknown()).min(1),
  outputs: z.array(z.unknown()).min(1),
  fn_name: z.string().regex(FUNCTION_NAME, 'must be a Python function name').optional(),
});

/** Printed text from a JSON value: APPS stores some inputs and outputs as lists of lines. */
export function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(asText).join('\n');
  return JSON.stringify(value);
}

export function scriptTests(inputs: unknown[], outputs: unknown[]): CodeTest[] {
  return inputs.map((input, i) => ({ kind: 'stdio', input: asText(input), expected: asText(outputs[i]) }));
}

/** The call of a test: a plain function, or a method of the LeetCode-style `Solution` class. */
export function callOf(fnName: string, starterCode: string, args: unknown[]): string {
  const target = /^class\s+Solution\b/m.test(starterCode) ? `Solution().${fnName}` : fnName;
  return `${target}(${args.map(pyLiteral).join(', ')})`;
}

/** Prompt text for a judged problem: the statement, then how the answer is run. */
export function judgedPrompt(statement: string, starterCode: string, fnName: string | undefined): string {
  const how = fnName
    ? [
        `Write it in Python; your code will be tested by calling \`${fnName}\`.`,
        ...(starterCode.trim() ? ['Start from this code:', '', '```python', starterCode.replace(/\s+$/, ''), '```'] : []),
      ]
    : ['Write a complete Python program that reads the input from standard input and prints the answer to standard output.'];
  return [statement.trim(), '', ...how, '', 'Reply with the complete code in a ```python code block.'].join('\n');
}

function parseJsonField(text: string, where: RecordLocation, field: string, format: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new TaskFormatError({ ...where, field }, `is not valid JSON (${format} format): ${(error as Error).message}`);
  }
}

export function parseApps(record: Record<string, unknown>, where: RecordLocation): Task<CodePrivileged> {
  const r = checkRecord(apps, record, where, 'APPS');
  const io = checkRecord(
    z.object({ input_output: inputOutput }),
    { input_output: parseJsonField(r.input_output, where, 'input_output', 'APPS') },
    where,
    'APPS',
  ).input_output;
  if (io.inputs.length !== io.outputs.length)
    throw new TaskFormatError(
      { ...where, field: 'input_output' },
      `has ${io.inputs.length} inputs but ${io.outputs.length} outputs (APPS format)`,
    );
  const starter = r.starter_code ?? '';
  let tests: CodeTest[];
  if (io.fn_name) {
    const fnName = io.fn_name;
    tests = io.inputs.map((args, i) => {
      if (!Array.isArray(args))
        throw new TaskFormatError({ ...where, field: `input_output.inputs.${i}` }, 'expected a list of arguments (APPS call-based format)');
      // APPS wraps each expected return value in a one-element list.
      const out = io.outputs[i];
      const value = Array.isArray(out) && out.length === 1 ? out[0] : out;
      return { kind: 'equals', call: callOf(fnName, starter, args), expected: pyLiteral(value) };
    });
  } else tests = scriptTests(io.inputs, io.outputs);
  const solutions = r.solutions ? parseJsonField(r.solutions, where, 'solutions', 'APPS') : [];
  const reference = Array.isArray(solutions) && typeof solutions[0] === 'string' ? solutions[0] : '';
  return {
    id: recordId(record, where, ['problem_id', 'id']),
    domain: 'code',
    prompt: judgedPrompt(r.question, starter, io.fn_name),
    privileged: { answer: reference, entryPoint: io.fn_name ?? '', tests, setup: JUDGE_IMPORTS },
    metadata: {
      source: where.file,
      line: where.line,
      format: io.fn_name ? 'apps-call' : 'apps-stdio',
      // APPS names levels (introductory, interview, competition); difficulty is numeric here.
      ...(r.difficulty ? { level: r.difficulty } : {}),
      ...(r.url ? { url: r.url } : {}),
    },
  };
}
