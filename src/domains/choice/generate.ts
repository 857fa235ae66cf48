import { createRng, deriveSeed } from '../../core/random.js';
import type { Task } from '../../core/types.js';
import { letterOf, renderChoicePrompt, shuffleOptions } from './options.js';
import type { ChoicePrivileged } from './types.js';

// Generated multiple-choice arithmetic: the right value among near misses, four options at levels
// 1 and 2 (GPQA's count) and ten at level 3 (MMLU-Pro's).

export const CHOICE_DIFFICULTIES = [1, 2, 3] as const;

export function generateChoiceTasks(options: { n: number; seed: number; difficulty: number }): Task<ChoicePrivileged>[] {
  const { n, seed, difficulty } = options;
  if (!(CHOICE_DIFFICULTIES as readonly number[]).includes(difficulty)) {
    throw new RangeError(`choice difficulty must be one of ${CHOICE_DIFFICULTIES.join(', ')}`);
  }
  return Array.from({ length: n }, (_, i) => {
    const rng = createRng(deriveSeed(seed, 'choice', difficulty, i));
    const a = rng.int(12, 99);
    const b = rng.int(3, difficulty === 1 ? 99 : 19);
    const question = difficulty === 1 ? `What is ${a} + ${b}?` : `What is ${a} × ${b}?`;
    const value = difficulty === 1 ? a + b : a * b;
    const count = difficulty === 3 ? 10 : 4;
    const wrong = new Set<number>();
    while (wrong.size < count - 1) {
      const off = rng.int(1, difficulty === 1 ? 12 : 40) * (rng.next() < 0.5 ? -1 : 1);
      if (value + off > 0) wrong.add(value + off);
    }
    const id = `choice-d${difficulty}-s${seed}-${i}`;
    const shown = shuffleOptions([String(value), ...[...wrong].map(String)], 0, id);
    return {
      id,
      domain: 'choice',
      prompt: renderChoicePrompt(question, shown.options),
      privileged: { answer: letterOf(shown.correct), options: shown.options, correctText: String(value) },
      metadata: { source: 'generator:choice', difficulty, seed, options: count },
    };
  });
}
