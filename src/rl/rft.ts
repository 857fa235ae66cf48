import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openingMessages } from '../core/episode.js';
import { UsageError } from '../core/errors.js';
import { deriveSeed } from '../core/random.js';
import { sha256 } from '../core/hash.js';
import type { Domain, Task } from '../core/types.js';
import { getDomain } from '../domains/registry.js';
import { EmbeddedChat } from '../embedded/chat.js';
import { EmbeddedModel } from '../embedded/model.js';
import type { SftExample } from '../embedded/sft-data.js';
import { trainSft, type SftResult } from '../embedded/train.js';
import { openRftJournal, type JournalBatch, type RftJournal } from './rft-journal.js';

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
  /** Where the draws are written batch by batch; the batches already in it are read, not drawn again. */
  journal?: RftJournal;
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
    const batch = o.journal?.batches[i / perBatch] ?? (await drawBatch(o, chat, slice, i, i / perBatch));
    if (o.journal && batch.batch === o.journal.batches.length) o.journal.append(batch);
    for (const [t, , text] of batch.kept) {
      const task = tasks[t] as Task;
      examples.push({ messages: [...openingMessages(task, o.domain), { role: 'assistant', content: text }] });
    }
    generatedTokens += batch.tokens;
    samplesDrawn += batch.drawn;
    tasksSampled += slice.length;
    o.onProgress?.(tasksSampled, tasks.length);
  }
  return { examples, tasksSampled, samplesDrawn, generatedTokens, stoppedBy: 'tasks' };
}

/** Draws the k samples of each task in `slice` (tasks `first`… of the list) in one batch of the sampler. */
async function drawBatch(
  o: RejectionSampleOptions,
  chat: EmbeddedChat,
  slice: Task[],
  first: number,
  index: number,
): Promise<JournalBatch> {
  const drawn = await Promise.all(
    slice.flatMap((task, t) =>
      Array.from({ length: o.samples }, async (_, k) => {
        const c = await chat.complete(openingMessages(task, o.domain), {
          temperature: 1,
          topP: 1,
          maxTokens: o.maxTokens,
          seed: deriveSeed(o.seed, 'rft', task.id, k),
        });
        const verdict = await Promise.resolve(o.domain.verify(task, c.text, { extract: 'strict' })).catch(() => ({ correct: false }));
        return { task: first + t, k, text: c.text, tokens: c.ids.length, correct: verdict.correct };
      }),
    ),
  );
  return {
    batch: index,
    tokens: drawn.reduce((sum, d) => sum + d.tokens, 0),
    drawn: drawn.length,
    kept: drawn.filter((d) => d.correct).map((d): [number, number, string] => [d.task, d.k, d.text]),
  };
}

export interface RftOptions {
  /** Directory of the model to sample and fine-tune. */
  from: string;
  /** The domain, by name (as rft.json records it). */
  domain: string;
  difficulty?: number;
  /** Tasks to sample. */
  tasks: number;
  /** Samples per task. */
  samples: number;
  /** Most tokens per sample. */
  maxTokens: number;
  /** Stop sampling once this many tokens have been generated. */
  tokenBudget?: number;
  /** SFT steps on the kept answers. */
  steps: number;
  batchSize: number;
  /** Peak SFT learning rate. */
  lr: number;
  warmup: number;
  /** The SFT learning rate's floor as a share of the peak (1: constant after warm-up, the RL runs' schedule). */
  lrFloor?: number;
  seed: number;
  /** The model directory to write. */
  out: string;
  /** Continue in `out`: the sampling after its last whole batch (rft-samples.jsonl), then the SFT from its last checkpoint. */
  resume: boolean;
  onProgress?: (done: number, total: number) => void;
  /** Sampling is over; fine-tuning starts next (unless too few answers were kept). */
  onSampled?: (sampled: RejectionSample) => void;
  log?: (line: string) => void;
}

/** The sampling journal's file name in the output directory. */
export const RFT_SAMPLES = 'rft-samples.jsonl';

/** rft.json: the starting model, the task source and what sampling drew. */
export interface RftRecord {
  from: string;
  domain: string;
  difficulty: number | null;
  /** Correct answers kept: the fine-tuning examples. */
  examples: number;
  tasksSampled: number;
  samplesDrawn: number;
  generatedTokens: number;
  stoppedBy: RejectionSample['stoppedBy'];
}

export interface RftResult {
  record: RftRecord;
  sft: SftResult;
}

export function rftRecord(o: Pick<RftOptions, 'from' | 'domain' | 'difficulty'>, sampled: RejectionSample): RftRecord {
  return {
    from: o.from,
    domain: o.domain,
    difficulty: o.difficulty ?? null,
    examples: sampled.examples.length,
    tasksSampled: sampled.tasksSampled,
    samplesDrawn: sampled.samplesDrawn,
    generatedTokens: sampled.generatedTokens,
    stoppedBy: sampled.stoppedBy,
  };
}

/** The whole recipe: sample, keep the correct answers, fine-tune on them, and write rft.json next to the model. */
export async function trainRft(o: RftOptions): Promise<RftResult> {
  const domain = getDomain(o.domain);
  const model = await EmbeddedModel.load(o.from);
  let sampled: RejectionSample;
  try {
    mkdirSync(o.out, { recursive: true });
    const tasksPerBatch = 8;
    const journal = openRftJournal(
      join(o.out, RFT_SAMPLES),
      {
        weightsSha256: sha256(readFileSync(join(o.from, 'model.safetensors'))),
        domain: o.domain,
        difficulty: o.difficulty ?? null,
        tasks: o.tasks,
        samples: o.samples,
        maxTokens: o.maxTokens,
        seed: o.seed,
        tasksPerBatch,
      },
      o.resume,
    );
    if (journal.batches.length > 0) o.log?.(`continuing the sampling after ${journal.batches.length} whole batches in ${journal.path}`);
    sampled = await rejectionSample({
      model,
      domain,
      ...(o.difficulty === undefined ? {} : { difficulty: o.difficulty }),
      tasks: o.tasks,
      samples: o.samples,
      maxTokens: o.maxTokens,
      seed: o.seed,
      tasksPerBatch,
      journal,
      ...(o.tokenBudget === undefined ? {} : { tokenBudget: o.tokenBudget }),
      ...(o.onProgress ? { onProgress: o.onProgress } : {}),
    });
  } finally {
    model.dispose();
  }
  o.onSampled?.(sampled);
  if (sampled.examples.length < o.batchSize)
    throw new UsageError(
      `only ${sampled.examples.length} correct answers were sampled, fewer than --batch-size ${o.batchSize}; sample more tasks or lower --batch-size`,
    );
  const sft = await trainSft({
    examples: sampled.examples,
    init: o.from,
    out: o.out,
    preset: 'small',
    steps: o.steps,
    batchSize: o.batchSize,
    lr: o.lr,
    warmup: o.warmup,
    ...(o.lrFloor === undefined ? {} : { lrFloor: o.lrFloor }),
    seed: o.seed,
    heldOutShare: 0,
    evalEvery: o.steps,
    checkpointEvery: Math.max(1, Math.floor(o.steps / 4)),
    resume: o.resume,
    ...(o.log ? { log: o.log } : {}),
  });
  const record = rftRecord(o, sampled);
  writeFileSync(join(o.out, 'rft.json'), `${JSON.stringify(record, null, 1)}\n`);
  return { record, sft };
}
