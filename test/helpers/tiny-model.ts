import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { saveModel } from '../../src/embedded/checkpoint.js';
import { presetConfig } from '../../src/embedded/config.js';
import { Tokenizer } from '../../src/embedded/tokenizer.js';
import { initWeights } from '../../src/embedded/weights.js';

/** An untrained `tiny` model directory: enough to exercise loading, sampling and serving. */
export function tinyModelDir(seed = 1): string {
  const dir = mkdtempSync(join(tmpdir(), 'didactic-tiny-'));
  const tokenizer = Tokenizer.train(['Solve the problem. What is the answer? Answer: 42'], { minCount: 1 });
  saveModel(dir, {
    config: presetConfig('tiny', tokenizer.vocabSize),
    tokenizer,
    weights: initWeights(presetConfig('tiny', tokenizer.vocabSize), seed),
  });
  return dir;
}
