import { describe, expect, it } from 'vitest';
import { openingMessages } from '../../src/core/episode.js';
import type { Domain } from '../../src/core/types.js';
import { applyChatTemplate } from '../../src/embedded/chat-template.js';
import { EmbeddedModel } from '../../src/embedded/model.js';
import { trainRl, type RlOptions } from '../../src/rl/trainer.js';
import { tempDir } from '../helpers/cli.js';
import { letterDomain, tinyLetterModel, wrongTeacher } from '../helpers/rl-fixtures.js';

// Teacher modelling drags the shared weights; --teacher-kl holds them. Every answer is wrong
// here, so every advantage is 0 and the only gradient is the teacher's: whatever the student's
// turn-1 distribution does, teacher modelling did it through the weights it shares.

const neverRight: Domain = { ...letterDomain, verify: () => ({ correct: false, extracted: null, summary: '', details: null }) };

/** log-probabilities of the first token of the student's turn-1 answer, over the vocabulary. */
async function turnOne(dir: string): Promise<number[]> {
  const model = await EmbeddedModel.load(dir);
  const task = neverRight.generate({ n: 1, seed: 1 })[0]!;
  const prompt = applyChatTemplate(model.tokenizer, openingMessages(task, neverRight), { generationPrompt: true }).ids;
  const logits = await model.logits(Int32Array.from(prompt), 1);
  const vocab = model.config.vocabSize;
  const last = [...logits.subarray((prompt.length - 1) * vocab, prompt.length * vocab)];
  const max = Math.max(...last);
  const logZ = max + Math.log(last.reduce((s, v) => s + Math.exp(v - max), 0));
  model.dispose();
  return last.map((v) => v - logZ);
}

/** KL(p ‖ q) of two log-probability vectors. */
function kl(p: readonly number[], q: readonly number[]): number {
  return p.reduce((s, lp, i) => s + Math.exp(lp) * (lp - (q[i] as number)), 0);
}

function options(from: string, teacherKl: number): RlOptions {
  return {
    from,
    out: tempDir(),
    domain: neverRight,
    teacher: wrongTeacher,
    turns: 2,
    group: 4,
    tasksPerStep: 2,
    steps: 8,
    lr: 1e-2,
    warmup: 0,
    gamma: 0.7,
    stdNormalize: false,
    kl: 0,
    teacherModelling: 1,
    teacherKl,
    maxTokens: 3,
    seed: 5,
    checkpointEvery: 100,
    resume: false,
  };
}

describe('the teacher anchor (--teacher-kl)', () => {
  it('keeps the teacher tokens and the turn-1 policy closer to the start than teacher modelling alone', async () => {
    const from = tinyLetterModel(7);
    const start = await turnOne(from);
    const run = async (teacherKl: number) => {
      const o = options(from, teacherKl);
      const { history } = await trainRl(o);
      // Measured before each update; anchored, it swings about 0 at this step size, so its size counts.
      const drift = history.slice(-3).reduce((s, m) => s + Math.abs(m.teacherLogRatio as number), 0) / 3;
      return { drift, turnOne: kl(start, await turnOne(o.out)), ratios: history.map((m) => m.teacherLogRatio) };
    };
    const free = await run(0);
    const held = await run(10);
    if (process.env.RL_TEST_VERBOSE) console.log({ free, held });
    // Unanchored, the teacher's fixed text becomes much more likely than at the start.
    expect(free.drift).toBeGreaterThan(0.5);
    expect(held.drift).toBeLessThan(0.25 * free.drift);
    // And the student's turn-1 distribution, which no advantage touched, moved less.
    expect(held.turnOne).toBeLessThan(0.5 * free.turnOne);
  }, 240_000);
});
