import type { Task } from '../../core/types.js';
import { normalizeExpression, solves } from './expression.js';
import { solvesTinyZero } from './tinyzero.js';
import type { CountdownPrivileged } from './types.js';

// The Countdown leak check, the last line of defence between a solution and the student: the leak
// guard (core/leak-guard.ts) runs every text from a teacher that knows the answer through it before
// the student sees it, so whatever it misses reaches the student.

const compact = (s: string): string => normalizeExpression(s).replace(/\s+/g, '');

/**
 * A leak is any expression written in the feedback that makes the target from the given numbers
 * under the rules (the reference or any other solution), found by trying every sub-span of every
 * run of arithmetic in the text. A solution described only in words is not caught.
 */
export function countdownLeaks(task: Task<CountdownPrivileged>, feedback: string): boolean {
  const { numbers, target, answer } = task.privileged;
  const makesTarget = task.privileged.rules === 'tinyzero' ? solvesTinyZero : solves;
  if (compact(feedback).includes(compact(answer))) return true;
  const text = normalizeExpression(feedback);
  for (const run of text.match(/[\d(][\d\s()+\-*/]*/g) ?? []) {
    const tokens = run.match(/\d+|[()+\-*/]/g) ?? [];
    for (let i = 0; i < tokens.length; i++) {
      if (!/^[\d(]/.test(tokens[i] as string)) continue;
      // A solution holds at most as many numbers as are given: longer spans need not be parsed.
      let count = 0;
      for (let j = i; j < tokens.length; j++) {
        if (/^\d/.test(tokens[j] as string) && ++count > numbers.length) break;
        if (!/^[\d)]/.test(tokens[j] as string)) continue;
        if (makesTarget(tokens.slice(i, j + 1).join(' '), numbers, target)) return true;
      }
    }
  }
  return false;
}
