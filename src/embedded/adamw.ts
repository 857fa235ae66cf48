import type { Weights } from './weights.js';

// AdamW over typed arrays, with global-norm gradient clipping. Kept in plain TypeScript so the
// optimizer state is easy to checkpoint and independent of the tensor library.

export interface AdamWSettings {
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  clipNorm: number;
}

export const DEFAULT_ADAMW: AdamWSettings = { beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.01, clipNorm: 1 };

export class AdamW {
  readonly m: Weights = new Map();
  readonly v: Weights = new Map();
  step = 0;

  constructor(readonly settings: AdamWSettings = DEFAULT_ADAMW) {}

  /** Update `weights` in place; returns the gradient norm before clipping. */
  update(weights: Weights, grads: Weights, lr: number): number {
    let sq = 0;
    for (const g of grads.values()) for (let i = 0; i < g.length; i++) sq += (g[i] as number) ** 2;
    const norm = Math.sqrt(sq);
    const scale = norm > this.settings.clipNorm ? this.settings.clipNorm / norm : 1;
    this.step++;
    const { beta1, beta2, eps, weightDecay } = this.settings;
    const c1 = 1 - beta1 ** this.step;
    const c2 = 1 - beta2 ** this.step;
    for (const [name, w] of weights) {
      const g = grads.get(name);
      if (!g) continue;
      let m = this.m.get(name);
      let v = this.v.get(name);
      if (!m || !v) {
        m = new Float32Array(w.length);
        v = new Float32Array(w.length);
        this.m.set(name, m);
        this.v.set(name, v);
      }
      // Norm gains and the embedding are not decayed: shrinking them only hurts.
      const decay = name.endsWith('norm') || name === 'embed' ? 0 : weightDecay;
      for (let i = 0; i < w.length; i++) {
        const gi = (g[i] as number) * scale;
        const mi = beta1 * (m[i] as number) + (1 - beta1) * gi;
        const vi = beta2 * (v[i] as number) + (1 - beta2) * gi * gi;
        m[i] = mi;
        v[i] = vi;
        w[i] = (w[i] as number) - lr * (mi / c1 / (Math.sqrt(vi / c2) + eps) + decay * (w[i] as number));
      }
    }
    return norm;
  }
}

/** Linear warmup to `peak`, then cosine decay to `peak × floor` at `total`. */
export function learningRate(step: number, options: { peak: number; warmup: number; total: number; floor?: number }): number {
  const { peak, warmup, total } = options;
  const floor = options.floor ?? 0.1;
  if (step < warmup) return (peak * (step + 1)) / warmup;
  const progress = Math.min(1, (step - warmup) / Math.max(1, total - warmup));
  return peak * (floor + (1 - floor) * 0.5 * (1 + Math.cos(Math.PI * progress)));
}
