import { describe, expect, it } from 'vitest';
import type { GenerateOptions, Task } from '../../src/core/types.js';
import { defineDomain, type SyncDomainSpec } from '../../src/domains/define.js';

// A domain reduced to what defineDomain touches: the generator records the level it was asked for.
function spec(defaultDifficulty: number): SyncDomainSpec & { calls: Required<GenerateOptions>[] } {
  const calls: Required<GenerateOptions>[] = [];
  const task = (difficulty: number): Task => ({
    id: `t-${difficulty}`,
    domain: 'toy',
    prompt: 'p',
    privileged: { answer: 'a' },
    metadata: { source: 'generator:toy', difficulty },
  });
  return {
    calls,
    name: 'toy',
    description: 'a toy domain',
    difficulties: [1, 2, 3],
    defaultDifficulty,
    systemPrompt: '',
    generate: (options) => {
      calls.push(options);
      return Array.from({ length: options.n }, () => task(options.difficulty));
    },
    parseRecord: () => task(1),
    extract: (attempt) => attempt,
    verify: () => ({ correct: false, extracted: null, summary: '', details: null }),
    sameAnswer: (a, b) => a === b,
    scriptedFeedback: () => 'no',
    leaks: () => false,
  };
}

describe('defineDomain', () => {
  it('gives the generator the default difficulty when none is asked for, and the asked one otherwise', () => {
    const toy = spec(2);
    const domain = defineDomain(toy);
    expect(domain.generate({ n: 1, seed: 5 })[0]?.metadata.difficulty).toBe(2);
    expect(domain.generate({ n: 2, seed: 6, difficulty: 3 })).toHaveLength(2);
    expect(toy.calls).toEqual([
      { n: 1, seed: 5, difficulty: 2 },
      { n: 2, seed: 6, difficulty: 3 },
    ]);
  });
  it('keeps everything else of the spec as it is', () => {
    const toy = spec(1);
    const domain = defineDomain(toy);
    expect(domain.name).toBe('toy');
    expect(domain.difficulties).toBe(toy.difficulties);
    expect(domain.leaks).toBe(toy.leaks);
    expect(domain.verify).toBe(toy.verify);
  });
  it('refuses a default difficulty that is not one of the levels', () => {
    expect(() => defineDomain(spec(4))).toThrow(/domain "toy": the default difficulty 4 is not one of its levels \(1, 2, 3\)/);
  });
});
