import { createRng, deriveSeed, shuffled } from '../core/random.js';
import type { TemplatedDialogue } from './chat-template.js';

// Next-token batches: inputs are tokens 0…n−2, targets 1…n−1, and the weight of each target is
// the training mask of the token being predicted. Rows are padded to a multiple of 16 so the
// compiled step sees only a few shapes.

export interface Batch {
  tokens: Int32Array;
  targets: Int32Array;
  weights: Float32Array;
  rows: number;
  length: number;
  /** Sum of the weights: the number of trained tokens in the batch. */
  denominator: number;
  /** Real (unpadded) tokens, for throughput. */
  realTokens: number;
}

export interface WeightedSequence {
  ids: number[];
  /** Per-token loss weight of predicting this token (0 on context); any real number. */
  weights: number[];
}

export function fromDialogue(d: TemplatedDialogue): WeightedSequence {
  return { ids: d.ids, weights: d.trainMask };
}

/**
 * Fill a batch to a fixed row count with empty rows (no weight), so a short last batch reuses
 * the compiled shape of the full ones.
 */
export function padRows(sequences: readonly WeightedSequence[], rows: number, pad: number): WeightedSequence[] {
  const filled = sequences.slice();
  while (filled.length < rows) filled.push({ ids: [pad, pad], weights: [0, 0] });
  return filled;
}

/**
 * `lengthMultiple` sets the padding buckets: fewer buckets, fewer compiled shapes. By default 16
 * up to 128 tokens (single-turn examples) and 64 beyond (whole dialogues), because each compiled
 * shape keeps its memory and long shapes are the expensive ones.
 */
export function makeBatch(
  sequences: readonly WeightedSequence[],
  pad: number,
  maxSeq: number,
  denominator?: number,
  lengthMultiple?: number,
): Batch {
  const longest = Math.min(maxSeq, Math.max(...sequences.map((s) => s.ids.length - 1)));
  const multiple = lengthMultiple ?? (longest <= 128 ? 16 : 64);
  const length = Math.min(Math.ceil(longest / multiple) * multiple, maxSeq);
  const rows = sequences.length;
  const tokens = new Int32Array(rows * length).fill(pad);
  const targets = new Int32Array(rows * length).fill(pad);
  const weights = new Float32Array(rows * length);
  let total = 0;
  let realTokens = 0;
  sequences.forEach((s, r) => {
    const n = Math.min(s.ids.length - 1, length);
    for (let t = 0; t < n; t++) {
      tokens[r * length + t] = s.ids[t] as number;
      targets[r * length + t] = s.ids[t + 1] as number;
      const w = s.weights[t + 1] ?? 0;
      weights[r * length + t] = w;
      total += Math.abs(w);
    }
    realTokens += n;
  });
  return { tokens, targets, weights, rows, length, denominator: denominator ?? Math.max(1, total), realTokens };
}

/**
 * The batch order of one epoch, fixed by the seed: shuffle, sort windows of 16 batches by length
 * (less padding), then shuffle the batches. Resuming at step s recomputes the same order.
 */
export function epochBatches(count: number, lengths: readonly number[], batchSize: number, seed: number, epoch: number): number[][] {
  const rng = createRng(deriveSeed('epoch', seed, epoch));
  const order = shuffled(
    Array.from({ length: count }, (_, i) => i),
    rng,
  );
  const batches: number[][] = [];
  const window = batchSize * 16;
  for (let w = 0; w < order.length; w += window) {
    const slice = order.slice(w, w + window).sort((a, b) => (lengths[a] as number) - (lengths[b] as number));
    for (let b = 0; b + batchSize <= slice.length; b += batchSize) batches.push(slice.slice(b, b + batchSize));
  }
  return shuffled(batches, rng);
}
