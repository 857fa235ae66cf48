import type { Task } from '../../core/types.js';
import { normalizeCode } from './extract.js';
import type { CodePrivileged } from './types.js';

// The code leak check, the last line of defence between the reference solution and the student: the
// leak guard (core/leak-guard.ts) runs every text from a teacher that knows the answer through it
// before the student sees it, so whatever it misses reaches the student.

const TRIVIAL = /^(return|pass|else:|try:|break|continue|returnresult|returnout|returnTrue|returnFalse|returnNone|\)|\]|\})$/;

/** The lines of the reference that identify it: no blank lines, comments, docstrings or the header. */
function distinctiveLines(reference: string): string[] {
  const withoutDocstrings = reference.replace(/("""|''')[\s\S]*?\1/g, '');
  return normalizeCode(withoutDocstrings)
    .split('\n')
    .filter((line) => !/^\s*(async\s+)?def\s/.test(line))
    .map((line) => line.replace(/\s+/g, ''))
    .filter((line) => line.length >= 6 && !TRIVIAL.test(line));
}

/**
 * True when the feedback gives the reference solution away: it contains a distinctive line of the
 * reference's body (spacing ignored; for longer solutions, at least a third of them), or it
 * contains a code block that defines the function.
 */
export function codeLeaks(task: Task<CodePrivileged>, feedback: string): boolean {
  const { answer, entryPoint } = task.privileged;
  const text = feedback.replace(/\s+/g, '');
  if (answer.trim() && text.includes(answer.replace(/\s+/g, ''))) return true;
  if (new RegExp(`def\\s+${entryPoint}\\s*\\([^)]*\\)\\s*:\\s*\\S`).test(feedback)) return true;
  const lines = distinctiveLines(answer);
  if (lines.length === 0) return false;
  const found = lines.filter((line) => text.includes(line)).length;
  return lines.length <= 2 ? found > 0 : found >= Math.max(1, Math.ceil(lines.length / 3));
}
