import { afterAll, describe, expect, it } from 'vitest';
import { createRng, deriveSeed } from '../../src/core/random.js';
import type { Task } from '../../src/core/types.js';
import { domainNames, getDomain } from '../../src/domains/registry.js';
import { chooseSandbox, closeSharedSandbox } from '../../src/sandbox/index.js';
import { type WrongAttemptFixture, wrongAttemptFixtures } from './wrong-attempts.js';

// The guarantees every registered domain gives, checked by looping over the registry (after
// reasoning-gym's tests/test_dataset_common.py): a new domain gets them by being registered and
// supplying wrong attempts in wrong-attempts.ts. Domain-specific behaviour is tested in
// <domain>.test.ts next to this file.

// Code verification runs Python: one warm Pyodide worker serves every code case in this file.
chooseSandbox('pyodide', { workers: 1 });
afterAll(closeSharedSandbox);

const SEED = 11;
const where = { file: 'contract.jsonl', line: 1 };

function fixtureFor(name: string): WrongAttemptFixture {
  const fixture = wrongAttemptFixtures[name];
  if (!fixture) throw new Error(`domain "${name}" has no wrong-attempt fixture: add one to test/domains/wrong-attempts.ts`);
  return fixture;
}

describe.each(domainNames())('domain %s', (name) => {
  const domain = getDomain(name);
  const batches = new Map<number, Task[]>();
  /** The seeded tasks of a level every check below uses, generated once. */
  const tasksAt = (difficulty: number): Task[] => {
    let tasks = batches.get(difficulty);
    if (!tasks) {
      tasks = domain.generate({ n: fixtureFor(name).tasksPerLevel(difficulty), seed: SEED, difficulty });
      batches.set(difficulty, tasks);
    }
    return tasks;
  };

  it('supplies a wrong-attempt fixture', () => {
    expect(wrongAttemptFixtures[name], `add a fixture for "${name}" to test/domains/wrong-attempts.ts`).toBeDefined();
  });

  it('defaults to one of its difficulty levels, and generates at it when no level is asked for', () => {
    expect(domain.difficulties.length).toBeGreaterThan(0);
    expect(domain.difficulties).toContain(domain.defaultDifficulty);
    expect(domain.generate({ n: 3, seed: SEED })).toEqual(domain.generate({ n: 3, seed: SEED, difficulty: domain.defaultDifficulty }));
  });

  it('generates deterministically under a seed, and different tasks under another, at every level', () => {
    for (const difficulty of domain.difficulties) {
      const tasks = tasksAt(difficulty);
      expect(tasks).toHaveLength(fixtureFor(name).tasksPerLevel(difficulty));
      for (const task of tasks) {
        expect(task.domain).toBe(name);
        expect(task.metadata.difficulty).toBe(difficulty);
      }
      expect(domain.generate({ n: tasks.length, seed: SEED, difficulty })).toEqual(tasks);
      const other = domain.generate({ n: tasks.length, seed: SEED + 1, difficulty });
      expect(other.map((t) => t.privileged.answer)).not.toEqual(tasks.map((t) => t.privileged.answer));
      // A level may show every task the same prompt (Wordle without hints); where the prompts vary,
      // another seed must change them.
      const prompts = tasks.map((t) => t.prompt);
      if (new Set(prompts).size > 1) expect(other.map((t) => t.prompt)).not.toEqual(prompts);
    }
  });

  it('rejects a difficulty that is not one of its levels', () => {
    for (const difficulty of [0, Math.max(...domain.difficulties) + 1, 9].filter((d) => !domain.difficulties.includes(d))) {
      expect(() => domain.generate({ n: 1, seed: SEED, difficulty })).toThrow(/difficulty/);
    }
  });

  it('loads the native record of every generated task (what `tasks --json` prints) back as the same task', () => {
    for (const difficulty of domain.difficulties) {
      for (const task of tasksAt(difficulty)) {
        expect(domain.parseRecord(JSON.parse(JSON.stringify(task)), where)).toEqual(task);
      }
    }
  });

  it('accepts the reference answer of every generated task, and extracts it as the same answer', async () => {
    const fixture = fixtureFor(name);
    for (const difficulty of domain.difficulties) {
      for (const task of tasksAt(difficulty)) {
        const attempt = fixture.reference?.(task) ?? `Answer: ${task.privileged.answer}`;
        const verdict = await domain.verify(task, attempt);
        expect(verdict.correct, `${task.id}: ${verdict.summary}`).toBe(true);
        const extracted = domain.extract(attempt);
        expect(extracted, task.id).not.toBeNull();
        expect(domain.sameAnswer(extracted as string, task.privileged.answer), `${task.id}: extracted ${extracted}`).toBe(true);
      }
    }
  });

  it('never leaks the answer in scripted feedback, over seeded wrong attempts at every level', async () => {
    const fixture = fixtureFor(name);
    let checked = 0;
    for (const difficulty of domain.difficulties) {
      for (const task of tasksAt(difficulty)) {
        const rng = createRng(deriveSeed('wrong-attempts', task.id));
        for (const attempt of fixture.attempts(task, rng)) {
          const verdict = await domain.verify(task, attempt);
          if (verdict.correct) continue;
          const feedback = domain.scriptedFeedback(task, verdict, rng);
          checked++;
          expect(domain.leaks(task, feedback), `${task.id}, after ${JSON.stringify(attempt)}: ${feedback}`).toBe(false);
          fixture.expectFeedback?.(task, feedback, verdict);
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(fixture.minCases);
  });
});
