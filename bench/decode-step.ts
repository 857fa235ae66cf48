import '../src/embedded/tensor/node-globals.js';
import { jit, numpy as np, type Array as JaxArray } from '@jax-js/jax';
import { EmbeddedModel } from '../src/embedded/model.js';
import { resolveModelDir } from '../src/embedded/provider.js';
import { runtimeThreads } from '../src/embedded/tensor/runtime.js';
import { referenceGflops } from './reference-gemm.js';

// What a decoding step and a prompt pass of the sampler cost on models/base-f, and the three
// layouts that made them cheaper, each as a ratio of two kernels timed in this run:
//  1. the output head at the vocabulary's width (543 columns) against one padded to whole SIMD
//     vectors (544): the tensor library's WebAssembly kernels use SIMD only on rows of 4k floats;
//  2. a step's cache write: the new key blended into the whole cache, against into the decoded
//     slots only, with the key rotated by joining halves or by the rotation product;
//  3. the output projection reading attention's [B, N, T, H] result through a transposed view,
//     against reading it written out as [B, T, N·H].
// Run: npx tsc -p tsconfig.json && node dist/bench/decode-step.js

const line = (s: string): void => void process.stdout.write(`${s}\n`);

/** Best milliseconds of `rounds` calls of a compiled function on fresh references to its inputs. */
function best(f: (...a: JaxArray[]) => JaxArray, inputs: JaxArray[], rounds = 15): number {
  const g = jit(f);
  for (let i = 0; i < 3; i++) g(...inputs.map((a) => a.ref)).dataSync();
  let fastest = Infinity;
  for (let i = 0; i < rounds; i++) {
    const began = performance.now();
    g(...inputs.map((a) => a.ref)).dataSync();
    fastest = Math.min(fastest, performance.now() - began);
  }
  g.dispose();
  return fastest;
}
const random = (shape: number[]): JaxArray =>
  np.array(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => Math.random() - 0.5)).reshape(shape);

const model = await EmbeddedModel.load(resolveModelDir('base-f'));
const { dim, heads, vocabSize } = model.config;
const H = dim / heads;
line(`threads: ${runtimeThreads}; models/base-f: dim ${dim}, ${model.config.layers} layers, vocabulary ${vocabSize}`);

// The sampler's own step and prompt pass, rows × a 96-token prompt and 48 decoded slots. A step
// runs on the calling thread, so its rate is put against the one-thread reference GEMM: the
// weight matrices' multiply-adds per row (attention left out, so the rate is a floor).
const P = 96;
const { layers, ffn } = model.config;
const stepFlopsPerRow = 2 * (layers * (4 * dim * dim + 3 * dim * ffn) + dim * vocabSize);
const reference = await referenceGflops(1024, 1, 4);
line(`reference WebAssembly SIMD GEMM (1024³, 1 thread, this run): ${reference.toFixed(1)} GFLOP/s`);
line(`decoding steps after a ${P}-token prompt (48 decoded slots), best of 20:`);
for (const rows of [1, 8, 32, 64]) {
  const tokens = Int32Array.from({ length: rows * P }, (_, i) => 10 + (i % 50));
  const mask = new Uint8Array(rows * P * P);
  for (let b = 0; b < rows; b++) for (let i = 0; i < P; i++) for (let j = 0; j <= i; j++) mask[b * P * P + i * P + j] = 1;
  const capacity = P + 48;
  const passBegan = performance.now();
  let { cache } = await model.prefill(tokens, rows, mask, capacity);
  const passMs = performance.now() - passBegan;
  const stepMask = new Uint8Array(rows * capacity);
  const next = new Int32Array(rows).fill(12);
  let fastest = Infinity;
  for (let s = 0; s < 23; s++) {
    for (let b = 0; b < rows; b++) stepMask.fill(1, b * capacity, b * capacity + P + s + 1);
    const began = performance.now();
    const out = model.step(next, P + s, stepMask, cache);
    if (s >= 3) fastest = Math.min(fastest, performance.now() - began);
    cache = out.cache;
  }
  model.releaseCache(cache);
  const gflops = (rows * stepFlopsPerRow) / (fastest / 1000) / 1e9;
  line(
    `  ${String(rows).padStart(2)} rows: ${fastest.toFixed(2)} ms a step, ${((1000 * fastest) / rows).toFixed(0)} µs a row, ${gflops.toFixed(1)} GFLOP/s of weight products (${((100 * gflops) / reference).toFixed(0)}% of the reference); its prompt pass ${passMs.toFixed(0)} ms (first call, compiling included)`,
  );
}
model.dispose();

// 1. The head at the vocabulary's width against padded to 4k columns.
const rows = 32;
const h = random([rows, dim]);
const narrow = best((a, w) => np.matmul(a, w), [h, random([dim, vocabSize])]);
const padded = Math.ceil(vocabSize / 4) * 4;
const wide = best((a, w) => np.matmul(a, w), [h, random([dim, padded])]);
line(
  `1. output head, ${rows} rows: ${vocabSize} columns ${narrow.toFixed(3)} ms, ${padded} columns ${wide.toFixed(3)} ms: ${(narrow / wide).toFixed(1)}× faster padded`,
);

// 2. One step's write of a new key into a 32-row cache after a 96-token prompt.
const past = P;
const room = 48;
const joinRope = (x: JaxArray, cos: JaxArray, sin: JaxArray): JaxArray => {
  const [x1, x2] = np.split(x, 2, -1) as [JaxArray, JaxArray];
  return np.concatenate([x1.ref.mul(cos.ref).sub(x2.ref.mul(sin.ref)), x1.mul(sin).add(x2.mul(cos))], -1);
};
const blend = (cache: JaxArray, k: JaxArray, slot: JaxArray): JaxArray => cache.mul(slot.ref.neg().add(1)).add(k.mul(slot));
// The new key as in the model: a projection of the step's hidden state, then rotated.
const key = (x: JaxArray, wk: JaxArray): JaxArray => np.matmul(x, wk).reshape([rows, 1, heads, H]);
const step = [random([rows, 1, dim]), random([dim, dim])];
const halfTables = [random([1, 1, H / 2]), random([1, 1, H / 2])];
const fullTables = [random([1, 1, H]), random([1, 1, H]), random([H, H])];
const whole = best(
  (c, s, x, wk, cos, sin) => blend(c, joinRope(key(x, wk), cos, sin), s),
  [random([rows, past + room, heads, H]), random([1, past + room, 1, 1]), ...step, ...halfTables],
);
const slotsOnly = best(
  (c, s, x, wk, cos, sin) => blend(c, joinRope(key(x, wk), cos, sin), s),
  [random([rows, room, heads, H]), random([1, room, 1, 1]), ...step, ...halfTables],
);
const rotated = best(
  (c, s, x, wk, cos, sin, r) => {
    const k = key(x, wk);
    return blend(c, k.ref.mul(cos).add(np.matmul(k, r).mul(sin)), s);
  },
  [random([rows, room, heads, H]), random([1, room, 1, 1]), ...step, ...fullTables],
);
line(
  `2. cache write, ${rows} rows, one layer's keys: whole cache ${whole.toFixed(3)} ms, decoded slots ${slotsOnly.toFixed(3)} ms, decoded slots with the rotation product ${rotated.toFixed(3)} ms: ${(whole / rotated).toFixed(1)}× less`,
);

// 3. The output projection of a 16-row, 96-token prompt pass.
const attention = random([16, heads, P, H]);
const wo = random([dim, dim]);
const residual = random([16, P, dim]);
const throughView = best((a, w, x) => x.add(np.matmul(np.transpose(a, [0, 2, 1, 3]).reshape([16, P, dim]), w)), [attention, wo, residual]);
const writtenOut = best(
  (a, w, x) => x.add(np.matmul(np.transpose(a, [0, 2, 1, 3]).reshape([16, P, dim, 1]).sum(-1), w)),
  [attention, wo, residual],
);
line(
  `3. output projection, 16 × ${P} tokens: through the transposed view ${throughView.toFixed(2)} ms, written out first ${writtenOut.toFixed(2)} ms: ${(throughView / writtenOut).toFixed(1)}× faster`,
);
