import { makeBatch, type WeightedSequence } from '../src/embedded/batches.js';
import { type ModelConfig, presetConfig } from '../src/embedded/config.js';
import { initWeights, type Weights } from '../src/embedded/weights.js';

/**
 * The training benches' workload: the `small` preset with fresh weights and one batch shaped
 * like the base model's data (64 rows of 48 tokens, the last few of each trained on).
 */
export function benchTrainingStep(): { config: ModelConfig; weights: Weights; rows: number; batch: ReturnType<typeof makeBatch> } {
  const config = presetConfig('small', 300);
  const rows = 64;
  const length = 48;
  const sequences: WeightedSequence[] = Array.from({ length: rows }, (_, r) => ({
    ids: Array.from({ length: length + 1 }, (_, t) => (r * 31 + t * 17) % config.vocabSize),
    weights: Array.from({ length: length + 1 }, (_, t) => (t > length - 6 ? 1 : 0)),
  }));
  return { config, weights: initWeights(config, 1), rows, batch: makeBatch(sequences, 0, config.maxSeq) };
}
