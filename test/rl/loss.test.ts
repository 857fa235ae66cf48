import { describe, expect, it } from 'vitest';
import { rlObjective, type ObjectiveInput } from '../../src/rl/loss.js';

// The objective's per-token weights, worked out by hand from the formula in src/rl/loss.ts.

const input: ObjectiveInput = {
  sequences: [
    {
      // context, two sampled student tokens, a teacher turn (body + end), the student's stop token
      roles: ['context', 'student', 'student', 'teacher', 'teacher', 'student'],
      // attempt 1 (index 0), the feedback on it, and the stop token of attempt 2
      attempts: [-1, 0, 0, 0, 0, 1],
      policyLogprobs: [NaN, -1, -2, NaN, NaN, NaN],
    },
    { roles: ['context', 'student', 'context'], attempts: [-1, 0, -1], policyLogprobs: [NaN, -0.5, NaN] },
  ],
  advantages: [[0.5, 0.5], [-1]],
  denominator: 'tokens',
  teacherModelling: 0.25,
  kl: 0.1,
  referenceLogprobs: [
    // t = 2 differs from the policy by float32 noise only; t = 5 has no policy log-probability.
    [NaN, -1.5, -2 + 1e-6, -0.7, -0.7, -0.3],
    // t = 1 is past the reference pass's window.
    [NaN, NaN, NaN],
  ],
};

describe('RL objective', () => {
  it('puts A − β·(log π − log π_ref) on student tokens, λ on teacher tokens, and counts D', () => {
    const o = rlObjective(input);
    const [first, second] = o.weights as [number[], number[]];
    expect(first[0]).toBe(0);
    expect(first[1]).toBeCloseTo(0.5 - 0.1 * (-1 - -1.5), 12);
    expect(first.slice(2)).toEqual([0.5, 0.25, 0.25, 0.5]);
    expect(second).toEqual([0, -1, 0]);
    // Four student tokens and, with teacher modelling, two teacher tokens.
    expect(o.denominator).toBe(6);
    // k3 over the two student tokens that have both log-probabilities: r = −0.5 and r = 1e-6.
    const k3 = (r: number): number => Math.exp(r) - r - 1;
    expect(o.kl).toBeCloseTo((k3(-0.5) + k3(1e-6)) / 2, 12);
  });

  it('without teacher modelling or KL: teacher tokens are context and the weights are the advantages', () => {
    const o = rlObjective({ ...input, teacherModelling: 0, kl: 0 });
    expect(o.weights).toEqual([
      [0, 0.5, 0.5, 0, 0, 0.5],
      [0, -1, 0],
    ]);
    expect(o.denominator).toBe(4);
    // The KL is still measured.
    expect(o.kl).toBeGreaterThan(0);
    expect(rlObjective({ ...input, sequences: [], advantages: [], referenceLogprobs: [] })).toEqual({ weights: [], denominator: 1, kl: 0 });
  });

  it('gives each attempt its own advantage', () => {
    const o = rlObjective({ ...input, advantages: [[0.5, -2], [-1]], kl: 0 });
    expect(o.weights[0]).toEqual([0, 0.5, 0.5, 0.25, 0.25, -2]);
  });

  it('with the attempt denominator every attempt and feedback turn counts once, whatever its length', () => {
    const o = rlObjective({ ...input, advantages: [[0.5, -2], [-1]], denominator: 'attempts' });
    const [first, second] = o.weights as [number[], number[]];
    // Attempt 1 has two tokens, its feedback two, attempt 2 one; each weight is divided by its segment's size.
    expect(first[1]).toBeCloseTo((0.5 - 0.1 * (-1 - -1.5)) / 2, 12);
    expect(first.slice(2)).toEqual([0.25, 0.125, 0.125, -2]);
    expect(second).toEqual([0, -1, 0]);
    // Three attempts and one feedback turn.
    expect(o.denominator).toBe(4);
    expect(rlObjective({ ...input, teacherModelling: 0, denominator: 'attempts' }).denominator).toBe(3);
  });

  it('anchors the teacher tokens with β_T: λ − β_T·(log π_θ − log π_ref) there, the student tokens untouched', () => {
    // log π_θ of the two teacher tokens (t = 3, 4), before the update; the reference has −0.7 on both.
    const currentLogprobs = [
      [NaN, NaN, NaN, -0.2, -1, NaN],
      [NaN, NaN, NaN],
    ];
    const before = rlObjective(input);
    const o = rlObjective({ ...input, teacherKl: 2, currentLogprobs });
    const [first, second] = o.weights as [number[], number[]];
    expect(first[3]).toBe(0.25 - 2 * (-0.2 - -0.7));
    expect(first[4]).toBe(0.25 - 2 * (-1 - -0.7));
    expect([first[0], first[1], first[2], first[5]]).toEqual([0, 1, 2, 5].map((t) => (before.weights[0] as number[])[t]));
    expect(second).toEqual(before.weights[1]);
    expect(o.denominator).toBe(before.denominator);
    expect(o.kl).toBe(before.kl);
    expect(o.teacherLogRatio).toBeCloseTo((0.5 + -0.3) / 2, 12);
    // With the attempt denominator the anchored weight is divided by its feedback turn's size, like λ.
    const perAttempt = rlObjective({ ...input, denominator: 'attempts', teacherKl: 2, currentLogprobs });
    expect(perAttempt.weights[0]?.[3]).toBe((0.25 - 2 * (-0.2 - -0.7)) / 2);
    // β_T = 0 is the objective without the anchor, bit for bit; the drift is still measured.
    const measured = rlObjective({ ...input, teacherKl: 0, currentLogprobs });
    expect(measured.weights).toEqual(before.weights);
    expect(measured.denominator).toBe(before.denominator);
    expect(measured.teacherLogRatio).toBeCloseTo(0.1, 12);
    expect(before.teacherLogRatio).toBeUndefined();
    // Without teacher modelling the teacher's tokens are context: nothing to anchor.
    expect(() => rlObjective({ ...input, teacherModelling: 0, teacherKl: 1, currentLogprobs })).toThrow(/teacherModelling/);
    expect(() => rlObjective({ ...input, teacherKl: 1 })).toThrow(/currentLogprobs/);
  });
});
