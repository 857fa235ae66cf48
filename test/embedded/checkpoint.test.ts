import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AdamW } from '../../src/embedded/adamw.js';
import { loadCheckpoint, saveCheckpoint } from '../../src/embedded/checkpoint.js';
import { presetConfig } from '../../src/embedded/config.js';
import type { SftExample } from '../../src/embedded/sft-data.js';
import { Tokenizer } from '../../src/embedded/tokenizer.js';
import { trainSft } from '../../src/embedded/train.js';
import { initWeights, type Weights } from '../../src/embedded/weights.js';
import { trainRl } from '../../src/rl/trainer.js';
import { tempDir } from '../helpers/cli.js';
import { letterDomain, tinyLetterModel, wrongTeacher } from '../helpers/rl-fixtures.js';

// The SFT and RL trainers checkpoint through one module; these pin its round trip and what both
// do when the optimizer's moments are missing (the recipes delete them from shipped models).

const MISSING = /resuming from step (\d+) in .* \(no optimizer\.safetensors: the optimizer's moments start at zero\)/;

function tinyFiles() {
  const tokenizer = Tokenizer.train(['What is 2 + 3? Answer: 5'], { minCount: 1 });
  const config = presetConfig('tiny', tokenizer.vocabSize);
  return { config, tokenizer, weights: initWeights(config, 2) };
}

function sameWeights(a: Weights, b: Weights): void {
  expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
  for (const [name, w] of a) expect(Array.from(b.get(name) as Float32Array), name).toEqual(Array.from(w));
}

describe('training checkpoints', () => {
  it('round-trip the weights, the optimizer moments and step, and the trainer state', () => {
    const files = tinyFiles();
    const optimizer = new AdamW();
    for (let s = 0; s < 3; s++) {
      const grads: Weights = new Map([...files.weights].map(([name, w]) => [name, w.map((_, i) => Math.sin(i + s))]));
      optimizer.update(files.weights, grads, 1e-3);
    }
    const dir = tempDir();
    const state = { step: 3, seed: 9, history: [{ step: 3, loss: 1.5 }] };
    saveCheckpoint(dir, files, optimizer, 'state.json', state);
    const lines: string[] = [];
    const loaded = loadCheckpoint<typeof state>(dir, 'state.json', (l) => lines.push(l));
    expect(loaded.state).toEqual(state);
    sameWeights(files.weights, loaded.files.weights);
    sameWeights(optimizer.m, loaded.optimizer.m);
    sameWeights(optimizer.v, loaded.optimizer.v);
    expect(loaded.optimizer.step).toBe(3);
    expect(loaded.files.tokenizer.tokens).toEqual(files.tokenizer.tokens);
    expect(lines).toEqual([`resuming from step 3 in ${dir}`]);

    rmSync(join(dir, 'optimizer.safetensors'));
    const bare = loadCheckpoint<typeof state>(dir, 'state.json', (l) => lines.push(l));
    expect(bare.optimizer.m.size + bare.optimizer.v.size).toBe(0);
    expect(bare.optimizer.step).toBe(3);
    expect(lines[1]).toMatch(MISSING);
  });

  it('without optimizer.safetensors, SFT and RL both resume from zero moments and say so', async () => {
    const examples: SftExample[] = Array.from({ length: 16 }, (_, i) => ({
      messages: [
        { role: 'user', content: `What is ${i} + 3?` },
        { role: 'assistant', content: `Answer: ${i + 3}` },
      ],
    }));
    const sftDir = tempDir();
    const sft = { examples, out: sftDir, preset: 'tiny', steps: 4, batchSize: 4, lr: 1e-3, warmup: 1, seed: 1 };
    const sftRun = { ...sft, heldOutShare: 0, evalEvery: 100, checkpointEvery: 100 };
    await trainSft({ ...sftRun, stopAt: 2, resume: false });
    const rlDir = tempDir();
    const rl = {
      from: tinyLetterModel(),
      out: rlDir,
      domain: letterDomain,
      teacher: wrongTeacher,
      turns: 2,
      group: 4,
      tasksPerStep: 2,
      steps: 2,
      lr: 1e-2,
      warmup: 0,
      gamma: 0.7,
      stdNormalize: false,
      kl: 0,
      // Teacher tokens are trained even when every group ties, so the first step has moments to save.
      teacherModelling: 0.5,
      maxTokens: 3,
      seed: 3,
      checkpointEvery: 1,
    };
    await trainRl({ ...rl, stopAt: 1, resume: false });
    for (const dir of [sftDir, rlDir]) {
      expect(existsSync(join(dir, 'optimizer.safetensors'))).toBe(true);
      rmSync(join(dir, 'optimizer.safetensors'));
    }

    const sftLog: string[] = [];
    const sftResult = await trainSft({ ...sftRun, resume: true, log: (l) => sftLog.push(l) });
    const rlLog: string[] = [];
    const rlResult = await trainRl({ ...rl, resume: true, log: (l) => rlLog.push(l) });
    expect(sftLog.find((l) => MISSING.test(l))?.match(MISSING)?.[1]).toBe('2');
    expect(rlLog.find((l) => MISSING.test(l))?.match(MISSING)?.[1]).toBe('1');
    expect(sftResult.steps).toBe(4);
    expect(rlResult.steps).toBe(2);
    // Both wrote fresh moments at their next checkpoint.
    for (const dir of [sftDir, rlDir]) expect(existsSync(join(dir, 'optimizer.safetensors'))).toBe(true);
  }, 120_000);
});
