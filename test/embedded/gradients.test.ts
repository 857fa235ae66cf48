import { describe, expect, it } from 'vitest';
import type { ModelConfig } from '../../src/embedded/config.js';
import { startRuntime } from '../../src/embedded/tensor/runtime.js';
import { GradientStep } from '../../src/embedded/tensor/transformer.js';
import { initWeights } from '../../src/embedded/weights.js';

// Analytic gradients of the weighted next-token loss against central finite differences, on a
// model small enough that float32 differences are meaningful.
const config: ModelConfig = { vocabSize: 11, dim: 8, layers: 2, heads: 2, ffn: 12, maxSeq: 16, ropeBase: 10000, normEps: 1e-5 };

describe('embedded model gradients', () => {
  it('match finite differences for every kind of weight', async () => {
    await startRuntime();
    const weights = initWeights(config, 3);
    // Larger-than-default weights so every path (attention, MLP, norms) carries real signal.
    for (const [name, w] of weights) {
      const factor = name === 'embed' ? 10 : name.endsWith('norm') ? 1 : 2;
      for (let i = 0; i < w.length; i++) w[i] = (w[i] as number) * factor;
    }
    const rows = 2;
    const length = 6;
    const tokens = Int32Array.from([1, 4, 2, 7, 3, 9, 5, 2, 8, 1, 6, 0]);
    const targets = Int32Array.from([4, 2, 7, 3, 9, 5, 2, 8, 1, 6, 0, 10]);
    const lossWeights = Float32Array.from([0, 1, 1, 0.5, 1, 1, 1, 0, 1, -0.5, 1, 1]);
    const batch = { tokens, targets, weights: lossWeights, rows, length, denominator: 8 };
    const step = new GradientStep(config);
    const { loss, grads } = await step.run(weights, batch);
    expect(Number.isFinite(loss)).toBe(true);

    const probes = ['embed', 'l0.attn_norm', 'l0.wq', 'l0.wk', 'l0.wv', 'l1.wo', 'l1.w1', 'l1.w3', 'l1.w2', 'final_norm', 'head'];
    const eps = 2e-3;
    let checked = 0;
    for (const name of probes) {
      const w = weights.get(name) as Float32Array;
      const g = grads.get(name) as Float32Array;
      // The coordinate with the largest gradient, and one more: small gradients are all noise in float32.
      const largest = g.reduce((best, v, i) => (Math.abs(v) > Math.abs(g[best] as number) ? i : best), 0);
      for (const i of [largest, (largest + 3) % w.length]) {
        const original = w[i] as number;
        w[i] = original + eps;
        const up = (await step.run(weights, batch)).loss;
        w[i] = original - eps;
        const down = (await step.run(weights, batch)).loss;
        w[i] = original;
        const numeric = (up - down) / (2 * eps);
        const analytic = g[i] as number;
        const scale = Math.max(Math.abs(numeric), Math.abs(analytic), 5e-2);
        expect(Math.abs(numeric - analytic) / scale, `${name}[${i}]: numeric ${numeric}, analytic ${analytic}`).toBeLessThan(0.05);
        checked++;
      }
    }
    expect(checked).toBe(probes.length * 2);
    step.dispose();
  });
});
