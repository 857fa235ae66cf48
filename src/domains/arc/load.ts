import { z } from 'zod';
import { TaskFormatError } from '../../core/errors.js';
import type { Task } from '../../core/types.js';
import { checkRecord, isObject, parseNativeTask, recordId, type RecordLocation } from '../records.js';
import { renderArcPrompt } from './generate.js';
import { renderGrid, type Grid } from './grid.js';
import type { ArcPrivileged } from './types.js';

// ARC task files, one JSON object per line, in either format:
//   ARC:    {"train": [{"input": [[…]], "output": [[…]]}, …], "test": [{"input": [[…]], "output": [[…]]}]}
//           (the format of the ARC corpus; the first test pair is used)
//   native: what `didactic tasks --json` prints

const grid = z
  .array(z.array(z.number().int().min(0).max(9)).min(1))
  .min(1)
  .refine((rows) => rows.every((r) => r.length === rows[0]?.length), 'all rows must have the same length');
const pair = z.object({ input: grid, output: grid });
const arc = z.object({ train: z.array(pair).min(1), test: z.array(pair).min(1) });
const nativePrivileged = z.looseObject({ answer: z.string(), output: grid, train: z.array(pair), testInput: grid });

export function parseArcRecord(record: unknown, where: RecordLocation): Task<ArcPrivileged> {
  if (!isObject(record)) throw new TaskFormatError(where, 'expected a JSON object');
  if ('privileged' in record) {
    const task = parseNativeTask(record, where, 'arc');
    const privileged = checkRecord(z.object({ privileged: nativePrivileged }), record, where, 'didactic task').privileged;
    return { ...task, privileged: { ...privileged, answer: renderGrid(privileged.output) } as ArcPrivileged };
  }
  if (!('train' in record)) {
    throw new TaskFormatError(
      { ...where, field: 'train' },
      'missing: an arc task needs "train" and "test" (ARC format) or "privileged" (didactic task)',
    );
  }
  const r = checkRecord(arc, record, where, 'ARC');
  const test = r.test[0] as { input: Grid; output: Grid };
  return {
    id: recordId(record, where),
    domain: 'arc',
    prompt: renderArcPrompt(r.train, test.input),
    privileged: { answer: renderGrid(test.output), output: test.output, train: r.train, testInput: test.input },
    metadata: { source: where.file, line: where.line },
  };
}
