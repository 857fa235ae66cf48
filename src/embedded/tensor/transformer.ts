import './node-globals.js';
import { jit, nn, numpy as np, tree, valueAndGrad, type Array as JaxArray, type OwnedFunction } from '@jax-js/jax';
import { parameterShapes, type ModelConfig } from '../config.js';
import type { Weights } from '../weights.js';

// The decoder-only transformer (RMSNorm, rotary position embeddings, SwiGLU MLP) written on
// @jax-js/jax. Only this folder imports the tensor library; the rest of the embedded model sees
// typed arrays, so the library could be swapped by rewriting these files.
//
// One `block` is the layer, and one `forward` the model, for every use: training, the reference
// log-probabilities, the prefill and the cached decoding step differ only in the attention mask
// and in where the keys and values come from.
//
// jax-js counts references by hand: every function consumes its array arguments, so an array
// used twice is passed as `x.ref` the first time.

type Params = Record<string, JaxArray>;

/**
 * The output head's columns on the device: the vocabulary rounded up to whole SIMD vectors. The
 * tensor library's WebAssembly kernels use SIMD only when an output row is a multiple of four
 * floats; with 543 columns (models/base-f) the logits ran as scalar code, 13× slower than with
 * 544 (bench/decode-step.ts). The extra columns are zero and every use of the head slices them
 * off (`logitsOf`), so no output and no gradient sees them.
 */
export function headColumns(config: ModelConfig): number {
  return Math.ceil(config.vocabSize / 4) * 4;
}

export function toDevice(weights: Weights, config: ModelConfig): Params {
  const params: Params = {};
  for (const [name, shape] of parameterShapes(config)) {
    const data = weights.get(name);
    if (!data) throw new Error(`missing weight ${name}`);
    params[name] =
      name === 'head'
        ? np.array(columns(data, config.dim, config.vocabSize, headColumns(config))).reshape([config.dim, headColumns(config)])
        : np.array(data).reshape(shape);
  }
  return params;
}

/** A row-major [rows, from] matrix as [rows, to]: cut, or widened with zeros. */
function columns(data: Float32Array, rows: number, from: number, to: number): Float32Array {
  if (from === to) return data;
  const out = new Float32Array(rows * to);
  for (let r = 0; r < rows; r++) out.set(data.subarray(r * from, r * from + Math.min(from, to)), r * to);
  return out;
}

/** Logits [..., vocab] of hidden states [..., dim]; consumes both. */
function logitsOf(h: JaxArray, head: JaxArray, config: ModelConfig): JaxArray {
  const logits = np.matmul(h, head);
  if (headColumns(config) === config.vocabSize) return logits;
  return logits.slice(...Array.from({ length: logits.ndim - 1 }, () => [] as []), [0, config.vocabSize]);
}

export function disposeParams(params: Params): void {
  tree.dispose(params);
}

function rmsNorm(x: JaxArray, gain: JaxArray, eps: number): JaxArray {
  const meanSquare = np.square(x.ref).mean(-1, { keepdims: true });
  return x.mul(np.reciprocal(np.sqrt(meanSquare.add(eps)))).mul(gain);
}

/** Rotate the two halves of each head by position-dependent angles. x: [B, T, N, H]; cos/sin: [T, 1, H/2]. */
function rope(x: JaxArray, cos: JaxArray, sin: JaxArray): JaxArray {
  const [x1, x2] = np.split(x, 2, -1) as [JaxArray, JaxArray];
  const a = x1.ref.mul(cos.ref).sub(x2.ref.mul(sin.ref));
  const b = x1.mul(sin).add(x2.mul(cos));
  return np.concatenate([a, b], -1);
}

/** cos and sin of every position's angles, [positions, copies · H/2]: each head half's angles `copies` times. */
function angles(config: ModelConfig, positions: number[], copies: 1 | 2): [Float32Array, Float32Array] {
  const half = config.dim / config.heads / 2;
  const width = copies * half;
  const cos = new Float32Array(positions.length * width);
  const sin = new Float32Array(positions.length * width);
  positions.forEach((p, t) => {
    for (let i = 0; i < half; i++) {
      const angle = p / config.ropeBase ** (i / half);
      for (let c = 0; c < copies; c++) {
        cos[t * width + c * half + i] = Math.cos(angle);
        sin[t * width + c * half + i] = Math.sin(angle);
      }
    }
  });
  return [cos, sin];
}

/** cos and sin tables for the given absolute positions, shaped [T, 1, H/2]. */
export function ropeTables(config: ModelConfig, positions: number[]): [JaxArray, JaxArray] {
  const shape = [positions.length, 1, config.dim / config.heads / 2];
  const [cos, sin] = angles(config, positions, 1);
  return [np.array(cos).reshape(shape), np.array(sin).reshape(shape)];
}

/**
 * `rope` without joining halves: x·cos + (x·R)·sin, with cos and sin [T, 1, H] (each half's
 * angles twice) and R the [H, H] matrix that maps (x1, x2) to (−x2, x1). x·R only moves and
 * negates values, so these are the same floats as `rope`'s; but every index stays contiguous,
 * while the tensor library compiles a join fused into a kernel as scalar code. A decoding step
 * fuses the new keys into its cache write, which runs about 3× faster this way (bench/decode-step.ts);
 * in a prompt pass the product by R costs more than the join.
 */
function ropeByRotation(x: JaxArray, cos: JaxArray, sin: JaxArray, rotation: JaxArray): JaxArray {
  return x.ref.mul(cos).add(np.matmul(x, rotation).mul(sin));
}

/** cos and sin [T, 1, H] of `ropeByRotation` for the given absolute positions, and its R [H, H]. */
export function rotationTables(config: ModelConfig, positions: number[]): [JaxArray, JaxArray, JaxArray] {
  const H = config.dim / config.heads;
  const [cos, sin] = angles(config, positions, 2);
  const rotation = new Float32Array(H * H);
  for (let c = 0; c < H / 2; c++) {
    rotation[(c + H / 2) * H + c] = -1;
    rotation[c * H + c + H / 2] = 1;
  }
  const shape = [positions.length, 1, H];
  return [np.array(cos).reshape(shape), np.array(sin).reshape(shape), np.array(rotation).reshape([H, H])];
}

/** Rotary tables for positions 0…T−1: every pass that starts at the beginning of the sequence. */
function ropeFromStart(config: ModelConfig, T: number): [JaxArray, JaxArray] {
  return ropeTables(
    config,
    Array.from({ length: T }, (_, i) => i),
  );
}

interface AttentionInputs {
  cos: JaxArray;
  sin: JaxArray;
  /** Present: rotary embeddings by `ropeByRotation` (cos and sin [T, 1, H]); absent: by `rope` ([T, 1, H/2]). */
  rotation?: JaxArray;
  /** Boolean [B, 1, T, S] (true = may attend); absent means plain causal attention over T. */
  mask?: JaxArray;
  /** The keys and values layer `l` attends to, given its new ones (a cache puts them in place); absent = only the new ones. */
  cached?: (l: number, k: JaxArray, v: JaxArray) => [JaxArray, JaxArray];
  /**
   * Instead of `cached`: layer `l` attends to two runs of keys and values, a read-only past and
   * the decoded part the new ones are written into (see `cachedStep`); the layer returns only the
   * second. `mask` then covers both, past first.
   */
  split?: (l: number, k: JaxArray, v: JaxArray) => { past: [JaxArray, JaxArray]; recent: [JaxArray, JaxArray] };
}

/**
 * `nn.dotProductAttention` (and its `nn.softmax`) over keys and values given in two runs
 * along the sequence, without joining them: joining would copy the past, most of a decoding
 * step's cache, and the tensor library compiles a join fused into a kernel as scalar code. q:
 * [B, L, N, H]; each run [B, S_i, N, H]; mask [B, 1, L, S_1 + S_2].
 */
function attendTwoRuns(q: JaxArray, keys: [JaxArray, JaxArray], values: [JaxArray, JaxArray], mask: JaxArray): JaxArray {
  const scale = 1 / Math.sqrt(q.shape[3] as number);
  const S1 = keys[0].shape[1] as number;
  const S2 = keys[1].shape[1] as number;
  const scores = (k: JaxArray, from: number, to: number, query: JaxArray): JaxArray =>
    np.where(mask.ref.slice([], [], [], [from, to]), np.einsum('BLNH,BSNH->BNLS', query, k).mul(scale), -Infinity);
  const first = scores(keys[0], 0, S1, q.ref);
  const second = scores(keys[1], S1, S1 + S2, q);
  mask.dispose();
  const top = np.maximum(first.ref.max(-1, { keepdims: true }), second.ref.max(-1, { keepdims: true }));
  const u1 = np.exp(first.sub(top.ref));
  const u2 = np.exp(second.sub(top));
  const total = u1.ref.sum(-1, { keepdims: true }).add(u2.ref.sum(-1, { keepdims: true }));
  return np.einsum('BNLS,BSNH->BLNH', u1.div(total.ref), values[0]).add(np.einsum('BNLS,BSNH->BLNH', u2.div(total), values[1]));
}

/**
 * `x` as an array of its own rather than a view fused into its consumer. Attention comes out of
 * its product as [B, N, T, H], and the output projection reads it as [B, T, N·H]: fused, that
 * reads the reduction axis through a division and a remainder, which the tensor library compiles
 * as scalar code, 9–10× slower than written out (bench/decode-step.ts).
 * A sum over a new axis of one element is a reduction, and a reduction's output is always
 * written out.
 */
function materialized(x: JaxArray): JaxArray {
  return x.reshape([...x.shape, 1]).sum(-1);
}

/**
 * One layer, nanoGPT's Block: x + attention(norm(x)), then x + mlp(norm(x)). x: [B, T, D].
 * Returns the keys and values it attended to, which a cache keeps.
 */
function block(
  x: JaxArray,
  w: (name: string) => JaxArray,
  l: number,
  config: ModelConfig,
  io: AttentionInputs,
): { x: JaxArray; k: JaxArray; v: JaxArray } {
  const [B, T] = x.shape as [number, number];
  const N = config.heads;
  const H = config.dim / N;
  const h = rmsNorm(x.ref, w('attn_norm'), config.normEps);
  const rotate = (x: JaxArray): JaxArray =>
    io.rotation ? ropeByRotation(x, io.cos.ref, io.sin.ref, io.rotation.ref) : rope(x, io.cos.ref, io.sin.ref);
  const q = rotate(np.matmul(h.ref, w('wq')).reshape([B, T, N, H]));
  let k = rotate(np.matmul(h.ref, w('wk')).reshape([B, T, N, H]));
  let v = np.matmul(h, w('wv')).reshape([B, T, N, H]);
  let attended: JaxArray;
  let kept: { k: JaxArray; v: JaxArray };
  if (io.split) {
    const { past, recent } = io.split(l, k, v);
    kept = { k: recent[0].ref, v: recent[1].ref };
    if (!io.mask) throw new Error('block: two runs of keys need a mask');
    attended = attendTwoRuns(q, [past[0], recent[0]], [past[1], recent[1]], io.mask.ref);
  } else {
    if (io.cached) [k, v] = io.cached(l, k, v);
    kept = { k: k.ref, v: v.ref };
    attended = io.mask ? nn.dotProductAttention(q, k, v, { mask: io.mask.ref }) : nn.dotProductAttention(q, k, v, { isCausal: true });
  }
  x = x.add(np.matmul(materialized(attended.reshape([B, T, config.dim])), w('wo')));
  const m = rmsNorm(x.ref, w('mlp_norm'), config.normEps);
  const gate = nn.silu(np.matmul(m.ref, w('w1')));
  x = x.add(np.matmul(gate.mul(np.matmul(m, w('w3'))), w('w2')));
  return { x, ...kept };
}

/** Token ids [B, T] → hidden states after the final norm [B, T, D], plus each layer's keys and values. */
function forward(
  p: Params,
  config: ModelConfig,
  tokens: JaxArray,
  io: AttentionInputs,
): { h: JaxArray; keys: JaxArray[]; values: JaxArray[] } {
  let x = np.take(p.embed as JaxArray, tokens, 0);
  const keys: JaxArray[] = [];
  const values: JaxArray[] = [];
  for (let l = 0; l < config.layers; l++) {
    const out = block(x, (name) => p[`l${l}.${name}`] as JaxArray, l, config, io);
    x = out.x;
    keys.push(out.k);
    values.push(out.v);
  }
  io.cos.dispose();
  io.sin.dispose();
  io.rotation?.dispose();
  io.mask?.dispose();
  return { h: rmsNorm(x, p.final_norm as JaxArray, config.normEps), keys, values };
}

/** Hidden states of a pass that keeps no cache. */
function hidden(p: Params, config: ModelConfig, tokens: JaxArray, io: AttentionInputs): JaxArray {
  const { h, keys, values } = forward(p, config, tokens, io);
  tree.dispose(keys);
  tree.dispose(values);
  return h;
}

/** log p(target) at every position [B, T]: what the loss trains and what the KL's reference policy assigns. */
function targetLogprobs(p: Params, config: ModelConfig, tokens: JaxArray, targets: JaxArray, cos: JaxArray, sin: JaxArray): JaxArray {
  const logp = nn.logSoftmax(logitsOf(hidden(p, config, tokens, { cos, sin }), p.head as JaxArray, config), -1);
  return logp.mul(nn.oneHot(targets, config.vocabSize)).sum(-1);
}

/**
 * Weighted next-token loss: −Σ weight·log p(target) / denominator. Weights are 0 on tokens not
 * trained (prompt, padding), 1 for supervised answers, or the per-token weights of src/rl/loss.ts.
 */
function weightedLoss(config: ModelConfig) {
  return (
    p: Params,
    tokens: JaxArray,
    targets: JaxArray,
    weights: JaxArray,
    cos: JaxArray,
    sin: JaxArray,
    denominator: JaxArray,
  ): JaxArray => targetLogprobs(p, config, tokens, targets, cos, sin).mul(weights).sum().neg().div(denominator);
}

/**
 * Host copies of device arrays, which are consumed. Read asynchronously because only then does
 * the library run kernels on its worker threads: `dataSync` runs every kernel on this thread.
 */
export async function toHost(arrays: JaxArray[]): Promise<Float32Array[]> {
  // The kernel threads are unref'd (an idle pool must not keep a command alive), so while they
  // work nothing else may be holding the event loop open.
  const keepAlive = setInterval(() => {}, 60_000);
  try {
    // `data()` returns a fresh copy of the buffer, so it is the caller's to keep.
    return (await Promise.all(arrays.map((a) => a.data()))) as Float32Array[];
  } finally {
    clearInterval(keepAlive);
  }
}

/** One array's host copy, like `toHost`. */
async function hostArray(array: JaxArray): Promise<Float32Array> {
  return (await toHost([array]))[0] as Float32Array;
}

export interface StepResult {
  loss: number;
  grads: Weights;
}

/** A compiled loss-and-gradient function over typed arrays. */
export class GradientStep {
  readonly #config: ModelConfig;
  readonly #fn: OwnedFunction<(...args: JaxArray[]) => unknown>;

  constructor(config: ModelConfig) {
    this.#config = config;
    // jit compiles once per batch shape; the trainer pads lengths to a few buckets.
    this.#fn = jit(valueAndGrad(weightedLoss(config))) as unknown as OwnedFunction<(...args: JaxArray[]) => unknown>;
  }

  async run(
    weights: Weights,
    batch: { tokens: Int32Array; targets: Int32Array; weights: Float32Array; rows: number; length: number; denominator: number },
  ): Promise<StepResult> {
    const { rows: B, length: T } = batch;
    const [cos, sin] = ropeFromStart(this.#config, T);
    const params = toDevice(weights, this.#config);
    const [lossArray, gradTree] = (this.#fn as unknown as (...a: unknown[]) => [JaxArray, Params])(
      params,
      np.array(batch.tokens, { dtype: np.int32 }).reshape([B, T]),
      np.array(batch.targets, { dtype: np.int32 }).reshape([B, T]),
      np.array(batch.weights).reshape([B, T]),
      cos,
      sin,
      np.array(new Float32Array([batch.denominator])).reshape([]),
    );
    const names = Object.keys(gradTree);
    const [loss, ...arrays] = await toHost([lossArray, ...names.map((n) => gradTree[n] as JaxArray)]);
    const grads: Weights = new Map(
      names.map((n, i) => [
        n,
        n === 'head'
          ? columns(arrays[i] as Float32Array, this.#config.dim, headColumns(this.#config), this.#config.vocabSize)
          : (arrays[i] as Float32Array),
      ]),
    );
    return { loss: (loss as Float32Array)[0] as number, grads };
  }

  dispose(): void {
    this.#fn.dispose();
  }
}

/**
 * Compiled log-probabilities of each target token, [rows, length] row-major: what a frozen
 * reference policy assigns to sampled tokens (the KL of reinforcement learning). Compiled like
 * the training step, so repeated calls reuse one program per batch shape.
 */
export class TargetLogprobs {
  readonly #config: ModelConfig;
  readonly #fn: OwnedFunction<(...args: JaxArray[]) => unknown>;

  constructor(config: ModelConfig) {
    this.#config = config;
    this.#fn = jit((p: Params, tokens: JaxArray, targets: JaxArray, cos: JaxArray, sin: JaxArray) =>
      targetLogprobs(p, config, tokens, targets, cos, sin),
    ) as unknown as OwnedFunction<(...args: JaxArray[]) => unknown>;
  }

  async run(weights: Weights, batch: { tokens: Int32Array; targets: Int32Array; rows: number; length: number }): Promise<Float32Array> {
    const { rows: B, length: T } = batch;
    const [cos, sin] = ropeFromStart(this.#config, T);
    const out = (this.#fn as unknown as (...a: unknown[]) => JaxArray)(
      toDevice(weights, this.#config),
      np.array(batch.tokens, { dtype: np.int32 }).reshape([B, T]),
      np.array(batch.targets, { dtype: np.int32 }).reshape([B, T]),
      cos,
      sin,
    );
    return await hostArray(out);
  }

  dispose(): void {
    this.#fn.dispose();
  }
}

/** Boolean attention mask [rows, 1, T, S] from 0/1 bytes. */
function maskArray(mask: Uint8Array, rows: number, T: number, S: number): JaxArray {
  // Int32Array: the library accepts it as bool data (a Uint8Array would hit Float16Array, absent in Node 20).
  return np.array(Int32Array.from(mask), { dtype: np.bool }).reshape([rows, 1, T, S]);
}

/**
 * Positions 0…T−1 of every row under `mask` ([rows, T, T], 1 = may attend): the last position's
 * logits [rows, vocab] and each layer's keys and values [rows, T, N, H].
 */
export async function prefill(
  params: Params,
  config: ModelConfig,
  tokens: Int32Array,
  rows: number,
  mask: Uint8Array,
): Promise<{ logits: Float32Array; keys: JaxArray[]; values: JaxArray[] }> {
  const T = tokens.length / rows;
  const [cos, sin] = ropeFromStart(config, T);
  const { h, keys, values } = forward(tree.ref(params), config, np.array(tokens, { dtype: np.int32 }).reshape([rows, T]), {
    cos,
    sin,
    mask: maskArray(mask, rows, T, T),
  });
  const logits = logitsOf(h.slice([], T - 1), (params.head as JaxArray).ref, config);
  return { logits: await hostArray(logits), keys, values };
}

/** Logits at every position [B, T, V] (no cache, causal). */
export async function allLogits(params: Params, config: ModelConfig, tokens: Int32Array, rows: number): Promise<Float32Array> {
  const T = tokens.length / rows;
  const [cos, sin] = ropeFromStart(config, T);
  const h = hidden(tree.ref(params), config, np.array(tokens, { dtype: np.int32 }).reshape([rows, T]), { cos, sin });
  const logits = logitsOf(h, (params.head as JaxArray).ref, config);
  return await hostArray(logits);
}

export type { Params };

/**
 * One generated position for every row against a fixed-capacity cache, compiled once per
 * (rows, past, decoded capacity). The cache is two runs: the prompt pass's keys and values,
 * which no step changes and which are only read, and the room for decoded tokens, where the new
 * key and value are written into their slot by a one-hot blend so that every step has the same
 * shapes. Blending the whole cache instead rewrote every past key at every step: over half of a
 * 32-row step's time.
 */
function cachedStep(config: ModelConfig) {
  return (
    p: Params,
    token: JaxArray,
    cos: JaxArray,
    sin: JaxArray,
    rotation: JaxArray,
    mask: JaxArray,
    slot: JaxArray,
    pastK: JaxArray[],
    pastV: JaxArray[],
    recentK: JaxArray[],
    recentV: JaxArray[],
  ): [JaxArray, JaxArray[], JaxArray[]] => {
    const B = token.shape[0] as number;
    const { h, keys, values } = forward(p, config, token, {
      cos,
      sin,
      rotation,
      mask,
      split: (l, k, v) => {
        const keep = slot.ref.neg().add(1);
        const recent: [JaxArray, JaxArray] = [
          (recentK[l] as JaxArray).mul(keep.ref).add(k.mul(slot.ref)),
          (recentV[l] as JaxArray).mul(keep).add(v.mul(slot.ref)),
        ];
        return { past: [pastK[l] as JaxArray, pastV[l] as JaxArray], recent };
      },
    });
    slot.dispose();
    return [logitsOf(h.reshape([B, config.dim]), p.head as JaxArray, config), keys, values];
  };
}

/** The prompt pass of the sampler, compiled once per (rows, length): last position's logits and every layer's keys and values. */
function prefillPass(config: ModelConfig) {
  return (p: Params, tokens: JaxArray, cos: JaxArray, sin: JaxArray, mask: JaxArray): [JaxArray, JaxArray[], JaxArray[]] => {
    const T = tokens.shape[1] as number;
    const { h, keys, values } = forward(p, config, tokens, { cos, sin, mask });
    return [logitsOf(h.slice([], T - 1), p.head as JaxArray, config), keys, values];
  };
}

/**
 * The prompt pass of a dialogue whose earlier tokens' keys and values are already known (the
 * prefix cache): only the new tokens [B, T] run through the model, attending to the given past
 * keys and values [B, C, N, H] of every layer and to each other under `mask` [B, 1, T, C + T].
 * Compiled once per (rows, C, T).
 */
function extendPass(config: ModelConfig) {
  return (
    p: Params,
    tokens: JaxArray,
    cos: JaxArray,
    sin: JaxArray,
    mask: JaxArray,
    pastK: JaxArray[],
    pastV: JaxArray[],
  ): [JaxArray, JaxArray[], JaxArray[]] => {
    const T = tokens.shape[1] as number;
    const { h, keys, values } = forward(p, config, tokens, {
      cos,
      sin,
      mask,
      cached: (l, k, v) => [np.concatenate([pastK[l] as JaxArray, k], 1), np.concatenate([pastV[l] as JaxArray, v], 1)],
    });
    return [logitsOf(h.slice([], T - 1), p.head as JaxArray, config), keys, values];
  };
}

/**
 * A decoding cache of `capacity` slots per row: slots 0…split−1 hold the prompt pass's keys and
 * values (`keys`/`values`, per layer [rows, split, N, H], never written), slots split…capacity−1
 * the decoded tokens' (`recentKeys`/`recentValues`, [rows, capacity − split, N, H]).
 */
export interface FixedCache {
  keys: JaxArray[];
  values: JaxArray[];
  recentKeys: JaxArray[];
  recentValues: JaxArray[];
  split: number;
  capacity: number;
}

export class CachedDecoder {
  readonly #config: ModelConfig;
  readonly #step: OwnedFunction<(...args: unknown[]) => unknown>;
  readonly #prefill: OwnedFunction<(...args: unknown[]) => unknown>;
  readonly #extend: OwnedFunction<(...args: unknown[]) => unknown>;

  constructor(config: ModelConfig) {
    this.#config = config;
    this.#step = jit(cachedStep(config)) as unknown as OwnedFunction<(...args: unknown[]) => unknown>;
    // Compiled rather than run op by op: one prompt pass is ~60 small kernels, and dispatching
    // them one at a time costs more than their arithmetic for a few rows.
    this.#prefill = jit(prefillPass(config)) as unknown as OwnedFunction<(...args: unknown[]) => unknown>;
    this.#extend = jit(extendPass(config)) as unknown as OwnedFunction<(...args: unknown[]) => unknown>;
  }

  /**
   * New tokens [rows, T] at positions C…C+T−1 after known keys and values (`pastKeys`/`pastValues`:
   * per layer, [rows, C, dim] row-major, keys already rotated for their positions); `mask` is
   * [rows, T, C + T]. The last position's logits and every layer's keys and values [rows, C + T, N, H].
   */
  async extend(
    params: Params,
    tokens: Int32Array,
    rows: number,
    mask: Uint8Array,
    past: { keys: Float32Array[]; values: Float32Array[]; length: number },
  ): Promise<{ logits: Float32Array; keys: JaxArray[]; values: JaxArray[] }> {
    const T = tokens.length / rows;
    const C = past.length;
    const N = this.#config.heads;
    const H = this.#config.dim / N;
    const [cos, sin] = ropeTables(
      this.#config,
      Array.from({ length: T }, (_, i) => C + i),
    );
    const device = (a: Float32Array): JaxArray => np.array(a).reshape([rows, C, N, H]);
    const [logits, keys, values] = (this.#extend as unknown as (...a: unknown[]) => [JaxArray, JaxArray[], JaxArray[]])(
      tree.ref(params),
      np.array(tokens, { dtype: np.int32 }).reshape([rows, T]),
      cos,
      sin,
      maskArray(mask, rows, T, C + T),
      past.keys.map(device),
      past.values.map(device),
    );
    return { logits: await hostArray(logits), keys, values };
  }

  /** A cache's keys and values copied to the host, per layer [rows, capacity, dim] row-major; the cache is kept. */
  static async read(cache: FixedCache): Promise<{ keys: Float32Array[]; values: Float32Array[] }> {
    const L = cache.keys.length;
    const parts = [...cache.keys, ...cache.values, ...cache.recentKeys, ...cache.recentValues];
    const host = await toHost(parts.map((a) => a.ref));
    const rows = cache.keys[0]?.shape[0] as number;
    const { split, capacity } = cache;
    // Each row's past slots, then its decoded slots: the layout of one [rows, capacity] cache.
    const join = (past: Float32Array, recent: Float32Array | undefined): Float32Array => {
      const dim = past.length / (rows * split);
      const out = new Float32Array(rows * capacity * dim);
      for (let b = 0; b < rows; b++) {
        out.set(past.subarray(b * split * dim, (b + 1) * split * dim), b * capacity * dim);
        if (recent)
          out.set(recent.subarray(b * (capacity - split) * dim, (b + 1) * (capacity - split) * dim), (b * capacity + split) * dim);
      }
      return out;
    };
    const recent = cache.recentKeys.length > 0;
    return {
      keys: host.slice(0, L).map((a, l) => join(a, recent ? host[2 * L + l] : undefined)),
      values: host.slice(L, 2 * L).map((a, l) => join(a, recent ? host[3 * L + l] : undefined)),
    };
  }

  /** Every device array a cache holds. */
  static release(cache: FixedCache): void {
    for (const a of [...cache.keys, ...cache.values, ...cache.recentKeys, ...cache.recentValues]) a.dispose();
  }

  /** Like `prefill` above, as one compiled program (the sampler's prompt lengths come in a few buckets, so few shapes). */
  async prefill(
    params: Params,
    tokens: Int32Array,
    rows: number,
    mask: Uint8Array,
  ): Promise<{ logits: Float32Array; keys: JaxArray[]; values: JaxArray[] }> {
    const T = tokens.length / rows;
    const [cos, sin] = ropeFromStart(this.#config, T);
    const [logits, keys, values] = (this.#prefill as unknown as (...a: unknown[]) => [JaxArray, JaxArray[], JaxArray[]])(
      tree.ref(params),
      np.array(tokens, { dtype: np.int32 }).reshape([rows, T]),
      cos,
      sin,
      maskArray(mask, rows, T, T),
    );
    return { logits: await hostArray(logits), keys, values };
  }

  /** A prompt pass's rows copied out to more rows: row i of the result is row rowsOf[i] (consumes the keys and values given). */
  static spread(
    result: { logits: Float32Array; keys: JaxArray[]; values: JaxArray[] },
    rowsOf: readonly number[],
    vocab: number,
  ): { logits: Float32Array; keys: JaxArray[]; values: JaxArray[] } {
    const logits = new Float32Array(rowsOf.length * vocab);
    for (const [i, row] of rowsOf.entries()) logits.set(result.logits.subarray(row * vocab, (row + 1) * vocab), i * vocab);
    const index = np.array(Int32Array.from(rowsOf), { dtype: np.int32 });
    const take = (a: JaxArray): JaxArray => np.take(a, index.ref, 0);
    const spread = { logits, keys: result.keys.map(take), values: result.values.map(take) };
    index.dispose();
    return spread;
  }

  /** A prompt pass's keys/values [B, P, N, H] as the past of a cache of `capacity` slots, the rest zeros (masked out until written). */
  static pad(result: { keys: JaxArray[]; values: JaxArray[] }, capacity: number): FixedCache {
    const [B, P, N, H] = (result.keys[0] as JaxArray).shape as [number, number, number, number];
    const room = (): JaxArray[] => (P < capacity ? result.keys.map(() => np.zeros([B, capacity - P, N, H])) : []);
    return { keys: result.keys, values: result.values, recentKeys: room(), recentValues: room(), split: P, capacity };
  }

  /**
   * Feed one token per row at absolute `position`; `mask` is [rows, capacity] (1 = may attend).
   * Read synchronously, on this thread: a decoding step is many tiny kernels, and handing each to
   * the worker pool costs more than it saves (half the tokens/s in bench/embedded-model.ts).
   */
  step(
    params: Params,
    tokens: Int32Array,
    position: number,
    mask: Uint8Array,
    cache: FixedCache,
  ): { logits: Float32Array; cache: FixedCache } {
    const rows = tokens.length;
    const { split, capacity } = cache;
    if (position < split || position >= capacity)
      throw new Error(`step: position ${position} is outside the decoded slots ${split}…${capacity - 1}`);
    const [cos, sin, rotation] = rotationTables(this.#config, [position]);
    const slot = new Float32Array(capacity - split);
    slot[position - split] = 1;
    const [logits, keys, values] = (this.#step as unknown as (...a: unknown[]) => [JaxArray, JaxArray[], JaxArray[]])(
      tree.ref(params),
      np.array(tokens, { dtype: np.int32 }).reshape([rows, 1]),
      cos,
      sin,
      rotation,
      maskArray(mask, rows, 1, capacity),
      np.array(slot).reshape([1, capacity - split, 1, 1]),
      // The past is only read: the cache keeps its own reference.
      cache.keys.map((a) => a.ref),
      cache.values.map((a) => a.ref),
      cache.recentKeys,
      cache.recentValues,
    );
    return { logits: new Float32Array(logits.dataSync() as Float32Array), cache: { ...cache, recentKeys: keys, recentValues: values } };
  }

  dispose(): void {
    this.#step.dispose();
    this.#prefill.dispose();
    this.#extend.dispose();
  }
}
