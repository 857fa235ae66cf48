import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../src/core/types.js';
import { applyChatTemplate } from '../../src/embedded/chat-template.js';
import { presetConfig } from '../../src/embedded/config.js';
import { EmbeddedModel } from '../../src/embedded/model.js';
import { shiftKeys } from '../../src/embedded/prefix-cache.js';
import { MIN_REUSE, sampleBatch, type SampleRequest } from '../../src/embedded/sample.js';
import { Tokenizer } from '../../src/embedded/tokenizer.js';
import { initWeights } from '../../src/embedded/weights.js';

// The prefix cache must not change what is sampled: a prompt that reuses the keys and values of
// an earlier turn gives the same draws, and log-probabilities equal to float rounding, as the
// same prompt run whole.

const SYSTEM = 'Solve the problem. Show the working, then give the answer as "Answer: <answer>" on the last line.';
const TASKS = ['What is 12 + 30?', 'What is 7 × 6 − 5?', 'What is 81 − 19 + 4?', 'What is 9 × 9?'];
const FEEDBACK = ['That is too low.', 'Check the second step again, the sum is off.', 'No.'];

async function tinyModel(seed: number): Promise<EmbeddedModel> {
  const tokenizer = Tokenizer.train([SYSTEM, ...TASKS, ...FEEDBACK, 'Answer: 42'], { minCount: 1 });
  const config = presetConfig('tiny', tokenizer.vocabSize);
  return EmbeddedModel.fromFiles({ config, tokenizer, weights: initWeights(config, seed) });
}

const request = (prompt: number[], seed: number): SampleRequest => ({
  prompt,
  temperature: 1,
  topP: 1,
  maxTokens: 12,
  seed,
  stopIds: new Set<number>(),
});

/** Four turns of four dialogues, each turn sampled as one batch; returns every turn's outputs. */
async function dialogues(model: EmbeddedModel) {
  const tokenizer = model.tokenizer;
  const histories: ChatMessage[][] = TASKS.map((task) => [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: task },
  ]);
  const turns = [];
  for (let turn = 0; turn < 4; turn++) {
    const requests = histories.map((messages, i) =>
      request(applyChatTemplate(tokenizer, messages, { generationPrompt: true }).ids, 1000 * turn + i),
    );
    const outputs = await sampleBatch(model, requests);
    turns.push(outputs);
    outputs.forEach((o, i) => {
      const history = histories[i] as ChatMessage[];
      history.push({ role: 'assistant', content: tokenizer.decode(o.ids) });
      // Feedback of different lengths, so the dialogues' prompts differ in length and each row's
      // cached keys are moved to a different position.
      history.push({ role: 'user', content: FEEDBACK[(i + turn) % FEEDBACK.length] as string });
    });
  }
  return turns;
}

describe('prefix cache', () => {
  it('later turns reuse the earlier turns and sample what the whole prompt samples', async () => {
    const warm = await tinyModel(21);
    const cold = await tinyModel(21);
    cold.prefixes.enabled = false;
    const a = await dialogues(warm);
    const b = await dialogues(cold);
    expect(warm.prefixes.stats.hits).toBeGreaterThanOrEqual(8);
    expect(warm.prefixes.stats.reusedTokens).toBeGreaterThan(8 * 32);
    expect(cold.prefixes.stats.hits).toBe(0);
    let worst = 0;
    a.forEach((outputs, turn) =>
      outputs.forEach((o, i) => {
        const other = b[turn]?.[i];
        expect(o.ids).toEqual(other?.ids);
        o.logprobs.forEach((lp, t) => {
          worst = Math.max(worst, Math.abs(lp - (other?.logprobs[t] as number)));
        });
      }),
    );
    expect(worst).toBeLessThan(1e-4);
    warm.dispose();
    cold.dispose();
  });

  it('new weights clear it, so no prompt reuses keys the old weights computed', async () => {
    const model = await tinyModel(22);
    await dialogues(model);
    expect(model.prefixes.size).toBeGreaterThan(0);
    model.setWeights(initWeights(model.config, 23));
    expect(model.prefixes.size).toBe(0);
    model.dispose();
  });

  it('keeps only sequences long enough to be reused: a short prompt and reply store nothing', async () => {
    const model = await tinyModel(24);
    const short = [3, 4, 5, 6];
    const [out] = await sampleBatch(model, [{ ...request(short, 1), maxTokens: 4 }]);
    expect(short.length + (out?.ids.length ?? 0)).toBeLessThan(MIN_REUSE);
    expect(model.prefixes.size).toBe(0);
    const long = Array.from({ length: MIN_REUSE + 4 }, (_, i) => 3 + (i % 5));
    await sampleBatch(model, [request(long, 2)]);
    expect(model.prefixes.size).toBe(1);
    model.dispose();
  });

  it('moving keys by a and then b is moving them by a + b', () => {
    const config = presetConfig('tiny', 50);
    const keys = Float32Array.from({ length: 3 * config.dim }, (_, i) => Math.sin(i * 0.37));
    const twice = shiftKeys(shiftKeys(keys, config, 17), config, -5);
    const once = shiftKeys(keys, config, 12);
    for (let i = 0; i < keys.length; i++) expect(twice[i]).toBeCloseTo(once[i] as number, 5);
    expect(shiftKeys(keys, config, 0)).toBe(keys);
  });
});
