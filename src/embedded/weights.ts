import { createRng } from '../core/random.js';
import { parameterShapes, type ModelConfig } from './config.js';

/** Weights as plain typed arrays: what the optimizer updates and the checkpoint stores. */
export type Weights = Map<string, Float32Array>;

export function initWeights(config: ModelConfig, seed: number): Weights {
  const rng = createRng(seed);
  const gaussian = (): number => {
    // Box–Muller on the seeded generator, so initial weights depend only on the seed.
    const u = Math.max(rng.next(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
  };
  const weights: Weights = new Map();
  for (const [name, shape] of parameterShapes(config)) {
    const size = shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(size);
    if (name.endsWith('norm')) data.fill(1);
    else {
      // Residual-branch outputs start smaller so a deep stack begins close to the identity.
      const residualOut = name.endsWith('.wo') || name.endsWith('.w2');
      const std = name === 'embed' ? 0.02 : (1 / Math.sqrt(shape[0] ?? 1)) * (residualOut ? 1 / Math.sqrt(2 * config.layers) : 1);
      for (let i = 0; i < size; i++) data[i] = gaussian() * std;
    }
    weights.set(name, data);
  }
  return weights;
}

export function parameterCount(weights: Weights): number {
  let n = 0;
  for (const w of weights.values()) n += w.length;
  return n;
}
