import { isDeepStrictEqual } from 'node:util';
import { createRng, deriveSeed } from '../core/random.js';
import type { Domain, Privileged, Rng, Task, Verdict } from '../core/types.js';

// The guarantees every domain gives (after reasoning-gym's tests/test_dataset_common.py), as
// checks that throw a ContractViolation naming the task and the attempt. The test suite runs them
// over the registry; `didactic check-domain` runs them over a user's plug-in, so a reference that
// does not verify or feedback that leaks is found before a long run, not after it.

export interface WrongAttemptFixture<P extends Privileged = Privileged, D = unknown> {
  /** Wrong attempts at one task, drawn from `rng`; one that happens to be right is skipped. */
  attempts(task: Task<P>, rng: Rng): string[];
  /** Tasks per difficulty level: thousands of attempts where checking is cheap, few where it runs code. Default 10. */
  tasksPerLevel?(difficulty: number): number;
  /** How many attempts must come out wrong, so a fixture that drifts into right answers fails loudly. Default 1. */
  minCases?: number;
  /** The reference answer written the way the system prompt asks; `Answer: <answer>` when absent. */
  reference?(task: Task<P>): string;
  /** What this domain's scripted teacher promises beyond `leaks`, checked on every feedback text. */
  expectFeedback?(task: Task<P>, feedback: string, verdict: Verdict<D>): void;
}

export class ContractViolation extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContractViolation';
  }
}

export interface ContractCheck {
  name: string;
  run(): Promise<void>;
}

/**
 * Wrong attempts for a plug-in that brings none: the kinds of mistake any answer format admits
 * (nothing, a refusal, the answer with a character added, dropped or reversed).
 */
export const genericWrongAttempts: WrongAttemptFixture = {
  attempts(task) {
    const answer = task.privileged.answer;
    return [
      '',
      'I do not know.',
      `Answer: ${answer}0`,
      `Answer: ${answer.slice(0, -1)}`,
      `Answer: ${[...answer].reverse().join('')}`,
      `Answer: x${answer}`,
    ];
  },
};

const SEED = 11;
const where = { file: 'contract.jsonl', line: 1 };

function fail(message: string): never {
  throw new ContractViolation(message);
}

/** Equal as JSON values (key order and undefined members aside): what a task file would hold. */
function same(a: unknown, b: unknown): boolean {
  const plain = (v: unknown): unknown => (v === undefined ? v : JSON.parse(JSON.stringify(v)));
  return isDeepStrictEqual(plain(a), plain(b));
}

/** The contract's checks for one domain, in the order worth reading a failure in. */
export function contractChecks(domain: Domain, fixture: WrongAttemptFixture, seed = SEED): ContractCheck[] {
  const perLevel = (difficulty: number) => fixture.tasksPerLevel?.(difficulty) ?? 10;
  const batches = new Map<number, Task[]>();
  const tasksAt = (difficulty: number): Task[] => {
    let tasks = batches.get(difficulty);
    if (!tasks) {
      tasks = domain.generate({ n: perLevel(difficulty), seed, difficulty });
      batches.set(difficulty, tasks);
    }
    return tasks;
  };
  const check = (name: string, run: () => void | Promise<void>): ContractCheck => ({ name, run: async () => run() });
  return [
    check('defaults to one of its difficulty levels, and generates at it when no level is asked for', () => {
      if (domain.difficulties.length === 0) fail('difficulties is empty');
      if (!domain.difficulties.includes(domain.defaultDifficulty))
        fail(`defaultDifficulty ${domain.defaultDifficulty} is not one of ${domain.difficulties.join(', ')}`);
      if (!same(domain.generate({ n: 3, seed }), domain.generate({ n: 3, seed, difficulty: domain.defaultDifficulty })))
        fail('generate without a difficulty differs from generate at defaultDifficulty');
    }),
    check('generates deterministically under a seed, and different tasks under another, at every level', () => {
      for (const difficulty of domain.difficulties) {
        const tasks = tasksAt(difficulty);
        if (tasks.length !== perLevel(difficulty))
          fail(`level ${difficulty}: asked for ${perLevel(difficulty)} tasks, got ${tasks.length}`);
        for (const task of tasks) {
          if (task.domain !== domain.name) fail(`${task.id}: task.domain is "${task.domain}", not "${domain.name}"`);
          if (task.metadata.difficulty !== difficulty)
            fail(`${task.id}: metadata.difficulty is ${task.metadata.difficulty}, not ${difficulty}`);
        }
        if (!same(domain.generate({ n: tasks.length, seed, difficulty }), tasks))
          fail(`level ${difficulty}: the same seed gave different tasks`);
        const other = domain.generate({ n: tasks.length, seed: seed + 1, difficulty });
        if (
          tasks.length > 1 &&
          same(
            other.map((t) => t.privileged.answer),
            tasks.map((t) => t.privileged.answer),
          )
        )
          fail(`level ${difficulty}: another seed gave the same answers`);
        // A level may show every task the same prompt (Wordle without hints); where the prompts vary,
        // another seed must change them.
        const prompts = tasks.map((t) => t.prompt);
        if (
          new Set(prompts).size > 1 &&
          same(
            other.map((t) => t.prompt),
            prompts,
          )
        )
          fail(`level ${difficulty}: another seed gave the same prompts`);
      }
    }),
    check('rejects a difficulty that is not one of its levels', () => {
      for (const difficulty of [0, Math.max(...domain.difficulties) + 1, 9].filter((d) => !domain.difficulties.includes(d))) {
        let message: string | undefined;
        try {
          domain.generate({ n: 1, seed, difficulty });
        } catch (error) {
          message = (error as Error).message;
        }
        if (message === undefined || !/difficulty/.test(message))
          fail(`difficulty ${difficulty} was not refused with an error that says "difficulty"`);
      }
    }),
    check('loads the native record of every generated task (what `tasks --json` prints) back as the same task', () => {
      for (const difficulty of domain.difficulties) {
        for (const task of tasksAt(difficulty)) {
          if (!same(domain.parseRecord(JSON.parse(JSON.stringify(task)), where), task))
            fail(`${task.id}: parseRecord(task as JSON) is not the same task`);
        }
      }
    }),
    check('accepts the reference answer of every generated task, and extracts it as the same answer', async () => {
      for (const difficulty of domain.difficulties) {
        for (const task of tasksAt(difficulty)) {
          const attempt = fixture.reference?.(task) ?? `Answer: ${task.privileged.answer}`;
          const verdict = await domain.verify(task, attempt);
          if (!verdict.correct) fail(`${task.id}: the reference ${JSON.stringify(attempt)} was judged wrong (${verdict.summary})`);
          const extracted = domain.extract(attempt);
          if (extracted === null) fail(`${task.id}: no answer extracted from the reference ${JSON.stringify(attempt)}`);
          if (!domain.sameAnswer(extracted, task.privileged.answer))
            fail(`${task.id}: extracted ${JSON.stringify(extracted)}, not the same answer as the reference`);
        }
      }
    }),
    check('never leaks the answer in scripted feedback, over seeded wrong attempts at every level', async () => {
      let checked = 0;
      for (const difficulty of domain.difficulties) {
        for (const task of tasksAt(difficulty)) {
          const rng = createRng(deriveSeed('wrong-attempts', task.id));
          for (const attempt of fixture.attempts(task, rng)) {
            const verdict = await domain.verify(task, attempt);
            if (verdict.correct) continue;
            const feedback = domain.scriptedFeedback(task, verdict, rng);
            checked++;
            if (domain.leaks(task, feedback))
              fail(`${task.id}, after ${JSON.stringify(attempt)}: the feedback leaks the answer: ${feedback}`);
            fixture.expectFeedback?.(task, feedback, verdict);
          }
        }
      }
      const minimum = fixture.minCases ?? 1;
      if (checked < minimum) fail(`only ${checked} wrong attempt(s) were judged wrong; at least ${minimum} needed`);
    }),
  ];
}
