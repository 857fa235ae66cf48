import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/random.js';
import type { Task } from '../../src/core/types.js';
import { mathDomain, type MathDetails, type MathPrivileged } from '../../src/domains/math/index.js';

const levels = mathDomain.difficulties;

// Determinism, round trips, the reference verifying and scripted feedback never leaking (nor stating
// any number outside the problem statement) are checked for every domain in contract.test.ts.

describe('math generators', () => {
  it('know steps whose last value is the answer', () => {
    for (const difficulty of levels) {
      for (const task of mathDomain.generate({ n: 50, seed: 3, difficulty })) {
        const steps = task.privileged.steps ?? [];
        expect(steps.length).toBeGreaterThan(0);
        expect(steps[steps.length - 1]?.value).toBe(task.privileged.answer);
        expect(task.metadata.difficulty).toBe(difficulty);
      }
    }
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

describe('scripted math teacher', () => {
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
