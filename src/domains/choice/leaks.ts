import type { Task } from '../../core/types.js';
import { normalizeOption } from './options.js';
import type { ChoicePrivileged } from './types.js';

// A feedback text leaks when it points at the right option: by its letter standing on its own
// ("C", "(C)", "\boxed{C}", "option c"), or by its text. Erring on the side of a leak only costs a
// fallback to the scripted text. Letter ranges ("A to D") name every option and so none.

const RANGE = /\b[A-P]\s*(?:to|–|-)\s*[A-P]\b/g;

export function choiceLeaks(task: Task<ChoicePrivileged>, feedback: string): boolean {
  const letter = task.privileged.answer;
  const text = feedback.replace(RANGE, ' ');
  const standalone = new RegExp(`(?<![A-Za-z0-9'’])${letter}(?![A-Za-z0-9'’])`, 'g');
  for (const m of text.matchAll(standalone)) {
    // "A" and "I" are also words: "A student…", "I could not…".
    if ((letter === 'A' || letter === 'I') && /^\s+[a-z]/.test(text.slice((m.index ?? 0) + 1))) continue;
    return true;
  }
  // "option c": a lower-case letter after a word that names an option (not "a" and "i", which are words).
  if (letter !== 'A' && letter !== 'I') {
    const lower = letter.toLowerCase();
    if (new RegExp(`\\b(?:option|choice|answer|letter)\\s*(?:is\\s*)?\\(?${lower}\\)?(?![A-Za-z])`, 'i').test(text)) return true;
  }
  const correct = normalizeOption(task.privileged.correctText);
  return correct.length > 0 && normalizeOption(feedback).includes(correct);
}
