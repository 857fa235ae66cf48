import type { Task } from '../../core/types.js';
import { equivalent, normalizeAnswer, numericValue } from './equivalence.js';
import { lastBoxed, numbersIn } from './extract.js';
import type { MathPrivileged } from './types.js';

// The math leak check, the last line of defence between the reference answer and the student: the
// leak guard (core/leak-guard.ts) runs every text from a teacher that knows the answer through it
// before the student sees it, so whatever it misses reaches the student.

/** Spans of a text that could state a mathematical value. */
function candidateValues(text: string): string[] {
  const out = numbersIn(text);
  for (const m of text.matchAll(/-?\d+(?:\.\d+)?\s*\\?%/g)) out.push(m[0]);
  const boxed = lastBoxed(text);
  if (boxed) out.push(boxed);
  for (const m of text.matchAll(/\\[dt]?frac\s*\{[^{}]*\}\s*\{[^{}]*\}/g)) out.push(m[0]);
  for (const m of text.matchAll(/\$([^$]+)\$|\\\((.+?)\\\)/g)) out.push((m[1] ?? m[2] ?? '').trim());
  return out;
}

/** Does the text state the reference answer, in this or any equivalent form? */
export function mathLeaks(task: Task<MathPrivileged>, feedback: string): boolean {
  const answer = task.privileged.answer;
  if (candidateValues(feedback).some((c) => equivalent(c, answer))) return true;
  if (numericValue(answer) === null) {
    // A symbolic answer (an expression, a tuple, …): look for its normalised text.
    const key = (s: string): string => normalizeAnswer(s).replace(/\s+/g, '').toLowerCase();
    const needle = key(answer);
    return needle.length > 0 && key(feedback).includes(needle);
  }
  return false;
}
