import '../src/embedded/tensor/node-globals.js';
import { numpy as np } from '@jax-js/jax';
import { makeBatch, type WeightedSequence } from '../src/embedded/batches.js';
import { presetConfig } from '../src/embedded/config.js';
import { EmbeddedModel } from '../src/embedded/model.js';
import { sampleBatch, type SampleRequest } from '../src/embedded/sample.js';
import { runtimeThreads, startRuntime } from '../src/embedded/tensor/runtime.js';
import { GradientStep } from '../src/embedded/tensor/transformer.js';
import { Tokenizer } from '../src/embedded/tokenizer.js';
import { initWeights, parameterCount } from '../src/embedded/weights.js';

// Three measurements of the embedded model, each a ratio taken in this same run so machine
// speed cancels out:
//  1. training throughput (GFLOP/s of the `small` preset's training step) as a share of the
//     WebAssembly matmul ceiling measured here (target ≥ 40%);
//  2. generation tokens/s with the key/value cache versus recomputing the prefix (target ≥ 5×);
//  3. peak memory (resident set) of training the `small` preset.
// Run: npx tsc -p tsconfig.json && node dist/bench/embedded-model.js

await startRuntime();
const line = (s: string): void => void process.stdout.write(`${s}\n`);
line(`threads: ${runtimeThreads}`);

// 1a. The ceiling: the library's own best case, a large square matmul.
function matmulCeiling(n: number, reps: number): number {
  const a = np.array(new Float32Array(n * n).map((_, i) => ((i * 7919) % 1000) / 1000 - 0.5)).reshape([n, n]);
  const b = np.array(new Float32Array(n * n).map((_, i) => ((i * 104729) % 1000) / 1000 - 0.5)).reshape([n, n]);
  let best = Infinity;
  for (let r = 0; r < reps; r++) {
    const started = performance.now();
    const c = np.matmul(a.ref, b.ref);
    // dataSync waits for the result; the async wait would let Node exit, as kernel threads are unref'd.
    c.dataSync(); // also releases c
    best = Math.min(best, performance.now() - started);
  }
  a.dispose();
  b.dispose();
  return (2 * n ** 3) / (best / 1000) / 1e9;
}
const ceiling = matmulCeiling(1024, 6);
line(`WebAssembly matmul ceiling (1024×1024×1024, best of 6): ${ceiling.toFixed(1)} GFLOP/s`);

// 1b. Training: the small preset on batches shaped like the base model's data.
const config = presetConfig('small', 300);
const weights = initWeights(config, 1);
const step = new GradientStep(config);
const rows = 64;
const length = 48;
const sequences: WeightedSequence[] = Array.from({ length: rows }, (_, r) => ({
  ids: Array.from({ length: length + 1 }, (_, t) => (r * 31 + t * 17) % config.vocabSize),
  weights: Array.from({ length: length + 1 }, (_, t) => (t > length - 6 ? 1 : 0)),
}));
const batch = makeBatch(sequences, 0, config.maxSeq);
step.run(weights, batch); // compile
const steps = 5;
const started = performance.now();
for (let i = 0; i < steps; i++) step.run(weights, batch);
const seconds = (performance.now() - started) / 1000;
const tokens = rows * batch.length * steps;
// Matmul FLOPs of forward + backward (3× forward): weights 2·params per token, attention 2·2·T·d per token per layer.
const matrixParams = parameterCount(weights) - config.vocabSize * config.dim - config.dim * (2 * config.layers + 1);
const flopsPerToken = 3 * (2 * matrixParams + config.layers * 4 * batch.length * config.dim);
const trainingGflops = (flopsPerToken * tokens) / seconds / 1e9;
line(
  `training step, small preset (${parameterCount(weights).toLocaleString('en-US')} parameters), batch ${rows}×${batch.length}: ${((seconds / steps) * 1000).toFixed(0)} ms/step, ${Math.round(tokens / seconds)} tokens/s, ${trainingGflops.toFixed(1)} GFLOP/s`,
);
line(`training throughput / matmul ceiling: ${((100 * trainingGflops) / ceiling).toFixed(0)}%  (target ≥ 40%)`);
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
