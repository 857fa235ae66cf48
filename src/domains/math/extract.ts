import type { ExtractionMethod, ExtractMode } from '../../core/types.js';

// Finding the final answer in a free-text attempt, in order of how explicit it is:
// the last \boxed{…}, then the last "answer:" (or GSM8K's "####") line, then the last number.

/** The contents of the last `\boxed{…}` (or `\fbox{…}`), with nested braces, or null. */
export function lastBoxed(text: string): string | null {
  const re = /\\(?:boxed|fbox)\s*\{/g;
  let start = -1;
  for (let m = re.exec(text); m; m = re.exec(text)) start = m.index + m[0].length;
  if (start < 0) return null;
  let depth = 1;
  for (let i = start; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return text.slice(start, i).trim();
  }
  return null; // unbalanced: the attempt was cut off mid-answer
}

const ANSWER_LINE = /(?:final\s+answer|answer)\s*(?:is|:|=)\s*:?\s*(.+)$/i;
const HASHES = /^\s*####\s*(.+)$/;

/** The text after the last "Answer:" / "The answer is" / "####" marker. */
export function answerLine(text: string): string | null {
  const lines = text.split(/\r?\n/);
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i] as string;
    const m = HASHES.exec(line) ?? ANSWER_LINE.exec(line);
    if (m?.[1]) {
      const value = m[1]
        .trim()
        .replace(/^\*+|\*+$/g, '')
        .replace(/[.。]\s*$/, '')
        .trim();
      if (value) return value;
    }
  }
  return null;
}

// Thousands-separated numbers first so "1,000" is one number, then fractions, decimals, integers.
const NUMBER = /-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?(?:\s*\/\s*\d+)?|-?\.\d+/g;

/** Every number written in the text, in order. */
export function numbersIn(text: string): string[] {
  return [...text.matchAll(NUMBER)].map((m) => m[0].replace(/\s+/g, ''));
}

export function extractMathAnswer(text: string, mode: ExtractMode = 'lenient'): string | null {
  return findMathAnswer(text, mode).value;
}

/**
 * The answer and how it was found. The last-number fallback only in `lenient` mode: under
 * `strict` a reply that never states a final answer has none, however many numbers it mentions.
 */
export function findMathAnswer(text: string, mode: ExtractMode = 'lenient'): { value: string | null; method: ExtractionMethod } {
  const boxed = lastBoxed(text);
  if (boxed) return { value: boxed, method: 'boxed' };
  const line = answerLine(text);
  if (line) return { value: line, method: 'answer-line' };
  if (mode === 'strict') return { value: null, method: 'none' };
  const numbers = numbersIn(text);
  return numbers.length ? { value: numbers[numbers.length - 1] as string, method: 'last-number' } : { value: null, method: 'none' };
}
