import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/random.js';
import { pick } from '../../src/embedded/sample.js';

// The draw as first written: ids sorted by probability with a comparator (ties by lower id), the
// nucleus cut from that order, the uniform walked down it. `pick` must give the same token for
// the same logits and the same uniform, or every seeded sample (and every number measured
// with one) would change.
function reference(logits: Float32Array, temperature: number, topP: number, u: number): number {
  let max = -Infinity;
  for (const v of logits) max = Math.max(max, v);
  const probs = new Float64Array(logits.length);
  let total = 0;
  for (let i = 0; i < logits.length; i++) {
    const p = Math.exp(((logits[i] as number) - max) / temperature);
    probs[i] = p;
    total += p;
  }
  const order = Array.from({ length: logits.length }, (_, i) => i).sort((a, b) => (probs[b] as number) - (probs[a] as number) || a - b);
  let kept = 0;
  let mass = 0;
  for (const id of order) {
    mass += (probs[id] as number) / total;
    kept++;
    if (mass >= topP) break;
  }
  let target = u * mass * total;
  for (let k = 0; k < kept; k++) {
    target -= probs[order[k] as number] as number;
    if (target <= 0) return order[k] as number;
  }
  return order[kept - 1] as number;
}

describe('pick', () => {
  it('draws the token the comparator sort drew, ties and nucleus included', () => {
    const rng = createRng(11);
    let draws = 0;
    for (let trial = 0; trial < 400; trial++) {
      const vocab = 5 + (trial % 40);
      // Few distinct values, so many ties; some very peaked, some flat.
      const levels = 1 + (trial % 7);
      const logits = Float32Array.from({ length: vocab }, () => Math.floor(rng.next() * levels) * (trial % 3 === 0 ? 6 : 0.5));
      for (const temperature of [1, 0.7]) {
        for (const topP of [1, 0.9, 0.5]) {
          const u = rng.next();
          const got = pick(logits, { temperature, topP }, { next: () => u });
          expect(got.id, `trial ${trial}, T ${temperature}, p ${topP}, u ${u}`).toBe(reference(logits, temperature, topP, u));
          draws++;
        }
      }
    }
    expect(draws).toBe(2400);
  });
});
