import { describe, expect, it } from 'vitest';
import { kernelThreadAnswers, kernelThreadsReady, THREADS } from '../../src/embedded/tensor/node-globals.js';
import { numpy as np } from '@jax-js/jax';
import { startRuntime } from '../../src/embedded/tensor/runtime.js';
import { toHost } from '../../src/embedded/tensor/transformer.js';

// The tensor library spreads kernels over its worker pool only when results are read
// asynchronously and the pool's threads have loaded; a thread that fails to load dies quietly
// and every kernel runs on the main thread, at half the machine's speed on 2 cores. The main
// thread runs one chunk of each kernel itself, so the pool has THREADS − 1 threads.
describe('kernel threads', () => {
  it.skipIf(THREADS < 2)('load and compute what the main thread computes', async () => {
    await startRuntime();
    const a = np.array(Float32Array.from({ length: 256 * 256 }, (_, i) => ((i * 7919) % 1000) / 1000 - 0.5)).reshape([256, 256]);
    const expected = np.matmul(a.ref, a.ref).dataSync();
    const answered = kernelThreadAnswers();
    const [threaded] = await toHost([np.matmul(a.ref, a)]);
    expect(kernelThreadsReady()).toBe(THREADS - 1);
    expect(kernelThreadAnswers()).toBeGreaterThan(answered);
    expect(Array.from(threaded as Float32Array)).toEqual(Array.from(expected));
  });
});
