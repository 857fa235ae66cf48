import '../src/embedded/tensor/node-globals.js';
import { numpy as np } from '@jax-js/jax';
import { presetConfig } from '../src/embedded/config.js';
import { EmbeddedModel } from '../src/embedded/model.js';
import { sampleBatch, type SampleRequest } from '../src/embedded/sample.js';
import { nativeBlasGflops } from './native-blas.js';
import { referenceGflops } from './reference-gemm.js';
import { runtimeThreads, startRuntime } from '../src/embedded/tensor/runtime.js';
import { benchTrainingStep } from './training-batch.js';
import { GradientStep, toHost } from '../src/embedded/tensor/transformer.js';
import { Tokenizer } from '../src/embedded/tokenizer.js';
import { initWeights, parameterCount } from '../src/embedded/weights.js';

// Three measurements of the embedded model, each a ratio taken in this same run so machine
// speed cancels out:
//  1. training throughput (GFLOP/s of the `small` preset's training step) as a share of a plain
//     WebAssembly SIMD GEMM on the same threads (target ≥ 40%), beside native BLAS where
//     installed and the tensor library's own large matmul;
//  2. generation tokens/s with the key/value cache versus recomputing the prefix (target ≥ 5×);
//  3. peak memory (resident set) of training the `small` preset.
// Run: npx tsc -p tsconfig.json && node dist/bench/embedded-model.js

await startRuntime();
const line = (s: string): void => void process.stdout.write(`${s}\n`);
line(`threads: ${runtimeThreads}`);

// 1a. References, all 1024³ single-precision products measured now: a plain WebAssembly SIMD
// GEMM (what the machine gives WebAssembly), native BLAS (what it gives native code), and the
// tensor library's own matmul (its best case, not the machine's).
const N = 1024;
const wasmOne = await referenceGflops(N, 1, 6);
const wasmAll = runtimeThreads > 1 ? await referenceGflops(N, runtimeThreads, 6) : wasmOne;
line(
  `reference WebAssembly SIMD GEMM (${N}³, best of 6): 1 thread ${wasmOne.toFixed(1)} GFLOP/s, ${runtimeThreads} threads ${wasmAll.toFixed(1)} GFLOP/s`,
);
const blas = nativeBlasGflops(N, runtimeThreads, 6);
line(
  'gflops' in blas
    ? `native BLAS (NumPy matmul, ${N}³, ${runtimeThreads} threads, best of 6): ${blas.gflops.toFixed(1)} GFLOP/s`
    : `native BLAS: skipped (${blas.skipped})`,
);
async function libraryMatmul(n: number, reps: number): Promise<number> {
  const a = np.array(new Float32Array(n * n).map((_, i) => ((i * 7919) % 1000) / 1000 - 0.5)).reshape([n, n]);
  const b = np.array(new Float32Array(n * n).map((_, i) => ((i * 104729) % 1000) / 1000 - 0.5)).reshape([n, n]);
  let best = Infinity;
  for (let r = 0; r < reps; r++) {
    const started = performance.now();
    // Read asynchronously, as the trainer does, so the kernels run on the library's threads.
    await toHost([np.matmul(a.ref, b.ref)]);
    best = Math.min(best, performance.now() - started);
  }
  a.dispose();
  b.dispose();
  return (2 * n ** 3) / (best / 1000) / 1e9;
}
const library = await libraryMatmul(N, 6);
line(`tensor library's own matmul (${N}³, best of 6): ${library.toFixed(1)} GFLOP/s`);

// 1b. Training: the small preset on batches shaped like the base model's data.
const { config, weights, rows, batch } = benchTrainingStep();
const step = new GradientStep(config);
// The first steps compile the program and run its kernels before the engine has optimised
// them; long runs live in the steady state after, so warm up, then time rounds of steps and
// keep the best round, as the references keep their best run.
for (let i = 0; i < 3; i++) await step.run(weights, batch);
const steps = 5;
const rounds: number[] = [];
for (let r = 0; r < 3; r++) {
  const started = performance.now();
  for (let i = 0; i < steps; i++) await step.run(weights, batch);
  rounds.push((performance.now() - started) / 1000);
}
const seconds = Math.min(...rounds);
const median = [...rounds].sort((a, b) => a - b)[1] as number;
const tokens = rows * batch.length * steps;
// Matmul FLOPs of forward + backward (3× forward): weights 2·params per token, attention 2·2·T·d per token per layer.
const matrixParams = parameterCount(weights) - config.vocabSize * config.dim - config.dim * (2 * config.layers + 1);
const flopsPerToken = 3 * (2 * matrixParams + config.layers * 4 * batch.length * config.dim);
const trainingGflops = (flopsPerToken * tokens) / seconds / 1e9;
line(
  `training step, small preset (${parameterCount(weights).toLocaleString('en-US')} parameters), batch ${rows}×${batch.length}, best of 3 rounds of ${steps} steps: ${((seconds / steps) * 1000).toFixed(0)} ms/step (median round ${((median / steps) * 1000).toFixed(0)}), ${Math.round(tokens / seconds)} tokens/s, ${trainingGflops.toFixed(1)} GFLOP/s`,
);
line(
  `training throughput / WebAssembly SIMD reference (${runtimeThreads} threads): ${((100 * trainingGflops) / wasmAll).toFixed(0)}%  (target ≥ 40%)`,
);
if ('gflops' in blas) line(`training throughput / native BLAS: ${((100 * trainingGflops) / blas.gflops).toFixed(0)}%`);
line(`training throughput / the tensor library's own matmul: ${((100 * trainingGflops) / library).toFixed(0)}%`);
step.dispose();
const trainingPeak = process.resourceUsage().maxRSS / 1024;
line(`peak resident memory after training the small preset: ${trainingPeak.toFixed(0)} MB`);

// 2. Generation with and without the cache.
const tokenizer = Tokenizer.train(['Solve the problem. What is the answer? Answer: 42'], { minCount: 1 });
const model = await EmbeddedModel.fromFiles({
  config: presetConfig('small', tokenizer.vocabSize),
  tokenizer,
  weights: initWeights(presetConfig('small', tokenizer.vocabSize), 2),
});
// A single-turn task prompt is ~20–80 tokens; a dialogue after a few rounds of feedback, ~150.
for (const promptLength of [60, 150]) {
  const prompt = Array.from({ length: promptLength }, (_, i) => 7 + (i % 40));
  const requests: SampleRequest[] = Array.from({ length: 8 }, (_, i) => ({
    prompt,
    temperature: 1,
    topP: 1,
    maxTokens: 48,
    seed: i,
    stopIds: new Set<number>(),
  }));
  await sampleBatch(
    model,
    requests.map((r) => ({ ...r, maxTokens: 4 })),
  ); // warm up
  const rate = async (recompute: boolean): Promise<number> => {
    const began = performance.now();
    const outputs = await sampleBatch(model, requests, { recompute });
    return outputs.reduce((n, o) => n + o.ids.length, 0) / ((performance.now() - began) / 1000);
  };
  const cached = await rate(false);
  const recomputed = await rate(true);
  line(
    `generation, small preset, 8 rows, ${promptLength}-token prompt, 48 new tokens: KV cache ${cached.toFixed(0)} tokens/s, recompute ${recomputed.toFixed(0)} tokens/s`,
  );
  line(`KV cache / recompute (${promptLength}-token prompt): ${(cached / recomputed).toFixed(1)}×  (target ≥ 5×)`);
}
model.dispose();
process.exit(0);
