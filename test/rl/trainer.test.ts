import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openingMessages } from '../../src/core/episode.js';
import { applyChatTemplate } from '../../src/embedded/chat-template.js';
import { loadModel } from '../../src/embedded/checkpoint.js';
import { EmbeddedModel } from '../../src/embedded/model.js';
import { trainRl, type RlOptions } from '../../src/rl/trainer.js';
import { tempDir } from '../helpers/cli.js';
import { letterDomain, tinyLetterModel, wrongTeacher } from '../helpers/rl-fixtures.js';

/** Probability that the model's answer starts with the token "A" (exact, from the logits). */
async function probabilityOfA(dir: string): Promise<number> {
  const model = await EmbeddedModel.load(dir);
  const task = letterDomain.generate({ n: 1, seed: 1 })[0]!;
  const prompt = applyChatTemplate(model.tokenizer, openingMessages(task, letterDomain), { generationPrompt: true }).ids;
  const logits = await model.logits(Int32Array.from(prompt), 1);
  const vocab = model.config.vocabSize;
  const last = logits.subarray((prompt.length - 1) * vocab, prompt.length * vocab);
  const max = Math.max(...last);
  const z = last.reduce((s, v) => s + Math.exp(v - max), 0);
  const p = Math.exp((last[model.tokenizer.encode('A')[0]!] as number) - max) / z;
  model.dispose();
  return p;
}

function options(from: string, out: string, overrides: Partial<RlOptions> = {}): RlOptions {
  return {
    from,
    out,
    domain: letterDomain,
    teacher: wrongTeacher,
    turns: 2,
    group: 8,
    tasksPerStep: 4,
    steps: 12,
    lr: 1e-2,
    warmup: 0,
    gamma: 0.7,
    stdNormalize: false,
    kl: 0,
    teacherModelling: 0,
    maxTokens: 3,
    seed: 3,
    checkpointEvery: 100,
    resume: false,
    ...overrides,
  };
}

describe('RL trainer', () => {
  it('raises the reward on a task it can learn (answer starting with A)', async () => {
    const from = tinyLetterModel();
    const out = tempDir();
    const before = await probabilityOfA(from);
    const result = await trainRl(options(from, out));
    const after = await probabilityOfA(out);
    if (process.env.RL_TEST_VERBOSE) console.log({ before, after, rewards: result.history.map((h) => h.reward) });
    // The untrained model says A first about 1 time in the vocabulary size; a dozen steps make it the likely answer.
    expect(before).toBeLessThan(0.2);
    expect(after).toBeGreaterThan(before + 0.3);
    const rewards = result.history.map((h) => h.reward);
    const firstThree = rewards.slice(0, 3).reduce((a, b) => a + b, 0) / 3;
    const lastThree = rewards.slice(-3).reduce((a, b) => a + b, 0) / 3;
    expect(lastThree).toBeGreaterThan(firstThree);
    expect(result.history.at(-1)!.kl).toBeGreaterThan(0);
    expect(readFileSync(join(out, 'rl-log.jsonl'), 'utf8').trim().split('\n')).toHaveLength(12);
  }, 120_000);

  it('resumes to the same next step as an uninterrupted run', async () => {
    const from = tinyLetterModel(2);
    const straight = tempDir();
    const split = tempDir();
    const common = { steps: 3, teacherModelling: 0.5, kl: 0.1, stdNormalize: true };
    await trainRl(options(from, straight, { ...common, checkpointEvery: 1 }));
    await trainRl(options(from, split, { ...common, steps: 2, checkpointEvery: 1 }));
    const resumed = await trainRl(options(from, split, { ...common, resume: true, checkpointEvery: 1 }));
    expect(resumed.steps).toBe(3);
    expect(resumed.history).toHaveLength(3);
    const a = loadModel(straight).weights;
    const b = loadModel(split).weights;
    for (const [name, w] of a) {
      const v = b.get(name)!;
      let diff = 0;
      for (let i = 0; i < w.length; i++) diff = Math.max(diff, Math.abs((w[i] as number) - (v[i] as number)));
      expect(diff, name).toBeLessThan(1e-5);
    }
  }, 120_000);

  it('stops at the token budget and refuses to overwrite a run without --resume', async () => {
    const from = tinyLetterModel();
    const out = tempDir();
    const result = await trainRl(options(from, out, { steps: 50, tokenBudget: 100 }));
    expect(result.stoppedBy).toBe('token-budget');
    expect(result.totalGeneratedTokens).toBeGreaterThanOrEqual(100);
    expect(result.steps).toBeLessThan(50);
    await expect(trainRl(options(from, out))).rejects.toThrow(/--resume/);
  }, 120_000);

  it('the KL penalty constrains: the same run with β = 1 ends much closer to the starting policy', async () => {
    const from = tinyLetterModel(4);
    const free = await trainRl(options(from, tempDir(), { steps: 10 }));
    const held = await trainRl(options(from, tempDir(), { steps: 10, kl: 1 }));
    const meanKl = (h: { kl: number }[]): number => h.slice(-3).reduce((s, m) => s + m.kl, 0) / 3;
    if (process.env.RL_TEST_VERBOSE) console.log({ free: free.history.map((m) => m.kl), held: held.history.map((m) => m.kl) });
    expect(meanKl(free.history)).toBeGreaterThan(0.05);
    expect(meanKl(held.history)).toBeLessThan(0.5 * meanKl(free.history));
  }, 120_000);

  it('logs what the students did after feedback: rescues, no answer after feedback, attempts after feedback', async () => {
    const result = await trainRl(options(tinyLetterModel(6), tempDir(), { steps: 2 }));
    for (const m of result.history) {
      expect(m.laterAttempts).toBeGreaterThan(0);
      expect(m.rescues).toBeGreaterThanOrEqual(0);
      expect(m.rescues).toBeLessThanOrEqual(m.episodes);
      expect(m.laterNoAnswer).toBeGreaterThanOrEqual(0);
      // The letter task has no direction to move in.
      expect(m.rightDirection).toBeNull();
      // Every episode unsolved at attempt 1 made a second attempt (K = 2).
      expect(m.laterAttempts).toBe(Math.round(m.episodes * (1 - (m.accAt[0] as number))));
    }
  }, 120_000);
});
