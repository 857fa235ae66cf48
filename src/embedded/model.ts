import { loadModel, type ModelFiles } from './checkpoint.js';
import type { ModelConfig } from './config.js';
import { PrefixCache } from './prefix-cache.js';
import { startRuntime } from './tensor/runtime.js';
import { allLogits, CachedDecoder, disposeParams, prefill, toDevice, type FixedCache, type Params } from './tensor/transformer.js';
import type { Tokenizer } from './tokenizer.js';
import type { Weights } from './weights.js';

/** Opaque per-layer key/value cache, owned by the sampler between decode calls. */
export interface KvCache {
  readonly keys: unknown[];
  readonly values: unknown[];
}

/** A model ready for inference: weights on the device, plus its tokenizer. */
export class EmbeddedModel {
  #params: Params;
  readonly #decoder: CachedDecoder;
  /** Keys and values of finished sequences, for prompts that start with them (see prefix-cache.ts). */
  readonly prefixes = new PrefixCache();

  private constructor(
    readonly config: ModelConfig,
    readonly tokenizer: Tokenizer,
    weights: Weights,
  ) {
    this.#params = toDevice(weights, config);
    this.#decoder = new CachedDecoder(config);
  }

  static async fromFiles(files: ModelFiles): Promise<EmbeddedModel> {
    await startRuntime();
    return new EmbeddedModel(files.config, files.tokenizer, files.weights);
  }

  static async load(dir: string): Promise<EmbeddedModel> {
    return EmbeddedModel.fromFiles(loadModel(dir));
  }

  /**
   * Positions 0…T−1 of each row (`tokens` [rows, T], row-major) under `mask` ([rows, T, T], 1 =
   * may attend): the last position's logits [rows, vocab] and a cache with room for `capacity`.
   * With `rowsOf`, the result has one row per entry, row i a copy of computed row rowsOf[i].
   */
  async prefill(
    tokens: Int32Array,
    rows: number,
    mask: Uint8Array,
    capacity: number,
    rowsOf?: readonly number[],
  ): Promise<{ logits: Float32Array; cache: KvCache }> {
    let result = await this.#decoder.prefill(this.#params, tokens, rows, mask);
    if (rowsOf) result = CachedDecoder.spread(result, rowsOf, this.config.vocabSize);
    return { logits: result.logits, cache: CachedDecoder.pad(result, capacity) };
  }

  /**
   * New tokens [rows, T] after known keys and values (per layer [rows, past.length, dim]; see
   * `CachedDecoder.extend`), under `mask` [rows, T, past.length + T]: the last position's logits
   * and a cache with room for `capacity`.
   */
  async extend(
    tokens: Int32Array,
    rows: number,
    mask: Uint8Array,
    past: { keys: Float32Array[]; values: Float32Array[]; length: number },
    capacity: number,
  ): Promise<{ logits: Float32Array; cache: KvCache }> {
    const result = await this.#decoder.extend(this.#params, tokens, rows, mask, past);
    return { logits: result.logits, cache: CachedDecoder.pad(result, capacity) };
  }

  /** A cache's keys and values on the host, per layer [rows, capacity, dim]; the cache stays usable. */
  readCache(cache: KvCache): Promise<{ keys: Float32Array[]; values: Float32Array[] }> {
    return CachedDecoder.read(cache as FixedCache);
  }

  /** Like `prefill`, keeping no cache: the sampler's recompute-everything baseline. */
  async lastLogits(tokens: Int32Array, rows: number, mask: Uint8Array): Promise<Float32Array> {
    const result = await prefill(this.#params, this.config, tokens, rows, mask);
    for (const a of [...result.keys, ...result.values]) a.dispose();
    return result.logits;
  }

  /** One token per row at `position`, against a cache from `prefill`; `mask` is [rows, capacity]. The old cache is consumed. */
  step(tokens: Int32Array, position: number, mask: Uint8Array, cache: KvCache): { logits: Float32Array; cache: KvCache } {
    return this.#decoder.step(this.#params, tokens, position, mask, cache as FixedCache);
  }

  /**
   * Load new weights of the same architecture (a policy after an update), keeping the compiled
   * programs: a fresh model per update would compile every shape again.
   */
  setWeights(weights: Weights): void {
    const next = toDevice(weights, this.config);
    disposeParams(this.#params);
    this.#params = next;
    this.prefixes.clear();
  }

  releaseCache(cache: KvCache | null): void {
    if (!cache) return;
    CachedDecoder.release(cache as FixedCache);
  }

  /** Logits at every position of each row [rows, T, vocab], without a cache. */
  logits(tokens: Int32Array, rows: number): Promise<Float32Array> {
    return allLogits(this.#params, this.config, tokens, rows);
  }

  dispose(): void {
    this.#decoder.dispose();
    disposeParams(this.#params);
  }
}
