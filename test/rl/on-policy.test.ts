import { describe, expect, it } from 'vitest';
import { openingMessages } from '../../src/core/episode.js';
import { getDomain } from '../../src/domains/registry.js';
import { makeBatch, padRows } from '../../src/embedded/batches.js';
import { EmbeddedChat } from '../../src/embedded/chat.js';
import { loadModel } from '../../src/embedded/checkpoint.js';
import { EmbeddedModel } from '../../src/embedded/model.js';
import { TargetLogprobs } from '../../src/embedded/tensor/transformer.js';
import { rollOut } from '../../src/rl/rollout.js';
import { episodeSequences, publicTranscript } from '../../src/rl/sequences.js';
import { createTeacher } from '../../src/teachers/registry.js';
import { ROOT } from '../helpers/cli.js';

// The update is on-policy only if the trainer scores each sampled token under exactly the context
// the sampler drew it from. Long maze dialogues (K = 6) overflow the shipped model's window, so
// the sampler cuts their prompts; the training sequences must be cut the same way.

describe('RL training contexts are the sampling contexts', () => {
  it("the trainer's log-probabilities of the sampled tokens match the sampler's on long dialogues", async () => {
    const dir = `${ROOT}/models/base`;
    const model = await EmbeddedModel.load(dir);
    const maze = getDomain('maze');
    const maxTokens = 48;
    const window = { maxSeq: model.config.maxSeq, maxTokens };
    const rollouts = await rollOut({
      chat: new EmbeddedChat(model),
      domain: maze,
      teacher: createTeacher('scripted'),
      tasks: maze.generate({ n: 3, seed: 11 }),
      group: 2,
      turns: 6,
      maxTokens,
      seedOf: (t, g) => 10 * t + g,
    });
    const generations = rollouts.flatMap((r) => r.generations);
    // The dialogues really are longer than the window leaves for the prompt.
    expect(generations.some((g) => g.promptIds.length > window.maxSeq - maxTokens)).toBe(true);

    const files = loadModel(dir);
    const scorer = new TargetLogprobs(files.config);
    const pad = files.tokenizer.id('<|pad|>');
    let compared = 0;
    let worst = 0;
    for (const r of rollouts) {
      const built = episodeSequences(files.tokenizer, window, publicTranscript(openingMessages(r.task, maze), r.episode), r.generations, {
        student: r.generations.map(() => 1),
        teacher: 0,
      });
      for (const s of built.sequences) {
        const batch = makeBatch(padRows([s], 1, pad), pad, files.config.maxSeq, 1, 64);
        const logprobs = await scorer.run(files.weights, batch);
        for (let t = 1; t < s.ids.length; t++) {
          const sampled = s.policyLogprobs[t] as number;
          if (Number.isNaN(sampled)) continue;
          worst = Math.max(worst, Math.abs((logprobs[t - 1] as number) - sampled));
          compared++;
        }
      }
    }
    // Every sampled token was compared, and each agrees to float32 precision.
    expect(compared).toBe(generations.reduce((n, g) => n + g.ids.length, 0));
    expect(worst).toBeLessThan(1e-4);
    scorer.dispose();
    model.dispose();
  }, 180_000);
});
