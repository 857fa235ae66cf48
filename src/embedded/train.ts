import { existsSync, appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../core/errors.js';
import { createRng, deriveSeed, shuffled } from '../core/random.js';
import { AdamW, learningRate } from './adamw.js';
import { epochBatches, fromDialogue, makeBatch, padRows, type WeightedSequence } from './batches.js';
import { applyChatTemplate } from './chat-template.js';
import { loadCheckpoint, loadModel, saveCheckpoint, type ModelFiles, type TrainerState } from './checkpoint.js';
import { PRESETS, presetConfig, type ModelConfig } from './config.js';
import { writeLossCurve, type LossPoint } from './loss-curve.js';
import type { SftExample } from './sft-data.js';
import { startRuntime } from './tensor/runtime.js';
import { GradientStep } from './tensor/transformer.js';
import { Tokenizer } from './tokenizer.js';
import { initWeights, parameterCount, type Weights } from './weights.js';

export interface SftOptions {
  examples: SftExample[];
  out: string;
  preset: string;
  steps: number;
  batchSize: number;
  lr: number;
  warmup: number;
  /** The learning rate's floor as a share of the peak after the cosine decay (default 0.1; 1 keeps it constant after warm-up, as `train rl` does). */
  lrFloor?: number;
  seed: number;
  /** Share of examples held out for the held-out loss. */
  heldOutShare: number;
  evalEvery: number;
  checkpointEvery: number;
  resume: boolean;
  /** Fine-tune this model directory (its tokenizer and weights) instead of training a new model. */
  init?: string;
  /** Stop after this step while keeping the schedule of `steps` (a later --resume continues it). */
  stopAt?: number;
  onProgress?: (p: { step: number; steps: number; loss: number; tokensPerSecond: number; heldOut?: number }) => void;
  log?: (line: string) => void;
}

export interface SftResult {
  steps: number;
  finalLoss: number;
  heldOutLoss: number | null;
  parameters: number;
  seconds: number;
}

const STATE = 'state.json';

interface TrainState extends TrainerState {
  seed: number;
  preset: string;
  history: LossPoint[];
}

/** Supervised fine-tuning (or training from scratch) on chat examples; loss on assistant tokens only. */
export async function trainSft(options: SftOptions): Promise<SftResult> {
  await startRuntime();
  const log = options.log ?? (() => {});
  let config: ModelConfig;
  let tokenizer: Tokenizer;
  let weights: Weights;
  let optimizer = new AdamW();
  let state: TrainState;
  if (options.resume && existsSync(join(options.out, STATE))) {
    let files: ModelFiles;
    ({ files, state, optimizer } = loadCheckpoint<TrainState>(options.out, STATE, log));
    ({ config, tokenizer, weights } = files);
  } else if (options.init) {
    ({ config, tokenizer, weights } = loadModel(options.init));
    // The architecture comes from the model being fine-tuned, not from --preset.
    const preset =
      Object.entries(PRESETS).find(([, p]) => p.dim === config.dim && p.layers === config.layers && p.heads === config.heads)?.[0] ??
      'custom';
    state = { step: 0, seed: options.seed, preset, history: [] };
    log(`fine-tuning ${options.init}`);
  } else {
    tokenizer = Tokenizer.train(options.examples.flatMap((e) => e.messages.map((m) => m.content)));
    config = presetConfig(options.preset, tokenizer.vocabSize);
    weights = initWeights(config, options.seed);
    state = { step: 0, seed: options.seed, preset: options.preset, history: [] };
  }
  const parameters = parameterCount(weights);
  log(`model: preset ${state.preset}, ${parameters.toLocaleString('en-US')} parameters, vocabulary ${tokenizer.vocabSize}`);

  const sequences: WeightedSequence[] = options.examples.map((e) => fromDialogue(applyChatTemplate(tokenizer, e.messages)));
  const heldOutCount = Math.min(512, Math.floor(sequences.length * options.heldOutShare));
  // A seeded sample of the file is held out: stable across resumes, and drawn from every part of the file.
  const heldOutIndex = new Set(
    shuffled(
      Array.from({ length: sequences.length }, (_, i) => i),
      createRng(deriveSeed('held-out', state.seed)),
    ).slice(0, heldOutCount),
  );
  const heldOut = sequences.filter((_, i) => heldOutIndex.has(i));
  const train = sequences.filter((_, i) => !heldOutIndex.has(i));
  if (train.length < options.batchSize)
    throw new UsageError(`need at least ${options.batchSize} training examples (--batch-size), got ${train.length}`);
  const lengths = train.map((s) => s.ids.length);
  const pad = tokenizer.id('<|pad|>');
  const step = new GradientStep(config);
  const schedule = {
    peak: options.lr,
    warmup: options.warmup,
    total: options.steps,
    ...(options.lrFloor === undefined ? {} : { floor: options.lrFloor }),
  };

  const heldOutLoss = async (): Promise<number | null> => {
    if (heldOut.length === 0) return null;
    let sum = 0;
    let weight = 0;
    for (let i = 0; i < heldOut.length; i += options.batchSize) {
      // The last slice is padded with empty rows so held-out batches reuse the training shapes.
      const batch = makeBatch(padRows(heldOut.slice(i, i + options.batchSize), options.batchSize, pad), pad, config.maxSeq);
      const { loss } = await step.run(weights, batch);
      sum += loss * batch.denominator;
      weight += batch.denominator;
    }
    return sum / weight;
  };

  const save = async (): Promise<void> => {
    saveCheckpoint(options.out, { config, tokenizer, weights }, optimizer, STATE, state);
    await writeLossCurve(
      join(options.out, 'loss-curve.svg'),
      state.history,
      `training loss (${state.preset}, ${parameters.toLocaleString('en-US')} parameters)`,
    );
  };

  mkdirSync(options.out, { recursive: true });
  const logFile = join(options.out, 'train-log.jsonl');
  const began = performance.now();
  const perEpoch = Math.floor(train.length / options.batchSize);
  let cachedEpoch = -1;
  let order: number[][] = [];
  let smoothed = NaN;
  let windowTokens = 0;
  let windowStart = performance.now();
  let tokensPerSecond = 0;
  let lastHeldOut: number | null = null;
  const last = Math.min(options.steps, options.stopAt ?? Infinity);
  while (state.step < last) {
    const epoch = Math.floor(state.step / perEpoch);
    if (epoch !== cachedEpoch) {
      order = epochBatches(train.length, lengths, options.batchSize, state.seed, epoch);
      cachedEpoch = epoch;
    }
    const indices = order[state.step % perEpoch] as number[];
    const batch = makeBatch(
      indices.map((i) => train[i] as WeightedSequence),
      pad,
      config.maxSeq,
    );
    const { loss, grads } = await step.run(weights, batch);
    if (!Number.isFinite(loss)) throw new Error(`loss became ${loss} at step ${state.step}; lower --lr`);
    const lr = learningRate(state.step, schedule);
    const gradNorm = optimizer.update(weights, grads, lr);
    state.step++;
    smoothed = Number.isNaN(smoothed) ? loss : 0.95 * smoothed + 0.05 * loss;
    windowTokens += batch.realTokens;
    const now = performance.now();
    if (now - windowStart > 2000) {
      tokensPerSecond = (windowTokens * 1000) / (now - windowStart);
      windowTokens = 0;
      windowStart = now;
    }
    if (state.step % 10 === 0 || state.step === options.steps) state.history.push({ step: state.step, loss: smoothed, split: 'train' });
    const record: Record<string, number> = { step: state.step, loss, lr, gradNorm, tokensPerSecond };
    if (state.step % options.evalEvery === 0 || state.step === last) {
      lastHeldOut = await heldOutLoss();
      if (lastHeldOut !== null) {
        record.heldOutLoss = lastHeldOut;
        state.history.push({ step: state.step, loss: lastHeldOut, split: 'held-out' });
      }
    }
    appendFileSync(logFile, `${JSON.stringify(record)}\n`);
    options.onProgress?.({
      step: state.step,
      steps: options.steps,
      loss: smoothed,
      tokensPerSecond,
      ...(lastHeldOut === null ? {} : { heldOut: lastHeldOut }),
    });
    if (state.step % options.checkpointEvery === 0 || state.step === last) await save();
  }
  step.dispose();
  return { steps: state.step, finalLoss: smoothed, heldOutLoss: lastHeldOut, parameters, seconds: (performance.now() - began) / 1000 };
}
