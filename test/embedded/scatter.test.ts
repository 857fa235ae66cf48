import { describe, expect, it } from 'vitest';
import '../../src/embedded/tensor/node-globals.js';
import { grad, numpy as np } from '@jax-js/jax';
import { startRuntime } from '../../src/embedded/tensor/runtime.js';

// An embedding's gradient scatters rows back into the table; patches/ gives the library's
// scatter a whole-row path for it. Checked against the sum written out by hand, with
// repeated and unused rows.
describe('embedding gradient (row scatter)', () => {
  it('adds every position’s row into the row its token names', async () => {
    await startRuntime();
    const vocab = 5;
    const dim = 3;
    const ids = [0, 2, 2, 4, 0, 1];
    const weights = Float32Array.from({ length: ids.length * dim }, (_, i) => ((i * 37) % 11) / 11 - 0.5);
    const table = np.array(Float32Array.from({ length: vocab * dim }, (_, i) => i / 10)).reshape([vocab, dim]);
    const loss = (e: np.Array): np.Array =>
      np
        .take(e, np.array(Int32Array.from(ids), { dtype: np.int32 }).reshape([2, 3]), 0)
        .mul(np.array(weights).reshape([2, 3, dim]))
        .sum();
    const got = Array.from(grad(loss)(table).dataSync());
    const expected = new Array<number>(vocab * dim).fill(0);
    ids.forEach((id, p) => {
      for (let c = 0; c < dim; c++) expected[id * dim + c] = (expected[id * dim + c] as number) + (weights[p * dim + c] as number);
    });
    expect(got.length).toBe(expected.length);
    got.forEach((g, i) => expect(g).toBeCloseTo(expected[i] as number, 6));
    // Row 3 is never named: its gradient is exactly zero.
    expect(got.slice(3 * dim, 4 * dim)).toEqual([0, 0, 0]);
  });
});
