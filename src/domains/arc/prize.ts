import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { TaskFormatError } from '../../core/errors.js';
import { isObject, type RecordLocation } from '../records.js';

// The ARC Prize (Kaggle) layout: the test outputs are not in the challenges file but in a
// solutions file beside it, keyed by the same task ids.

const CHALLENGES = /_challenges\.json(\.gz)?$/i;
const SOLUTIONS = /_solutions\.json(\.gz)?$/i;

/** `{task_id: {train, test}}`: every value is a task. */
export function isPrizeChallenges(record: Record<string, unknown>): boolean {
  const values = Object.values(record);
  return values.length > 0 && values.every((v) => isObject(v) && 'train' in v && 'test' in v);
}

/** `{task_id: [grid, …]}` in a file named like a solutions file. */
export function isPrizeSolutions(record: Record<string, unknown>, where: RecordLocation): boolean {
  const values = Object.values(record);
  return SOLUTIONS.test(where.file) && values.length > 0 && values.every(Array.isArray);
}

/** Each challenge with its test outputs filled in from the solutions file. */
export function joinPrizeFiles(
  challenges: Record<string, unknown>,
  where: RecordLocation,
): Array<{ id: string; task: Record<string, unknown> }> {
  const solutionsFile = where.file.replace(/_challenges(\.json(\.gz)?)$/i, '_solutions$1');
  if (!CHALLENGES.test(where.file) || !existsSync(solutionsFile)) {
    const expected = CHALLENGES.test(where.file) ? basename(solutionsFile) : '<name>_solutions.json, beside <name>_challenges.json';
    throw new TaskFormatError(
      { ...where, field: 'test.0.output' },
      `missing: ARC Prize challenges carry no test outputs; they are read from the solutions file (${expected})`,
    );
  }
  const solutions = readSolutions(solutionsFile);
  return Object.entries(challenges).map(([id, challenge]) => {
    const task = challenge as Record<string, unknown>;
    const outputs = solutions[id];
    if (!Array.isArray(outputs))
      throw new TaskFormatError({ file: solutionsFile, field: id }, `missing: no solution for challenge "${id}"`);
    const tests = Array.isArray(task.test) ? task.test : [];
    if (outputs.length !== tests.length) {
      throw new TaskFormatError(
        { file: solutionsFile, field: id },
        `${outputs.length} solution grid(s) for the ${tests.length} test input(s) of challenge "${id}"`,
      );
    }
    const test = tests.map((t, i) => ({ ...(isObject(t) ? t : {}), output: outputs[i] }));
    return { id, task: { ...task, test } };
  });
}

function readSolutions(file: string): Record<string, unknown> {
  let value: unknown;
  try {
    const bytes = readFileSync(file);
    value = JSON.parse((bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8'));
  } catch (error) {
    throw new TaskFormatError({ file }, `invalid JSON (${(error as Error).message})`);
  }
  if (!isObject(value)) throw new TaskFormatError({ file }, 'expected a JSON object of task id → output grids');
  return value;
}
