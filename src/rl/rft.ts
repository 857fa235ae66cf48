import { openingMessages } from '../core/episode.js';
import { deriveSeed } from '../core/random.js';
import type { Domain } from '../core/types.js';
import { EmbeddedChat } from '../embedded/chat.js';
import type { EmbeddedModel } from '../embedded/model.js';
import type { SftExample } from '../embedded/sft-data.js';

// Rejection-sampling fine-tuning, the single-turn SFT baseline: sample k answers per task from
// the model itself (temperature 1, no feedback), keep the correct ones, and fine-tune on them
// with the SFT trainer. Sampling counts its generated tokens so a budget can be matched to RL.

export interface RejectionSampleOptions {
  model: EmbeddedModel;
  domain: Domain;
  difficulty?: number;
  tasks: number;
  samples: number;
  maxTokens: number;
  seed: number;
  /** Stop drawing new tasks once this many tokens have been sampled. */
  tokenBudget?: number;
  /** Tasks sampled at once (their k samples are one batch of the sampler). */
  tasksPerBatch?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface RejectionSample {
  examples: SftExample[];
  tasksSampled: number;
  samplesDrawn: number;
  generatedTokens: number;
  stoppedBy: 'tasks' | 'token-budget';
}

export async function rejectionSample(o: RejectionSampleOptions): Promise<RejectionSample> {
  const chat = new EmbeddedChat(o.model);
  const tasks = o.domain.generate({ n: o.tasks, seed: o.seed, ...(o.difficulty === undefined ? {} : { difficulty: o.difficulty }) });
  const perBatch = o.tasksPerBatch ?? 8;
  const examples: SftExample[] = [];
  let generatedTokens = 0;
  let samplesDrawn = 0;
  let tasksSampled = 0;
  for (let i = 0; i < tasks.length; i += perBatch) {
    if (o.tokenBudget !== undefined && generatedTokens >= o.tokenBudget)
      return { examples, tasksSampled, samplesDrawn, generatedTokens, stoppedBy: 'token-budget' };
    const slice = tasks.slice(i, i + perBatch);
    const drawn = await Promise.all(
      slice.flatMap((task) =>
        Array.from({ length: o.samples }, async (_, k) => {
          const messages = openingMessages(task, o.domain);
          const c = await chat.complete(messages, {
            temperature: 1,
            topP: 1,
            maxTokens: o.maxTokens,
            seed: deriveSeed(o.seed, 'rft', task.id, k),
          });
          const verdict = await Promise.resolve(o.domain.verify(task, c.text)).catch(() => ({ correct: false }));
          return { messages, text: c.text, tokens: c.ids.length, correct: verdict.correct };
        }),
      ),
    );
    for (const d of drawn) {
      generatedTokens += d.tokens;
      samplesDrawn++;
      if (d.correct) examples.push({ messages: [...d.messages, { role: 'assistant', content: d.text }] });
    }
    tasksSampled += slice.length;
    o.onProgress?.(tasksSampled, tasks.length);
  }
  return { examples, tasksSampled, samplesDrawn, generatedTokens, stoppedBy: 'tasks' };
}
