import { describe, expect, it } from 'vitest';
import { ReferenceGemm } from '../../bench/reference-gemm.js';

function naive(a: Float32Array, b: Float32Array, m: number, n: number, k: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let r = 0; r < k; r++) s += (a[i * k + r] as number) * (b[r * n + j] as number);
      c[i * n + j] = s;
    }
  return c;
}

describe('reference WebAssembly SIMD GEMM', () => {
  for (const threads of [1, 2]) {
    it(`matches a plain triple loop on a non-square product (${threads} thread${threads > 1 ? 's' : ''})`, async () => {
      const [m, n, k] = [16, 24, 40];
      const a = new Float32Array(m * k).map((_, i) => Math.sin(i * 1.3));
      const b = new Float32Array(k * n).map((_, i) => Math.cos(i * 0.7));
      const gemm = await ReferenceGemm.create(m, n, k, threads);
      try {
        gemm.load(a, b);
        await gemm.run();
        const got = gemm.result();
        const want = naive(a, b, m, n, k);
        for (let i = 0; i < m * n; i++) expect(got[i]).toBeCloseTo(want[i] as number, 3);
      } finally {
        await gemm.dispose();
      }
    });
  }

  it('refuses shapes its blocking cannot cover', async () => {
    await expect(ReferenceGemm.create(6, 8, 8, 1)).rejects.toThrow(/m=6 must divide by 4/);
  });
});
