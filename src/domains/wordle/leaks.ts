import type { Task } from '../../core/types.js';
import type { WordlePrivileged } from './types.js';

// The Wordle leak check, the last line of defence between the hidden word and the student: the leak
// guard (core/leak-guard.ts) runs every text from a teacher that knows the answer through it before
// the student sees it, so whatever it misses reaches the student.

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A leak is the target written out: as a word in any case, or spelled letter by letter with
 * separators ("C R A N E", "c-r-a-n-e"). Describing every position in prose is not caught.
 */
export function wordleLeaks(task: Task<WordlePrivileged>, feedback: string): boolean {
  const target = task.privileged.answer.toUpperCase();
  const word = new RegExp(`(?<![A-Za-z])${escapeRegExp(target)}(?![A-Za-z])`, 'i');
  if (word.test(feedback)) return true;
  const spelled = new RegExp(`(?<![A-Za-z])${target.split('').map(escapeRegExp).join('[^A-Za-z0-9]{1,3}')}(?![A-Za-z])`, 'i');
  return spelled.test(feedback);
}
