import { z } from 'zod';
import { TaskFormatError } from '../../core/errors.js';
import type { Task } from '../../core/types.js';
import { checkRecord, isObject, parseNativeTask, recordId, type RecordLocation } from '../records.js';
import { renderArcPrompt } from './generate.js';
import { renderGrid, type Grid } from './grid.js';
import { isPrizeChallenges, isPrizeSolutions, joinPrizeFiles } from './prize.js';
import type { ArcPrivileged } from './types.js';

// ARC task records:
//   ARC-AGI 1 and 2: one file per task, {"train": [{"input", "output"}, …], "test": [{"input", "output"}, …]};
//                    the file's name is the task's id, and each test pair is a task of its own.
//   ARC Prize:       arc-agi_<split>_challenges.json, {task_id: {"train", "test": [{"input"}]}}, joined by
//                    id with arc-agi_<split>_solutions.json beside it, {task_id: [output grid per test input]}.
//   native:          what `didactic tasks --json` prints

const grid = z
  .array(z.array(z.number().int().min(0).max(9)).min(1))
  .min(1)
  .refine((rows) => rows.every((r) => r.length === rows[0]?.length), 'all rows must have the same length');
const pair = z.object({ input: grid, output: grid });
const arc = z.object({ train: z.array(pair).min(1), test: z.array(pair).min(1) });
const nativePrivileged = z.looseObject({ answer: z.string(), output: grid, train: z.array(pair), testInput: grid });

/** One task: the first of a record's (the form `--task` and the domain contract use). */
export function parseArcRecord(record: unknown, where: RecordLocation): Task<ArcPrivileged> {
  const [first] = parseArcRecords(record, where);
  if (!first) throw new TaskFormatError(where, 'an ARC Prize solutions file holds no tasks; load its challenges file');
  return first;
}

/** Every task of a record: one per test pair. */
export function parseArcRecords(record: unknown, where: RecordLocation): Task<ArcPrivileged>[] {
  if (!isObject(record)) throw new TaskFormatError(where, 'expected a JSON object');
  if ('privileged' in record) {
    const task = parseNativeTask(record, where, 'arc');
    const privileged = checkRecord(z.object({ privileged: nativePrivileged }), record, where, 'didactic task').privileged;
    return [{ ...task, privileged: { ...privileged, answer: renderGrid(privileged.output) } as ArcPrivileged }];
  }
  if (!('train' in record)) {
    if (isPrizeChallenges(record)) {
      return joinPrizeFiles(record, where).flatMap(({ id, task }) => arcTasks(task, { ...where, id }, 'ARC Prize challenge'));
    }
    // Read with its challenges file; on its own it has nothing to ask.
    if (isPrizeSolutions(record, where)) return [];
    throw new TaskFormatError(
      { ...where, field: 'train' },
      'missing: an arc task needs "train" and "test" (ARC format), a file of ARC Prize challenges, or "privileged" (didactic task)',
    );
  }
  return arcTasks(record, where, 'ARC');
}

function arcTasks(record: Record<string, unknown>, where: RecordLocation, format: string): Task<ArcPrivileged>[] {
  const r = checkRecord(arc, record, where, format);
  const base = recordId(record, where);
  return r.test.map((test: { input: Grid; output: Grid }, i) => ({
    // ARC scores each test input on its own; a task with two gets ids <task>.0 and <task>.1.
    id: r.test.length === 1 ? base : `${base}.${i}`,
    domain: 'arc',
    prompt: renderArcPrompt(r.train, test.input),
    privileged: { answer: renderGrid(test.output), output: test.output, train: r.train, testInput: test.input },
    metadata: { source: where.file, line: where.line, arcTask: base, testIndex: i, testCount: r.test.length },
  }));
}
