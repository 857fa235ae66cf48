import { createRng } from '../core/random.js';

/** z for a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

/**
 * Wilson score interval for a binomial proportion: well-behaved near 0 and 1 and for small n,
 * unlike the normal approximation. With no trials nothing is known: [0, 1].
 */
export function wilson(successes: number, trials: number, z = Z95): [number, number] {
  if (trials === 0) return [0, 1];
  const p = successes / trials;
  const z2 = z * z;
  const centre = (p + z2 / (2 * trials)) / (1 + z2 / trials);
  const half = (z / (1 + z2 / trials)) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/**
 * Percentile bootstrap interval for mean(a) − mean(b) over paired items (the same tasks under
 * two conditions): tasks are resampled with replacement, keeping each task's pair together,
 * so the interval reflects task-to-task variation rather than treating conditions as independent.
 */
export function pairedBootstrap(a: number[], b: number[], options: { iterations?: number; seed?: number } = {}): [number, number] {
  if (a.length !== b.length) throw new RangeError('paired samples must have the same length');
  const n = a.length;
  if (n === 0) return [0, 0];
  const iterations = options.iterations ?? 2000;
  const rng = createRng(options.seed ?? 0);
  const differences = a.map((x, i) => x - (b[i] as number));
  const means: number[] = [];
  for (let it = 0; it < iterations; it++) {
    let sum = 0;
    for (let j = 0; j < n; j++) sum += differences[rng.int(0, n - 1)] as number;
    means.push(sum / n);
  }
  means.sort((x, y) => x - y);
  return [quantile(means, 0.025), quantile(means, 0.975)];
}

/** Linear-interpolation quantile of sorted values. */
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (pos - lo);
}
