import { createRng, deriveSeed, shuffled } from '../../core/random.js';
import type { Rng, Task } from '../../core/types.js';
import { reachableValues } from './solve.js';
import type { CountdownPrivileged } from './types.js';

// Seeded Countdown numbers rounds. Numbers are drawn the way the game draws them (small numbers
// 1–10, two of each; large numbers 25, 50, 75, 100); the target is drawn among the values the
// search can reach, so every task is solvable and comes with a reference solution. Difficulty
// sets how many numbers, the target range and how many numbers the shortest solution must use.

export interface CountdownLevel {
  large: number;
  small: number;
  min: number;
  max: number;
  /** The shortest solution must use at least this many numbers. */
  minUsed: number;
}

export const COUNTDOWN_LEVELS: Record<number, CountdownLevel> = {
  1: { large: 0, small: 3, min: 10, max: 50, minUsed: 2 },
  2: { large: 0, small: 4, min: 20, max: 150, minUsed: 3 },
  3: { large: 1, small: 4, min: 100, max: 500, minUsed: 3 },
  4: { large: 2, small: 4, min: 101, max: 999, minUsed: 4 },
};
export const COUNTDOWN_DIFFICULTIES = [1, 2, 3, 4] as const;

const SMALL = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].flatMap((n) => [n, n]);
const LARGE = [25, 50, 75, 100];

export function renderCountdownPrompt(numbers: readonly number[], target: number): string {
  return [
    `Countdown: use the numbers ${numbers.join(', ')} to make ${target}.`,
    'Rules: combine numbers with +, -, × and ÷ and parentheses. Each given number may be used at most once',
    '(you need not use them all). Every intermediate result must be a whole number, so divisions must come out exact.',
    '',
    'Give one expression on its own last line, for example "Answer: (A + B) × C" with your numbers in place of the letters.',
  ].join('\n');
}

function draw(level: CountdownLevel, rng: Rng): number[] {
  return [...shuffled(LARGE, rng).slice(0, level.large), ...shuffled(SMALL, rng).slice(0, level.small)];
}

export function generateCountdownTasks(options: { n: number; seed: number; difficulty: number }): Task<CountdownPrivileged>[] {
  const level = COUNTDOWN_LEVELS[options.difficulty];
  if (!level) throw new RangeError(`countdown difficulty must be one of ${COUNTDOWN_DIFFICULTIES.join(', ')}`);
  const tasks: Task<CountdownPrivileged>[] = [];
  for (let i = 0; i < options.n; i++) {
    const rng = createRng(deriveSeed('countdown', options.seed, options.difficulty, i));
    for (let attempt = 0; ; attempt++) {
      if (attempt > 1000) throw new Error(`could not generate a countdown round at difficulty ${options.difficulty}`);
      const numbers = draw(level, rng);
      const reachable = reachableValues(numbers);
      const targets = [...reachable.values()]
        .filter((s) => s.value >= level.min && s.value <= level.max && s.count >= level.minUsed && !numbers.includes(s.value))
        .sort((a, b) => a.value - b.value);
      if (targets.length === 0) continue;
      const solution = rng.pick(targets);
      tasks.push({
        id: `countdown-d${options.difficulty}-s${options.seed}-${i}`,
        domain: 'countdown',
        prompt: renderCountdownPrompt(numbers, solution.value),
        privileged: { answer: solution.expression, numbers, target: solution.value, fewestNumbers: solution.count },
        metadata: { difficulty: options.difficulty, source: 'generator:countdown', seed: options.seed },
      });
      break;
    }
  }
  return tasks;
}
