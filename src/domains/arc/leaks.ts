import type { Task } from '../../core/types.js';
import { giveawayWords } from './rules.js';
import type { ArcPrivileged } from './types.js';

// The ARC leak check, the last line of defence between the output grid (or the hidden rule) and the
// student: the leak guard (core/leak-guard.ts) runs every text from a teacher that knows the answer
// through it before the student sees it, so whatever it misses reaches the student.

/**
 * A leak is the output grid written out — as rows on lines, as a JSON array, or as rows run
 * together on one line: any run of digits separated only by spaces, commas, bars, slashes,
 * semicolons or brackets that contains the output's cells in order — or wording that names the
 * hidden rule (for generated tasks, whose rule is known).
 */
export function arcLeaks(task: Task<ArcPrivileged>, feedback: string): boolean {
  const flat = task.privileged.output.flat().join('');
  for (const run of feedback.match(/\d(?:[\s,;|/[\]]*\d)*/g) ?? []) {
    const digits = run.replace(/\D/g, '');
    // A tiny output (a few cells) would match stray row and column numbers; require the whole run.
    if (flat.length >= 4 ? digits.includes(flat) : digits === flat && /\D/.test(run)) return true;
  }
  const rule = task.privileged.rule;
  return rule !== undefined && giveawayWords(rule).some((re) => re.test(feedback));
}
