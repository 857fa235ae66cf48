import type { Task } from '../../core/types.js';
import { normalizeTypeScript } from './extract.js';
import type { CodeTsPrivileged } from './types.js';

// The leak check between the reference solution and the student: every text from a teacher that
// knows the answer passes through it (core/leak-guard.ts) before the student sees it.

const TRIVIAL = /^(return|\}|\{|\);?|\];?|\}\);?|else\{|\}else\{|letresult=\[\];|returnresult;|returntotal;)$/;

function distinctiveLines(reference: string): string[] {
  return normalizeTypeScript(reference)
    .split('\n')
    .filter((line) => !/^(export\s+)?function\s/.test(line))
    .map((line) => line.replace(/\s+/g, ''))
    .filter((line) => line.length >= 8 && !TRIVIAL.test(line));
}

/** True when the feedback holds the reference, a distinctive line of its body, or a block defining the function. */
export function codeTsLeaks(task: Task<CodeTsPrivileged>, feedback: string): boolean {
  const { answer, entryPoint } = task.privileged;
  if (!answer.trim()) return false;
  const text = feedback.replace(/\s+/g, '');
  if (text.includes(answer.replace(/\s+/g, ''))) return true;
  if (new RegExp(`function\\s+${entryPoint}\\s*\\([^)]*\\)[^{]*\\{\\s*\\S`).test(feedback)) return true;
  const lines = distinctiveLines(answer);
  if (lines.length === 0) return false;
  const found = lines.filter((line) => text.includes(line)).length;
  return lines.length <= 2 ? found > 0 : found >= Math.max(1, Math.ceil(lines.length / 3));
}
