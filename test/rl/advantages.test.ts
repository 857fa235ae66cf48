import { describe, expect, it } from 'vitest';
import { episodeReward, groupAdvantages } from '../../src/rl/advantages.js';

describe('episode rewards and group advantages', () => {
  it('discounts later success by γ per extra turn and gives 0 to unsolved episodes', () => {
    expect(episodeReward(1, 4, 0.7)).toBe(1);
    expect(episodeReward(2, 4, 0.7)).toBeCloseTo(0.7, 12);
    expect(episodeReward(3, 4, 0.7)).toBeCloseTo(0.49, 12);
    expect(episodeReward(4, 4, 0.5)).toBeCloseTo(0.125, 12);
    expect(episodeReward(null, 4, 0.7)).toBe(0);
    expect(episodeReward(5, 4, 0.7)).toBe(0);
  });

  it('centres rewards on the group mean, and optionally divides by the group standard deviation', () => {
    // rewards 1, 0.7, 0, 0 → mean 0.425
    const centred = groupAdvantages([1, 0.7, 0, 0]);
    expect(centred.map((a) => Number(a.toFixed(6)))).toEqual([0.575, 0.275, -0.425, -0.425]);
    // population std of (0.575, 0.275, −0.425, −0.425) = sqrt((0.330625 + 0.075625 + 2·0.180625)/4) = sqrt(0.191875)
    const std = Math.sqrt(0.191875);
    const normalised = groupAdvantages([1, 0.7, 0, 0], { normalizeStd: true });
    normalised.forEach((a, i) => expect(a).toBeCloseTo((centred[i] as number) / std, 5));
    expect(groupAdvantages([1, 0])).toEqual([0.5, -0.5]);
  });

  it('gives a group with one reward for all no signal', () => {
    expect(groupAdvantages([0.7, 0.7, 0.7])).toEqual([0, 0, 0]);
    expect(groupAdvantages([0, 0], { normalizeStd: true })).toEqual([0, 0]);
  });
});
