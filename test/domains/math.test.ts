import { describe, expect, it } from 'vitest';
import { createRng, deriveSeed } from '../../src/core/random.js';
import type { Task } from '../../src/core/types.js';
import { mathDomain, type MathDetails, type MathPrivileged } from '../../src/domains/math/index.js';
import { numbersIn } from '../../src/domains/math/extract.js';
import { numericValue } from '../../src/domains/math/equivalence.js';

const levels = mathDomain.difficulties;

describe('math generators', () => {
  it('are deterministic under a seed and differ across seeds', () => {
    for (const difficulty of levels) {
      const a = mathDomain.generate({ n: 20, seed: 7, difficulty });
      const b = mathDomain.generate({ n: 20, seed: 7, difficulty });
      const c = mathDomain.generate({ n: 20, seed: 8, difficulty });
      expect(a).toEqual(b);
      expect(a.map((t) => t.prompt)).not.toEqual(c.map((t) => t.prompt));
    }
  });
  it('know steps whose last value is the answer, and their own answer verifies', () => {
    for (const difficulty of levels) {
      for (const task of mathDomain.generate({ n: 50, seed: 3, difficulty })) {
        const steps = task.privileged.steps ?? [];
        expect(steps.length).toBeGreaterThan(0);
        expect(steps[steps.length - 1]?.value).toBe(task.privileged.answer);
        expect(mathDomain.verify(task, `Answer: ${task.privileged.answer}`).correct).toBe(true);
        expect(task.metadata.difficulty).toBe(difficulty);
      }
    }
  });
  it('rejects an unknown difficulty', () => {
    expect(() => mathDomain.generate({ n: 1, seed: 1, difficulty: 9 })).toThrow(/difficulty/);
  });
});

describe('math verification', () => {
  const task = mathDomain.generate({ n: 1, seed: 1, difficulty: 2 })[0] as Task<MathPrivileged>;
  // Compute (8 + 17) × 5 + 9 = 134, steps 25, 125, 134.
  it('accepts equivalent forms and rejects wrong answers', () => {
    expect(task.prompt).toBe('Compute (8 + 17) × 5 + 9.');
    expect(mathDomain.verify(task, 'So the result is \\boxed{134}.').correct).toBe(true);
    expect(mathDomain.verify(task, 'Answer: 134.0').correct).toBe(true);
    expect(mathDomain.verify(task, 'Answer: 143').correct).toBe(false);
  });
  it('finds the first wrong step from the working shown', () => {
    const v = mathDomain.verify(task, '8 + 17 = 25, then 25 × 5 = 120, plus 9 is 129.\nAnswer: 129');
    const d = v.details as MathDetails;
    expect(d.firstWrongStep).toBe(1);
    expect(d.direction).toBe('too-low');
    const last = mathDomain.verify(task, '8 + 17 = 25, 25 × 5 = 125, 125 + 9 = 135\nAnswer: 135').details as MathDetails;
    expect(last.firstWrongStep).toBe(2);
    expect(last.direction).toBe('too-high');
  });
  it('reports sign and magnitude', () => {
    expect((mathDomain.verify(task, 'Answer: -20').details as MathDetails).direction).toBe('wrong-sign');
    expect((mathDomain.verify(task, 'Answer: 1340').details as MathDetails).magnitude).toBe('too-large');
    expect((mathDomain.verify(task, 'Answer: 13').details as MathDetails).magnitude).toBe('too-small');
    expect(mathDomain.verify(task, 'no idea').details).toEqual({ failure: 'no-answer' });
  });
});

/** Wrong attempts of many shapes for a task, drawn from a seeded rng. */
function wrongAttempts(task: Task<MathPrivileged>, seed: number): string[] {
  const rng = createRng(seed);
  const answer = numericValue(task.privileged.answer) ?? 0;
  const steps = task.privileged.steps ?? [];
  const working = steps
    .slice(0, -1)
    .map((s) => `${s.description} gives ${s.value}`)
    .join('. ');
  const k = rng.int(0, Math.max(0, steps.length - 2));
  const partial = steps
    .slice(0, k)
    .map((s) => s.value)
    .join(', ');
  return [
    `Answer: ${answer + rng.int(1, 9)}`,
    `Answer: ${answer - rng.int(1, 9)}`,
    `Answer: ${-answer || 5}`,
    `Answer: ${answer * 10 || 3}`,
    `Answer: ${rng.int(-500, 500)}`,
    `${working}. So the answer is ${answer + 1}.`,
    `${partial}, and then 77777.\nAnswer: ${answer + 2}`,
    'I am not sure how to do this.',
    'Answer: the cake',
  ];
}

describe('scripted math teacher', () => {
  it('never leaks the answer or any hidden value, over thousands of seeded cases', () => {
    let cases = 0;
    for (const difficulty of levels) {
      const tasks = mathDomain.generate({ n: 250, seed: 11, difficulty });
      for (const task of tasks) {
        const allowed = new Set(numbersIn(task.prompt).map((n) => numericValue(n)));
        for (const attempt of wrongAttempts(task, deriveSeed(task.id))) {
          const verdict = mathDomain.verify(task, attempt);
          if (verdict.correct) continue;
          const feedback = mathDomain.scriptedFeedback(task, verdict, createRng(cases));
          cases++;
          expect(mathDomain.leaks(task, feedback), `${task.id}: ${feedback}`).toBe(false);
          // Stronger than the leak check: every number in the feedback comes from the problem statement.
          for (const n of numbersIn(feedback)) expect(allowed.has(numericValue(n)), `${task.id}: ${n} in "${feedback}"`).toBe(true);
        }
      }
    }
    expect(cases).toBeGreaterThan(10_000);
  });
  it('is informative: names the step or the direction', () => {
    const task = mathDomain.generate({ n: 1, seed: 1, difficulty: 2 })[0] as Task<MathPrivileged>;
    const fb = mathDomain.scriptedFeedback(task, mathDomain.verify(task, '8 + 17 = 25, 25 × 5 = 120\nAnswer: 129'), createRng(1));
    expect(fb).toMatch(/second step/);
    expect(fb).toMatch(/multiply that sum by 5/);
    expect(fb).toMatch(/too low|smaller/);
  });
});

describe('math leak check', () => {
  const task = mathDomain.generate({ n: 1, seed: 1, difficulty: 4 })[0] as Task<MathPrivileged>;
  it('catches the answer in any equivalent form', () => {
    const answer = task.privileged.answer; // 1/2
    expect(answer).toBe('1/2');
    for (const leak of ['The answer is 1/2.', 'It should be 0.5', 'you want \\frac{1}{2}', 'try $\\dfrac{2}{4}$', 'half is 50%']) {
      expect(mathDomain.leaks(task, leak), leak).toBe(true);
    }
    expect(mathDomain.leaks(task, 'Your answer is too high.')).toBe(false);
  });
});
