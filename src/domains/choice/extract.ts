import type { ExtractionMethod, ExtractMode } from '../../core/types.js';
import { answerLine, lastBoxed } from '../math/extract.js';
import { indexOf, LETTERS, normalizeOption } from './options.js';

// The choice in an attempt: a letter ("Answer: C", "\boxed{C}", "(C)") or an option's text.
// Lenient mode also takes the last parenthesised letter, "(C)", written anywhere in the text.

const BARE_LETTER = new RegExp(`^\\(?([${LETTERS}])\\)?(?:[).:]|\\s|$)`, 'i');

/** A letter or an option's text; `null` when the attempt states no choice. */
export function findChoice(
  text: string,
  options: readonly string[] | null,
  mode: ExtractMode = 'lenient',
): { value: string | null; method: ExtractionMethod } {
  const boxed = lastBoxed(text);
  const line = boxed ?? answerLine(text);
  const method: ExtractionMethod = boxed ? 'boxed' : 'answer-line';
  if (line) {
    const stripped = line.replace(/^\\text\{(.*)\}$/, '$1').trim();
    const letter = BARE_LETTER.exec(stripped)?.[1];
    if (letter && (stripped.length <= 3 || !options || !matchesText(stripped, options))) {
      return { value: letter.toUpperCase(), method };
    }
    const byText = options ? matchesText(stripped, options) : null;
    if (byText !== null) return { value: byText, method: 'option-text' };
    return { value: stripped, method };
  }
  if (mode === 'strict') return { value: null, method: 'none' };
  const parenthesised = [...text.matchAll(new RegExp(`\\(([${LETTERS}])\\)`, 'g'))].at(-1)?.[1];
  return parenthesised ? { value: parenthesised, method: 'last-letter' } : { value: null, method: 'none' };
}

/** The letter of the option whose text this is, or null. */
function matchesText(text: string, options: readonly string[]): string | null {
  const wanted = normalizeOption(text.replace(/^\(?[A-P]\)\s*/i, ''));
  const i = options.findIndex((o) => normalizeOption(o) === wanted);
  return i < 0 ? null : (LETTERS[i] as string);
}

export function isLetter(value: string, optionCount: number): boolean {
  const i = indexOf(value);
  return value.length === 1 && i >= 0 && i < optionCount;
}
