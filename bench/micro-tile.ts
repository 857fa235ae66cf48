import '../src/embedded/tensor/node-globals.js';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { jit, numpy as np } from '@jax-js/jax';
import { EmbeddedChat } from '../src/embedded/chat.js';
import { EmbeddedModel } from '../src/embedded/model.js';
import { runtimeThreads, startRuntime } from '../src/embedded/tensor/runtime.js';
import { GradientStep } from '../src/embedded/tensor/transformer.js';
import { rollOut } from '../src/rl/rollout.js';
import { ReferenceGemm } from './reference-gemm.js';
import { rolloutWorkload } from './rollout-workload.js';
import { benchTrainingStep } from './training-batch.js';

// The tensor library's products with the micro tiles didactic patches in (8 SIMD accumulators:
// 2 rows × 4 vectors for the tiled products, 2 × 2 for the k-vectorised ones) against the
// library's own (4 × 4, 16 accumulators, more than x86-64's 16 vector registers hold beside the
// loop's other values; see patches/). The tiles are fixed when the library generates a kernel, so each side runs in a process of its
// own (DIDACTIC_MICRO_TILE=4x4 selects the library's), alternating, several rounds; a side's
// time is its best over the rounds, and the ratio is taken between the two in this run. Both
// sides must also compute the same bits: a hash of the sampled tokens and their log-probabilities
// and of one training step's loss and gradients.
// The model, its prompt pass and the rollouts are bench/rollout-workload.ts's (base-f, math, 64
// episodes unless RL_BENCH_* say otherwise).
// Run: npx tsc -p tsconfig.json && node dist/bench/micro-tile.js   (MICRO_TILE_ROUNDS, default 3)

interface Times {
  /** The plain WebAssembly SIMD GEMM (bench/reference-gemm.ts) at the product's shape, same process and threads. */
  reference: number;
  matmul: number;
  training: number;
  pass: number;
  step: number;
  rollouts: number;
  bits: string;
}

const WORKLOADS: [keyof Omit<Times, 'bits'>, string][] = [
  ['matmul', 'a [2048, 128] × [128, 128] product'],
  ['training', 'a training step of the small preset (64 × 48 tokens)'],
  ['pass', 'a prompt pass of 64 rows × 96 tokens'],
  ['step', 'a decoding step of 64 rows after it'],
  ['rollouts', "an RL step's batched rollouts"],
];

const best = async (rounds: number, f: () => Promise<unknown> | unknown): Promise<number> => {
  let fastest = Infinity;
  for (let i = 0; i < rounds; i++) {
    const began = performance.now();
    await f();
    fastest = Math.min(fastest, performance.now() - began);
  }
  return fastest;
};

async function child(): Promise<Times> {
  await startRuntime();
  const bits = createHash('sha256');
  const a = np.array(Float32Array.from({ length: 2048 * 128 }, (_, i) => Math.sin(i))).reshape([2048, 128]);
  const w = np.array(Float32Array.from({ length: 128 * 128 }, (_, i) => Math.cos(i))).reshape([128, 128]);
  const product = jit((x: typeof a, y: typeof w) => np.matmul(x, y));
  await best(5, () => product(a.ref, w.ref).data());
  const matmul = await best(30, () => product(a.ref, w.ref).data());
  const gemm = await ReferenceGemm.create(2048, 128, 128, runtimeThreads);
  gemm.load(new Float32Array(2048 * 128).fill(0.5), new Float32Array(128 * 128).fill(0.25));
  await best(5, () => gemm.run());
  const reference = await best(30, () => gemm.run());
  await gemm.dispose();

  const { config, weights, batch } = benchTrainingStep();
  const gradient = new GradientStep(config);
  const { loss, grads } = await gradient.run(weights, batch);
  bits.update(String(loss));
  for (const [name, g] of grads) bits.update(name).update(new Uint8Array(g.buffer, g.byteOffset, g.byteLength));
  await best(2, () => gradient.run(weights, batch));
  const training = await best(8, () => gradient.run(weights, batch));

  const { modelDir, domain, teacher, shape, tasks, seedOf } = rolloutWorkload();
  const model = await EmbeddedModel.load(modelDir);
  const rows = 64;
  const P = 96;
  const tokens = Int32Array.from({ length: rows * P }, (_, i) => 10 + (i % 50));
  const mask = new Uint8Array(rows * P * P);
  for (let b = 0; b < rows; b++) for (let i = 0; i < P; i++) for (let j = 0; j <= i; j++) mask[(b * P + i) * P + j] = 1;
  const capacity = P + 48;
  await best(2, async () => model.releaseCache((await model.prefill(tokens, rows, mask, capacity)).cache));
  const pass = await best(6, async () => model.releaseCache((await model.prefill(tokens, rows, mask, capacity)).cache));
  let { cache } = await model.prefill(tokens, rows, mask, capacity);
  const stepMask = new Uint8Array(rows * capacity);
  for (let b = 0; b < rows; b++) for (let j = 0; j <= P; j++) stepMask[b * capacity + j] = 1;
  const next = new Int32Array(rows).fill(12);
  const decode = (): void => {
    cache = model.step(next, P, stepMask, cache).cache;
  };
  await best(5, decode);
  const step = await best(30, decode);
  model.releaseCache(cache);

  const chat = new EmbeddedChat(model);
  const rollout = async () => {
    model.prefixes.clear();
    return rollOut({ chat, domain, teacher, tasks, ...shape, seedOf });
  };
  for (const r of await rollout())
    for (const g of r.generations) bits.update(JSON.stringify(g.ids)).update(new Uint8Array(new Float64Array(g.logprobs).buffer));
  await rollout();
  const rollouts = await best(5, rollout);
  return { reference, matmul, training, pass, step, rollouts, bits: bits.digest('hex') };
}

if (process.argv.includes('--child')) {
  // The kernel threads do not keep the process alive (node-globals.ts), and a bare `data()`
  // awaits them: without a timer the process would exit mid-await.
  setInterval(() => {}, 60_000);
  process.stdout.write(`${JSON.stringify(await child())}\n`);
  process.exit(0);
}

const line = (s: string): void => void process.stdout.write(`${s}\n`);
const rounds = Number(process.env.MICRO_TILE_ROUNDS ?? 3);
if (!Number.isInteger(rounds) || rounds < 1)
  throw new Error(`MICRO_TILE_ROUNDS must be a whole number ≥ 1, got "${process.env.MICRO_TILE_ROUNDS}"`);
const sides = { library: [] as Times[], patched: [] as Times[] };
for (let round = 1; round <= rounds; round++) {
  for (const side of ['library', 'patched'] as const) {
    const env = { ...process.env, DIDACTIC_MICRO_TILE: side === 'library' ? '4x4' : '' };
    const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child'], { env, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`micro-tile bench: the ${side} run failed:\n${run.stderr}`);
    sides[side].push(JSON.parse(run.stdout.trim().split('\n').at(-1) as string) as Times);
    process.stderr.write(`round ${round}/${rounds}: ${side} tile done\n`);
  }
}
line(`micro tiles of 8 accumulators (patched) vs the library's 16, best of ${rounds} alternating rounds each:`);
for (const [key, label] of WORKLOADS) {
  const library = Math.min(...sides.library.map((t) => t[key]));
  const patched = Math.min(...sides.patched.map((t) => t[key]));
  const perRound = sides.library.map((t, i) => t[key] / (sides.patched[i] as Times)[key]);
  line(
    `  ${label}: ${library.toFixed(2)} → ${patched.toFixed(2)} ms, ${(library / patched).toFixed(2)}× (rounds ${Math.min(...perRound).toFixed(2)}–${Math.max(...perRound).toFixed(2)}×)`,
  );
}
const gflops = (ms: number): number => (2 * 2048 * 128 * 128) / ms / 1e6;
const reference = Math.min(...[...sides.library, ...sides.patched].map((t) => t.reference));
const product = (side: Times[]): string => {
  const rate = gflops(Math.min(...side.map((t) => t.matmul)));
  return `${rate.toFixed(1)} GFLOP/s (${((100 * rate) / gflops(reference)).toFixed(0)}%)`;
};
line(
  `  the product against the plain WebAssembly SIMD GEMM at its shape (${gflops(reference).toFixed(1)} GFLOP/s, ${runtimeThreads} threads, best over both sides' processes): library's tile ${product(sides.library)}, patched ${product(sides.patched)}`,
);
const hashes = new Set([...sides.library, ...sides.patched].map((t) => t.bits));
line(`  same samples, log-probabilities, loss and gradients on both sides: ${hashes.size === 1 ? 'yes' : 'no'}`);
