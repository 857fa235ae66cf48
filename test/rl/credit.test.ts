import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/random.js';
import { directedMoves } from '../../src/metrics/feedback-use.js';
import { assignCredit, type CreditMember } from '../../src/rl/credit.js';

// Each attempt's advantage in a step whose rewards are known, worked out by hand.

// One group, K = 4, γ = 0.7: solved at once, rescued at attempt 2, and two that never solve.
const step: CreditMember[] = [
  { group: 0, solvedAt: 1, attempts: 1 },
  { group: 0, solvedAt: 2, attempts: 2 },
  { group: 0, solvedAt: null, attempts: 4 },
  { group: 0, solvedAt: null, attempts: 4 },
];
const options = { turns: 4, gamma: 0.7, stdNormalize: false };

const note = (extracted: string | null, summary: string) => ({ extracted, summary });

describe('credit assignment', () => {
  it('per turn: attempt k against the members that reached k, its own outcome as its reward', () => {
    const a = assignCredit(step, { ...options, credit: 'turn' });
    // Attempt 1, all four: rewards 1, 0, 0, 0 (mean 0.25).
    // Attempt 2, the three that reached it: 0.7, 0, 0 (mean 0.7/3).
    // Attempts 3 and 4: only failures reached them, so nothing to learn there.
    const m = 0.7 / 3;
    const expected = [[0.75], [-0.25, 0.7 - m], [-0.25, -m, 0, 0], [-0.25, -m, 0, 0]];
    a.forEach((row, i) => row.forEach((w, k) => expect(w).toBeCloseTo(expected[i]?.[k] as number, 12)));
    // The rescued episode's wrong first answer is pushed down, not up.
    expect(a[1]?.[0]).toBeLessThan(0);
  });

  it('per episode (the first reproduction): every attempt carries the episode advantage', () => {
    const a = assignCredit(step, { ...options, credit: 'episode' });
    // Rewards 1, 0.7, 0, 0 (mean 0.425).
    expect(a).toEqual(
      [[0.575], [0.275, 0.275], [-0.425, -0.425, -0.425, -0.425], [-0.425, -0.425, -0.425, -0.425]].map((r) =>
        r.map((x) => expect.closeTo(x, 12)),
      ),
    );
    // Here the wrong first answer of the rescue is pushed up, and turns 2–4 are almost all negative.
    expect(a[1]?.[0]).toBeGreaterThan(0);
    const later = a.flatMap((r) => r.slice(1));
    expect(later.filter((w) => w < 0).length).toBe(6);
  });

  it('per turn, over seeded random steps: advantages sum to zero in every group and turn', () => {
    const rng = createRng(7);
    for (let trial = 0; trial < 200; trial++) {
      const members: CreditMember[] = Array.from({ length: 24 }, (_, i) => {
        const solvedAt = rng.next() < 0.5 ? rng.int(1, 4) : null;
        return { group: i % 3, solvedAt, attempts: solvedAt ?? 4 };
      });
      for (const stdNormalize of [false, true]) {
        const a = assignCredit(members, { turns: 4, gamma: 0.7, stdNormalize, credit: 'turn' });
        for (let g = 0; g < 3; g++)
          for (let k = 0; k < 4; k++) {
            const at = members.flatMap((m, i) => (m.group === g && m.attempts > k ? [a[i]?.[k] as number] : []));
            expect(Math.abs(at.reduce((s, w) => s + w, 0))).toBeLessThan(1e-9);
            // A turn every member failed carries no weight at all.
            if (members.every((m) => m.group !== g || m.attempts <= k || m.solvedAt !== k + 1)) expect(at.every((w) => w === 0)).toBe(true);
          }
      }
    }
  });

  it('the direction reward: ρ·γ^(k−1) for a wrong attempt that moved the way the verdict pointed, by hand', () => {
    // The same step, with the two failures' later attempts marked: member 2 moved the right way at
    // attempts 2 and 3 and the wrong way at 4; member 3 moved the wrong way at 2, then no direction.
    const moves: CreditMember[] = step.map((m, i) =>
      i === 2 ? { ...m, moves: [null, true, true, false] } : i === 3 ? { ...m, moves: [null, false, null, null] } : m,
    );
    const rho = 0.3;
    const a = assignCredit(moves, { ...options, credit: 'turn', directionReward: rho });
    // Attempt 1: 1, 0, 0, 0 as before. Attempt 2: rescued 0.7, right-way 0.3·0.7, wrong-way 0.
    const m2 = (0.7 + rho * 0.7) / 3;
    // Attempts 3 and 4, members 2 and 3 only: 0.3·0.49 and 0, then 0 and 0.
    const m3 = (rho * 0.49) / 2;
    const expected = [[0.75], [-0.25, 0.7 - m2], [-0.25, rho * 0.7 - m2, rho * 0.49 - m3, 0], [-0.25, -m2, -m3, 0]];
    a.forEach((row, i) => row.forEach((w, k) => expect(w).toBeCloseTo(expected[i]?.[k] as number, 12)));
    // The right-way move is pushed up against the wrong-way one, and below the rescue.
    expect(a[2]?.[1]).toBeGreaterThan(a[3]?.[1] as number);
    expect(a[2]?.[1]).toBeLessThan(a[1]?.[1] as number);
    // ρ = 0 is the outcome reward alone, whatever the moves say.
    expect(assignCredit(moves, { ...options, credit: 'turn', directionReward: 0 })).toEqual(
      assignCredit(step, { ...options, credit: 'turn' }),
    );
    expect(() => assignCredit(moves, { ...options, credit: 'episode', directionReward: rho })).toThrow(/turn credit/);
    expect(() => assignCredit(moves, { ...options, credit: 'turn', directionReward: 2 })).toThrow(/within \[0, 1\]/);
  });

  it("directed moves follow the verifier's verdict on the attempt before, and only where both answers are numbers", () => {
    expect(
      directedMoves([
        note('10', 'wrong: too-low'),
        note('14', 'wrong: too-high'),
        note('12', 'wrong: too-high'),
        note('13', 'wrong: too-low'),
        note(null, 'no answer'),
        note('9', 'wrong'),
        note('8', 'correct'),
      ]),
    ).toEqual([null, true, true, false, null, null, null]);
  });

  it('on the maze, a directed move keeps the moves before the failing one and changes it, or goes on from a short path', () => {
    expect(
      directedMoves([
        note('RRDL', 'move 3 (D) hits a wall'),
        // Keeps RR, changes move 3.
        note('RRUU', 'move 4 (U) leaves the grid'),
        // Changes move 2 instead of move 4.
        note('RD', 'ends at row 2, column 3, away from the goal'),
        // Goes on from the end of the short path.
        note('RDL', 'ends at row 2, column 2, away from the goal'),
        // Starts again instead.
        note('DD', 'move 2 (D) hits a wall'),
        // Drops the failing move: its first change is at move 2.
        note('D', 'ends at row 2, column 1, away from the goal'),
        note(null, 'no move string found'),
        note('D', 'reaches the goal'),
      ]),
    ).toEqual([null, true, false, true, false, true, null, null]);
  });
});
