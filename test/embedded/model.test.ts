import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeBatch } from '../../src/embedded/batches.js';
import { EmbeddedChat } from '../../src/embedded/chat.js';
import { applyChatTemplate } from '../../src/embedded/chat-template.js';
import { loadModel, saveModel } from '../../src/embedded/checkpoint.js';
import { presetConfig } from '../../src/embedded/config.js';
import { EmbeddedModel } from '../../src/embedded/model.js';
import { sampleBatch, type SampleOutput, type SampleRequest } from '../../src/embedded/sample.js';
import type { SftExample } from '../../src/embedded/sft-data.js';
import { Tokenizer } from '../../src/embedded/tokenizer.js';
import { trainSft } from '../../src/embedded/train.js';
import { initWeights } from '../../src/embedded/weights.js';

const SYSTEM = 'Solve the problem and give the answer as "Answer: <answer>".';
const FACTS: [string, string][] = [
  ['What is 2 + 3?', '5'],
  ['What is 7 × 6?', '42'],
  ['What is 9 − 4?', '5'],
  ['What is 12 + 30?', '42'],
  ['What is 8 × 8?', '64'],
  ['What is 50 − 13?', '37'],
];
const examples: SftExample[] = FACTS.map(([q, a]) => ({
  messages: [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: q },
    { role: 'assistant', content: `Answer: ${a}` },
  ],
}));

function tinyModelFiles(seed: number) {
  const tokenizer = Tokenizer.train([SYSTEM, ...FACTS.flat()], { minCount: 1 });
  const config = presetConfig('tiny', tokenizer.vocabSize);
  return { config, tokenizer, weights: initWeights(config, seed) };
}

describe('chat template', () => {
  it('marks only assistant tokens (and their end token) for training, and tells task from feedback', () => {
    const { tokenizer } = tinyModelFiles(1);
    const dialogue = applyChatTemplate(tokenizer, [
      { role: 'system', content: SYSTEM },
      { role: 'user', content: 'What is 2 + 3?' },
      { role: 'assistant', content: 'Answer: 6' },
      { role: 'user', content: 'Check the sum.' },
      { role: 'assistant', content: 'Answer: 5' },
    ]);
    const roles = dialogue.ids
      .filter((id) => tokenizer.tokens[id]?.startsWith('<|') && tokenizer.tokens[id] !== '<|end|>')
      .map((id) => tokenizer.tokens[id]);
    expect(roles).toEqual(['<|system|>', '<|user|>', '<|assistant|>', '<|teacher|>', '<|assistant|>']);
    const trained = tokenizer.decode(dialogue.ids.filter((_, i) => dialogue.trainMask[i] === 1));
    expect(trained).toBe('Answer: 6Answer: 5');
    const generation = applyChatTemplate(tokenizer, [{ role: 'user', content: 'hi' }], { generationPrompt: true });
    expect(tokenizer.tokens[generation.ids.at(-1) as number]).toBe('<|assistant|>');
  });
});

describe('training batches', () => {
  const seq = (n: number) => ({ ids: Array.from({ length: n }, (_, i) => i % 7), weights: Array.from({ length: n }, () => 1) });
  it('pad single-turn lengths to 16s and whole dialogues to 64s, never past the context', () => {
    const length = (n: number, multiple?: number): number => makeBatch([seq(n), seq(5)], 0, 320, undefined, multiple).length;
    expect([length(20), length(90), length(130), length(150), length(200), length(300)]).toEqual([32, 96, 192, 192, 256, 320]);
    expect(length(150, 16)).toBe(160);
    expect(length(400)).toBe(320);
    // Padding never carries weight: the denominator counts real targets only.
    expect(makeBatch([seq(150), seq(5)], 0, 320).denominator).toBe(149 + 4);
  });
});

/** Each request sampled alone draws the same tokens as its row of the batch, log-probabilities within 1e-5. */
async function expectEachRowAsAlone(
  model: EmbeddedModel,
  requests: readonly SampleRequest[],
  batched: readonly SampleOutput[],
): Promise<void> {
  for (const [i, request] of requests.entries()) {
    const [alone] = await sampleBatch(model, [request]);
    expect(alone?.ids, `row ${i}`).toEqual(batched[i]?.ids);
    expect(
      alone?.logprobs.every((l, t) => Math.abs(l - (batched[i]?.logprobs[t] as number)) < 1e-5),
      `row ${i}`,
    ).toBe(true);
  }
}

describe('embedded model', () => {
  it('save → load gives identical logits', async () => {
    const files = tinyModelFiles(7);
    const dir = mkdtempSync(join(tmpdir(), 'didactic-save-'));
    saveModel(dir, files);
    const original = await EmbeddedModel.fromFiles(files);
    const reloaded = await EmbeddedModel.load(dir);
    const tokens = Int32Array.from(applyChatTemplate(files.tokenizer, examples[0]?.messages ?? []).ids);
    const a = await original.logits(tokens, 1);
    const b = await reloaded.logits(tokens, 1);
    expect(a.length).toBe(tokens.length * files.config.vocabSize);
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(loadModel(dir).tokenizer.tokens).toEqual(files.tokenizer.tokens);
  });

  it('the KV cache gives the same next-token logits as recomputing the prefix', async () => {
    const files = tinyModelFiles(5);
    const model = await EmbeddedModel.fromFiles(files);
    const prompt = applyChatTemplate(files.tokenizer, examples[1]?.messages.slice(0, 2) ?? [], { generationPrompt: true }).ids;
    const request: SampleRequest = { prompt, temperature: 0, topP: 1, maxTokens: 6, seed: 1, stopIds: new Set() };
    const [cached] = await sampleBatch(model, [request]);
    const [recomputed] = await sampleBatch(model, [request], { recompute: true });
    expect(cached?.ids).toEqual(recomputed?.ids);
    cached?.logprobs.forEach((lp, i) => expect(lp).toBeCloseTo(recomputed?.logprobs[i] as number, 4));
  });

  it('one block: the full causal pass and prefill plus cached steps give the same logits at every position', async () => {
    const files = tinyModelFiles(4);
    const model = await EmbeddedModel.fromFiles(files);
    const ids = applyChatTemplate(files.tokenizer, examples[3]?.messages ?? []).ids;
    const vocab = files.config.vocabSize;
    const full = await model.logits(Int32Array.from(ids), 1);
    // Prefill the first P tokens, then feed the rest one at a time against a 64-slot cache.
    const P = 5;
    const capacity = 64;
    expect(ids.length).toBeLessThan(capacity);
    const causal = new Uint8Array(P * P).map((_, i) => (i % P <= Math.floor(i / P) ? 1 : 0));
    let { logits, cache } = await model.prefill(Int32Array.from(ids.slice(0, P)), 1, causal, capacity);
    const stepped: Float32Array[] = [logits];
    for (let position = P; position < ids.length; position++) {
      const mask = new Uint8Array(capacity).map((_, j) => (j <= position ? 1 : 0));
      ({ logits, cache } = model.step(Int32Array.of(ids[position] as number), position, mask, cache));
      stepped.push(logits);
    }
    model.releaseCache(cache);
    let worst = 0;
    stepped.forEach((row, i) => {
      const expected = full.subarray((P - 1 + i) * vocab, (P + i) * vocab);
      for (let v = 0; v < vocab; v++) worst = Math.max(worst, Math.abs((row[v] as number) - (expected[v] as number)));
    });
    expect(stepped).toHaveLength(ids.length - P + 1);
    expect(worst).toBeLessThan(1e-4);
    model.dispose();
  });

  it('same seed → same samples; other seeds differ', async () => {
    const files = tinyModelFiles(3);
    const model = await EmbeddedModel.fromFiles(files);
    const prompt = applyChatTemplate(files.tokenizer, examples[2]?.messages.slice(0, 2) ?? [], { generationPrompt: true }).ids;
    const request = (seed: number): SampleRequest => ({ prompt, temperature: 1, topP: 0.95, maxTokens: 12, seed, stopIds: new Set() });
    const first = await sampleBatch(model, [request(11), request(12), request(13)]);
    const again = await sampleBatch(model, [request(11), request(12), request(13)]);
    expect(again.map((o) => o.ids)).toEqual(first.map((o) => o.ids));
    expect(new Set(first.map((o) => o.ids.join(','))).size).toBeGreaterThan(1);
    for (const o of first) expect(o.logprobs.every((lp) => lp <= 0 && Number.isFinite(lp))).toBe(true);
  });

  it('a row samples the same tokens alone or batched with longer and shorter prompts', async () => {
    const files = tinyModelFiles(9);
    const model = await EmbeddedModel.fromFiles(files);
    const requests: SampleRequest[] = examples.slice(0, 3).map((e, i) => ({
      prompt: applyChatTemplate(
        files.tokenizer,
        i === 0 ? e.messages.slice(1, 2) : i === 1 ? e.messages : [...e.messages, { role: 'user', content: 'Check the last step.' }],
        { generationPrompt: true },
      ).ids,
      temperature: 1,
      topP: 1,
      maxTokens: 10,
      seed: 100 + i,
      stopIds: new Set<number>(),
    }));
    expect(new Set(requests.map((r) => r.prompt.length)).size).toBe(3);
    const batched = await sampleBatch(model, requests);
    for (const [i, request] of requests.entries()) {
      const [alone] = await sampleBatch(model, [request]);
      expect(alone?.ids).toEqual(batched[i]?.ids);
    }
  });

  it('identical prompts in a batch run once, and each row still samples what it would alone', async () => {
    const files = tinyModelFiles(4);
    const model = await EmbeddedModel.fromFiles(files);
    model.prefixes.enabled = false;
    // A group of RL episodes: 6 draws of one prompt, 2 of another, each with its own seed.
    const prompts = [examples[0], examples[1]].map(
      (e) => applyChatTemplate(files.tokenizer, (e as SftExample).messages.slice(0, 2), { generationPrompt: true }).ids,
    );
    const requests: SampleRequest[] = Array.from({ length: 8 }, (_, i) => ({
      prompt: prompts[i < 6 ? 0 : 1] as number[],
      temperature: 1.5,
      topP: 1,
      maxTokens: 8,
      seed: 700 + i,
      stopIds: new Set<number>(),
    }));
    const rowsRun: number[] = [];
    const prefill = model.prefill.bind(model);
    model.prefill = (tokens, rows, mask, capacity, rowsOf) => {
      rowsRun.push(rows);
      return prefill(tokens, rows, mask, capacity, rowsOf);
    };
    const batched = await sampleBatch(model, requests);
    // Two distinct prompts: one pass of two rows instead of eight.
    expect(rowsRun).toEqual([2]);
    expect(new Set(batched.map((o) => o.ids.join(','))).size).toBeGreaterThan(1);
    await expectEachRowAsAlone(model, requests, batched);
  });

  it('a batch whose distinct prompts, filled up to a power of two, are as many as its rows still gives each row its own prompt', async () => {
    const files = tinyModelFiles(6);
    const model = await EmbeddedModel.fromFiles(files);
    model.prefixes.enabled = false;
    // Three distinct prompts in four rows: the pass runs four rows (three and a filler), not in
    // the batch's order, so row 1 must read the pass's row 0 and row 2 its row 1.
    const prompts = examples
      .slice(0, 3)
      .map((e) => applyChatTemplate(files.tokenizer, e.messages.slice(0, 2), { generationPrompt: true }).ids);
    const requests: SampleRequest[] = [0, 0, 1, 2].map((p, i) => ({
      prompt: prompts[p] as number[],
      temperature: 1,
      topP: 1,
      maxTokens: 8,
      seed: 900 + i,
      stopIds: new Set<number>(),
    }));
    const batched = await sampleBatch(model, requests);
    await expectEachRowAsAlone(model, requests, batched);
  });

  it('a batch of long prompts too big for one prefill is sampled in groups, each row as it would be alone', async () => {
    const files = tinyModelFiles(5);
    const model = await EmbeddedModel.fromFiles(files);
    // 24 prompts of ~130–230 tokens: 24 rows × 256² is past the prefill limit, so the batch splits.
    const requests: SampleRequest[] = Array.from({ length: 24 }, (_, i) => ({
      prompt: applyChatTemplate(files.tokenizer, [{ role: 'user', content: `${'What is 12 + 30? '.repeat(8 + (i % 6) * 2)}` }], {
        generationPrompt: true,
      }).ids,
      temperature: 1,
      topP: 1,
      maxTokens: 6,
      seed: 500 + i,
      stopIds: new Set<number>(),
    }));
    expect(Math.max(...requests.map((r) => r.prompt.length))).toBeGreaterThan(192);
    const streamed = new Map<number, number[]>();
    const batched = await sampleBatch(model, requests, {
      onToken: (row, id) => id >= 0 && streamed.set(row, [...(streamed.get(row) ?? []), id]),
    });
    for (const i of [0, 5, 17, 23]) {
      const [alone] = await sampleBatch(model, [requests[i]!]);
      expect(batched[i]?.ids).toEqual(alone?.ids);
      expect(streamed.get(i)).toEqual(alone?.ids);
    }
  });

  it('a tiny model overfits a tiny dataset and answers it through the chat interface', async () => {
    const out = mkdtempSync(join(tmpdir(), 'didactic-overfit-'));
    // Repeat the six facts so each step sees a full batch.
    const data = Array.from({ length: 8 }, () => examples).flat();
    const result = await trainSft({
      examples: data,
      out,
      preset: 'tiny',
      steps: 150,
      batchSize: 12,
      lr: 1e-2,
      warmup: 10,
      seed: 1,
      heldOutShare: 0,
      evalEvery: 1000,
      checkpointEvery: 1000,
      resume: false,
    });
    expect(result.finalLoss).toBeLessThan(0.1);
    const chat = new EmbeddedChat(await EmbeddedModel.load(out));
    const answers = await Promise.all(
      FACTS.map(([q]) =>
        chat.complete(
          [
            { role: 'system', content: SYSTEM },
            { role: 'user', content: q },
          ],
          { temperature: 0 },
        ),
      ),
    );
    expect(answers.map((a) => a.text)).toEqual(FACTS.map(([, a]) => `Answer: ${a}`));
    expect(answers.every((a) => a.finish === 'stop')).toBe(true);
  });
});
