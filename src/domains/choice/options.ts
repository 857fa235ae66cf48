import { createRng, deriveSeed, shuffled } from '../../core/random.js';

// Letters and option order. An option list is shuffled per task by a seed derived from the task's
// id, so the same file shows the same order in every run, and GPQA's right answer (always the first
// column of its CSV) is not always option A.

export const LETTERS = 'ABCDEFGHIJKLMNOP';

export function letterOf(index: number): string {
  return LETTERS[index] ?? '?';
}

export function indexOf(letter: string): number {
  return LETTERS.indexOf(letter.toUpperCase());
}

/** The options in the order shown, and where the right one went. */
export function shuffleOptions(options: readonly string[], correct: number, taskId: string): { options: string[]; correct: number } {
  const order = shuffled(
    options.map((_, i) => i),
    createRng(deriveSeed('choice-order', taskId)),
  );
  return { options: order.map((i) => options[i] as string), correct: order.indexOf(correct) };
}

export function renderChoicePrompt(question: string, options: readonly string[]): string {
  return [
    question.trim(),
    '',
    ...options.map((o, i) => `${letterOf(i)}) ${o.trim()}`),
    '',
    `Give the letter of the one right option on its own last line, as "Answer: <letter>" (${letterOf(0)}–${letterOf(options.length - 1)}).`,
  ].join('\n');
}

/** Text compared the way a reader would: case, spacing, trailing punctuation and TeX dollars aside. */
export function normalizeOption(text: string): string {
  return text
    .replace(/\$/g, '')
    .replace(/\s+/g, ' ')
    .replace(/[.。]\s*$/, '')
    .trim()
    .toLowerCase();
}
