import { z } from 'zod';
import { TaskFormatError } from '../../core/errors.js';
import type { Task } from '../../core/types.js';
import { checkRecord, isObject, parseNativeTask, recordId, type RecordLocation } from '../records.js';
import { solves } from './expression.js';
import { renderCountdownPrompt } from './generate.js';
import { reachableValues } from './solve.js';
import { renderTinyZeroPrompt, solveTinyZero, solvesTinyZero } from './tinyzero.js';
import type { CountdownPrivileged } from './types.js';

// Countdown task records: didactic's own task format, or just the round:
//   classic:  {"numbers": [25, 50, 3, 7, 8, 1], "target": 826}    (each number at most once, whole steps)
//   TinyZero: {"nums": [44, 19, 35], "target": 98}                (Jiayi-Pan/Countdown-Tasks-3to4: each
//             number exactly once, fractions allowed on the way; see tinyzero.ts)
// A plain round is solved by search when it is loaded; an unsolvable round is an error.

const number = z.number().int().positive();
const numbers = z.array(number).min(2).max(7);
const nativePrivileged = z.looseObject({
  answer: z.string().min(1),
  numbers,
  target: number,
  fewestNumbers: z.number().int().exactOptional(),
  rules: z.literal('tinyzero').exactOptional(),
});
const tinyzero = z.object({ nums: numbers, target: number });
const plain = z.object({ numbers, target: number });

export function parseCountdownRecord(record: unknown, where: RecordLocation): Task<CountdownPrivileged> {
  if (!isObject(record)) throw new TaskFormatError(where, 'expected a JSON object');
  if ('privileged' in record) {
    const task = parseNativeTask(record, where, 'countdown');
    const privileged = checkRecord(z.object({ privileged: nativePrivileged }), record, where, 'didactic task').privileged;
    const valid = privileged.rules === 'tinyzero' ? solvesTinyZero : solves;
    if (!valid(privileged.answer, privileged.numbers, privileged.target)) {
      throw new TaskFormatError(
        { ...where, field: 'privileged.answer' },
        `"${privileged.answer}" does not make ${privileged.target} from the given numbers`,
      );
    }
    return { ...task, privileged };
  }
  if ('nums' in record) return parseTinyZeroRound(record, where);
  if (!('numbers' in record)) {
    throw new TaskFormatError(
      { ...where, field: 'numbers' },
      'missing: a countdown task needs "numbers" and "target", TinyZero\'s "nums" and "target", or "privileged" (didactic task)',
    );
  }
  const r = checkRecord(plain, record, where, 'countdown {numbers, target}');
  const solution = reachableValues(r.numbers).get(r.target);
  if (!solution) throw new TaskFormatError({ ...where, field: 'target' }, `${r.target} cannot be made from ${r.numbers.join(', ')}`);
  return {
    id: recordId(record, where),
    domain: 'countdown',
    prompt: renderCountdownPrompt(r.numbers, r.target),
    privileged: { answer: solution.expression, numbers: r.numbers, target: r.target, fewestNumbers: solution.count },
    metadata: { source: where.file, line: where.line },
  };
}

function parseTinyZeroRound(record: Record<string, unknown>, where: RecordLocation): Task<CountdownPrivileged> {
  const r = checkRecord(tinyzero, record, where, 'TinyZero countdown {nums, target}');
  const answer = solveTinyZero(r.nums, r.target);
  if (!answer) {
    throw new TaskFormatError(
      { ...where, field: 'target' },
      `${r.target} cannot be made from ${r.nums.join(', ')} using each number exactly once`,
    );
  }
  return {
    id: recordId(record, where),
    domain: 'countdown',
    prompt: renderTinyZeroPrompt(r.nums, r.target),
    privileged: { answer, numbers: r.nums, target: r.target, rules: 'tinyzero' },
    metadata: { source: where.file, line: where.line, format: 'tinyzero' },
  };
}
