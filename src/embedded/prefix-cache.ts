import type { ModelConfig } from './config.js';

// Automatic prefix caching, as model servers do it: every turn of a didactic dialogue sends the
// whole dialogue again, and all of it but the last reply and the teacher's feedback was already
// run through the model at the previous turn. The sampler keeps, for each sequence it finished,
// the keys and values of its tokens on the host; the next prompt that starts with those tokens
// runs only its new tokens through the model. Lookups match token ids from the start of the
// window the sampler conditions on, so a window that slid (a dialogue longer than the context)
// or a re-tokenised reply simply matches less.
//
// Keys carry their rotary position: a prefix reused at another position is rotated by the
// difference, which leaves every query·key product as it was (rotary attention depends only on
// relative positions). Outputs agree with the full prompt pass to float rounding.

export interface CachedPrefix {
  ids: number[];
  /** Per layer, [ids.length, dim] row-major; keys rotated for positions offset, offset + 1, … */
  keys: Float32Array[];
  values: Float32Array[];
  /** Rotary position of ids[0]. */
  offset: number;
}

export class PrefixCache {
  #entries: CachedPrefix[] = [];
  #bytes = 0;
  /** Off: every prompt is run whole (the baseline the benches compare against). */
  enabled = true;
  /** Prompts that reused a prefix, and the window tokens they did not run again. */
  readonly stats = { hits: 0, reusedTokens: 0 };

  /** @param maxBytes host memory kept at most; the oldest entries go first. */
  constructor(readonly maxBytes = 256 * 2 ** 20) {}

  get size(): number {
    return this.#entries.length;
  }

  /** The entry sharing the longest run of tokens with the start of `window`, and that length. */
  match(window: readonly number[]): { entry: CachedPrefix; length: number } | null {
    let best: { entry: CachedPrefix; length: number } | null = null;
    for (const entry of this.#entries) {
      const limit = Math.min(entry.ids.length, window.length);
      let n = 0;
      while (n < limit && entry.ids[n] === window[n]) n++;
      if (n > 0 && (!best || n > best.length)) best = { entry, length: n };
    }
    return best;
  }

  add(entry: CachedPrefix): void {
    if (!this.enabled) return;
    this.#entries.push(entry);
    this.#bytes += entryBytes(entry);
    while (this.#bytes > this.maxBytes && this.#entries.length > 0) this.delete(this.#entries[0] as CachedPrefix);
  }

  delete(entry: CachedPrefix): void {
    const at = this.#entries.indexOf(entry);
    if (at < 0) return;
    this.#entries.splice(at, 1);
    this.#bytes -= entryBytes(entry);
  }

  /** Forget everything: the weights changed, so no stored key or value is valid. */
  clear(): void {
    this.#entries = [];
    this.#bytes = 0;
  }
}

function entryBytes(entry: CachedPrefix): number {
  return [...entry.keys, ...entry.values].reduce((s, a) => s + a.byteLength, 0);
}

/**
 * Keys [tokens, dim] rotated for positions p…, as keys for positions p + delta…: each head's
 * pairs (i, i + H/2) turn by delta times their rotary frequency, the rotation `rope` applies.
 */
export function shiftKeys(keys: Float32Array, config: ModelConfig, delta: number): Float32Array {
  if (delta === 0) return keys;
  const H = config.dim / config.heads;
  const half = H / 2;
  const cos = new Float64Array(half);
  const sin = new Float64Array(half);
  for (let i = 0; i < half; i++) {
    const angle = delta / config.ropeBase ** (i / half);
    cos[i] = Math.cos(angle);
    sin[i] = Math.sin(angle);
  }
  const out = new Float32Array(keys.length);
  for (let head = 0; head < keys.length; head += H) {
    for (let i = 0; i < half; i++) {
      const a = keys[head + i] as number;
      const b = keys[head + half + i] as number;
      out[head + i] = a * (cos[i] as number) - b * (sin[i] as number);
      out[head + half + i] = a * (sin[i] as number) + b * (cos[i] as number);
    }
  }
  return out;
}
