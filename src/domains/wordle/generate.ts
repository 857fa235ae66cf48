import { createRng, deriveSeed, shuffled } from '../../core/random.js';
import type { Task } from '../../core/types.js';
import type { WordlePrivileged } from './types.js';
import { wordList } from './words.js';

// Seeded Wordle games. The target is drawn from the shipped word list. Difficulty decides how
// much the prompt gives away up front:
//   1: six candidate words are listed, the target is one of them
//   2: twenty candidate words are listed
//   3: no list, but the position of one letter is revealed
//   4: no list and no hint: plain Wordle over the whole list
// The number of guesses is the episode's turn budget (--turns), as in the game's six tries.

export const WORDLE_LEVELS: Record<number, { candidates: number; revealLetter: boolean }> = {
  1: { candidates: 6, revealLetter: false },
  2: { candidates: 20, revealLetter: false },
  3: { candidates: 0, revealLetter: true },
  4: { candidates: 0, revealLetter: false },
};
export const WORDLE_DIFFICULTIES = [1, 2, 3, 4] as const;

const ORDINAL = ['first', 'second', 'third', 'fourth', 'fifth'];

export interface WordleHint {
  /** 0-based position whose letter the prompt reveals. */
  position: number;
  letter: string;
}

// The worked example in the prompt; the second one is used when the target is in the first.
const EXAMPLES = [
  { word: 'CRANE', guess: 'TRACE', marks: '- G G Y G' },
  { word: 'SLOTH', guess: 'HOTEL', marks: 'Y Y Y - Y' },
];

export function renderWordlePrompt(options: { target: string; candidates?: string[]; hint?: WordleHint }): string {
  const target = options.target.toUpperCase();
  const example = EXAMPLES.find((e) => e.word !== target && e.guess !== target) ?? EXAMPLES[0];
  const lines = [
    'Play Wordle: find the hidden five-letter English word.',
    'Each reply is one guess. After a wrong guess you see it again with one mark per letter:',
    '  G = right letter in the right position',
    '  Y = the letter is in the word, but in another position',
    '  - = the letter is not in the word (or not as many times as you used it)',
    `Example: if the word were ${example?.word}, the guess ${example?.guess} would be marked ${example?.marks}.`,
  ];
  if (options.candidates?.length) {
    lines.push('', `The hidden word is one of these: ${options.candidates.join(', ')}.`);
  }
  if (options.hint) {
    lines.push('', `Hint: the ${ORDINAL[options.hint.position]} letter is ${options.hint.letter}.`);
  }
  lines.push('', 'Give your guess on its own last line as "Answer: WORD".');
  return lines.join('\n');
}

export function generateWordleTasks(options: { n: number; seed: number; difficulty: number }): Task<WordlePrivileged>[] {
  const level = WORDLE_LEVELS[options.difficulty];
  if (!level) throw new RangeError(`wordle difficulty must be one of ${WORDLE_DIFFICULTIES.join(', ')}`);
  const words = wordList();
  const tasks: Task<WordlePrivileged>[] = [];
  for (let i = 0; i < options.n; i++) {
    const rng = createRng(deriveSeed('wordle', options.seed, options.difficulty, i));
    const target = rng.pick(words);
    const privileged: WordlePrivileged = { answer: target };
    let hint: WordleHint | undefined;
    if (level.candidates > 0) {
      const others = shuffled(
        words.filter((w) => w !== target),
        rng,
      ).slice(0, level.candidates - 1);
      privileged.candidates = shuffled([target, ...others], rng);
    }
    if (level.revealLetter) {
      const position = rng.int(0, 4);
      hint = { position, letter: target[position] as string };
      privileged.hint = hint;
    }
    tasks.push({
      id: `wordle-d${options.difficulty}-s${options.seed}-${i}`,
      domain: 'wordle',
      prompt: renderWordlePrompt({
        target,
        ...(privileged.candidates ? { candidates: privileged.candidates } : {}),
        ...(hint ? { hint } : {}),
      }),
      privileged,
      metadata: { difficulty: options.difficulty, source: 'generator:wordle', seed: options.seed },
    });
  }
  return tasks;
}
