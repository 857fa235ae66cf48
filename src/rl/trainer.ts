import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openingMessages } from '../core/episode.js';
import { UsageError } from '../core/errors.js';
import { deriveSeed } from '../core/random.js';
import type { ChatModel, Domain, Teacher } from '../core/types.js';
import { AdamW, learningRate } from '../embedded/adamw.js';
import { makeBatch, padRows, type WeightedSequence } from '../embedded/batches.js';
import { EmbeddedChat } from '../embedded/chat.js';
import { loadCheckpoint, loadModel, saveCheckpoint, type ModelFiles, type TrainerState } from '../embedded/checkpoint.js';
import { EmbeddedModel } from '../embedded/model.js';
import { EmbeddedChatModel } from '../embedded/provider.js';
import { startRuntime } from '../embedded/tensor/runtime.js';
import { RL_STORE_FILE, RlStepStore } from '../store/rl-store.js';
import { GradientStep, TargetLogprobs } from '../embedded/tensor/transformer.js';
import type { Weights } from '../embedded/weights.js';
import { episodeReward } from './advantages.js';
import { assignCredit, type Credit } from './credit.js';
import { writeRlCurves } from './curves.js';
import { type Denominator, rlObjective } from './loss.js';
import { accuracyAt, attemptMoves, feedbackUse, type StepMetrics } from './metrics.js';
import { rollOut, type Rollout } from './rollout.js';
import { episodeSequences, publicTranscript, type EpisodeSequence } from './sequences.js';

// On-policy GRPO over whole didactic episodes. Each step: draw tasks (seeded by the step), roll
// out G episodes per task with the current policy as the student and the chosen teacher giving
// feedback, reward each episode γ^(solvedAt−1) (0 if unsolved), take group-relative advantages,
// and make one AdamW update on the objective of src/rl/loss.ts: −Σ weight·log p / (number of
// trained tokens), the weight being the advantage on the student's tokens (less the KL penalty),
// λ on the teacher's tokens with teacher modelling (less β_T times their log-ratio to the start),
// and 0 on everything else. One update per batch of rollouts, so the samples are exactly on-policy.

export interface RlOptions {
  /** Model directory to start from (the policy, and the frozen reference for the KL). */
  from: string;
  out: string;
  domain: Domain;
  difficulty?: number;
  /**
   * The feedback during rollouts, or a function that builds it once the policy exists: `self` is
   * the policy writing its own critiques, and an `llm:` teacher may want to know the policy too.
   */
  teacher: Teacher | ((policy: ChatModel) => Promise<Teacher>);
  turns: number;
  group: number;
  tasksPerStep: number;
  steps: number;
  lr: number;
  warmup: number;
  gamma: number;
  stdNormalize: boolean;
  /** Credit assignment (src/rl/credit.ts); default `turn`. `episode` reproduces the first RL²F runs. */
  credit?: Credit;
  /** Loss denominator (src/rl/loss.ts); default `attempts`. `tokens` reproduces the first RL²F runs. */
  denominator?: Denominator;
  /** ρ, the reward of a wrong attempt that moved the way the verdict before it pointed (src/rl/credit.ts); default 0. */
  directionReward?: number;
  /** β of the KL penalty to the starting policy (0 = none). */
  kl: number;
  /** λ of the cross-entropy on teacher-turn tokens (0 = none). */
  teacherModelling: number;
  /** β_T, the anchor of the teacher tokens' log-probabilities to the starting model's (src/rl/loss.ts; needs λ ≠ 0). */
  teacherKl?: number;
  /** Most tokens per student attempt. */
  maxTokens: number;
  seed: number;
  checkpointEvery: number;
  /** Stop once this many student tokens have been sampled (checked before each step). */
  tokenBudget?: number;
  /** Stop after this step, keeping the schedule of `steps` (long runs go in chunks, one process each). */
  stopAt?: number;
  resume: boolean;
  /** Rows per gradient micro-batch (a fixed shape keeps the compiled step reusable). */
  microBatch?: number;
  onStep?: (m: StepMetrics, steps: number) => void;
  log?: (line: string) => void;
}

export interface RlResult {
  steps: number;
  totalGeneratedTokens: number;
  history: StepMetrics[];
  seconds: number;
  stoppedBy: 'steps' | 'token-budget' | 'stop-at';
}

interface RlState extends TrainerState {
  seed: number;
  /** The run's ρ (absent in runs written before it existed: 0), so a resume cannot change the reward. */
  directionReward?: number;
  /** Absolute path of the starting model: the reference policy of the KL. */
  reference: string;
  totalGeneratedTokens: number;
  history: StepMetrics[];
}

const STATE = 'rl-state.json';
// Episodes vary in length from step to step; coarse length buckets keep the number of compiled
// programs (each holds memory in the tensor library for the life of the process) small.
const LENGTH_BUCKET = 64;

export async function trainRl(options: RlOptions): Promise<RlResult> {
  const teacherKl = options.teacherKl ?? 0;
  if (!(teacherKl >= 0)) throw new UsageError(`--teacher-kl must be ≥ 0, got ${teacherKl}`);
  if (teacherKl !== 0 && options.teacherModelling === 0)
    throw new UsageError('--teacher-kl anchors the teacher turns that --teacher-modelling trains: give --teacher-modelling λ > 0 too');
  const directionReward = options.directionReward ?? 0;
  if (!(directionReward >= 0 && directionReward <= 1))
    throw new UsageError(`--direction-reward must be within [0, 1], got ${directionReward}`);
  if (directionReward > 0 && options.credit === 'episode')
    throw new UsageError('--direction-reward rewards single attempts: it needs --credit turn, not episode');
  await startRuntime();
  const log = options.log ?? (() => {});
  const out = resolve(options.out);
  let optimizer = new AdamW();
  let files: ModelFiles;
  let state: RlState;
  if (options.resume && existsSync(join(out, STATE))) {
    ({ files, state, optimizer } = loadCheckpoint<RlState>(out, STATE, log));
    const recorded = state.directionReward ?? 0;
    if (recorded !== directionReward)
      throw new UsageError(
        `${join(out, STATE)}: directionReward is ${recorded}, this run asks for --direction-reward ${directionReward}; resume with the run's own setting`,
      );
  } else {
    if (existsSync(join(out, STATE)))
      throw new UsageError(`${out} already holds an RL run; pass --resume to continue it or choose another --out`);
    if (resolve(options.from) === out)
      throw new UsageError('--out must differ from the starting model: the starting model is the reference policy of the KL');
    files = loadModel(options.from);
    state = {
      step: 0,
      seed: options.seed,
      reference: resolve(options.from),
      totalGeneratedTokens: 0,
      history: [],
      ...(directionReward > 0 ? { directionReward } : {}),
    };
  }
  const { config, tokenizer } = files;
  const weights: Weights = files.weights;
  // A checkpoint carried to another checkout records a starting model that is not there: the
  // run's --student is then the reference, said aloud, and recorded for the next resume.
  if (!existsSync(state.reference) && existsSync(resolve(options.from))) {
    log(
      `the starting model recorded in the checkpoint (${state.reference}) is gone; --student ${resolve(options.from)} is the KL reference`,
    );
    state.reference = resolve(options.from);
  }
  const referenceWeights = loadModel(state.reference).weights;
  const policy = await EmbeddedModel.fromFiles({ config, tokenizer, weights });
  const chat = new EmbeddedChat(policy);
  // Never closed here: closing an embedded chat model disposes the policy, which the finally below does.
  const teacher =
    typeof options.teacher === 'function' ? await options.teacher(new EmbeddedChatModel('embedded:policy', chat)) : options.teacher;
  const reference = new TargetLogprobs(config);
  const gradient = new GradientStep(config);
  const pad = tokenizer.id('<|pad|>');
  const microBatch = options.microBatch ?? 16;
  const schedule = { peak: options.lr, warmup: options.warmup, total: options.steps, floor: 1 };
  mkdirSync(out, { recursive: true });
  const logFile = join(out, 'rl-log.jsonl');
  // A run that died after its last checkpoint logged steps that the resumed run does again: the
  // checkpoint's history is the record, so the log restarts from it.
  if (options.resume) writeFileSync(logFile, state.history.map((m) => `${JSON.stringify(m)}\n`).join(''));
  const steps = new RlStepStore(join(out, RL_STORE_FILE));
  steps.forgetAfter(state.step);
  for (const m of state.history) steps.put(m);

  const save = async (): Promise<void> => {
    saveCheckpoint(out, { config, tokenizer, weights }, optimizer, STATE, state);
    await writeRlCurves(
      join(out, 'rl-curves.svg'),
      state.history,
      `RL on ${options.domain.name} (K = ${options.turns}, G = ${options.group})`,
    );
  };

  const began = performance.now();
  let stoppedBy: RlResult['stoppedBy'] = 'steps';
  try {
    const last = Math.min(options.steps, options.stopAt ?? options.steps);
    while (state.step < last) {
      if (options.tokenBudget !== undefined && state.totalGeneratedTokens >= options.tokenBudget) {
        stoppedBy = 'token-budget';
        break;
      }
      const metrics = await rlStep(state, weights, optimizer, {
        ...options,
        teacher,
        microBatch,
        pad,
        schedule,
        reference,
        referenceWeights,
        gradient,
        files,
        policy,
        chat,
      });
      appendFileSync(logFile, `${JSON.stringify(metrics)}\n`);
      steps.put(metrics);
      options.onStep?.(metrics, options.steps);
      if (state.step % options.checkpointEvery === 0 || state.step === last) await save();
    }
    if (stoppedBy === 'token-budget') await save();
    else if (state.step < options.steps) stoppedBy = 'stop-at';
  } finally {
    steps.close();
    gradient.dispose();
    reference.dispose();
    policy.dispose();
  }
  return {
    steps: state.step,
    totalGeneratedTokens: state.totalGeneratedTokens,
    history: state.history,
    seconds: (performance.now() - began) / 1000,
    stoppedBy,
  };
}

interface StepContext extends RlOptions {
  teacher: Teacher;
  microBatch: number;
  pad: number;
  schedule: { peak: number; warmup: number; total: number; floor: number };
  reference: TargetLogprobs;
  referenceWeights: Weights;
  gradient: GradientStep;
  files: ModelFiles;
  policy: EmbeddedModel;
  chat: EmbeddedChat;
}

async function rlStep(state: RlState, weights: Weights, optimizer: AdamW, c: StepContext): Promise<StepMetrics> {
  const { tokenizer, config } = c.files;
  const tasks = c.domain.generate({
    n: c.tasksPerStep,
    seed: deriveSeed(state.seed, 'rl-tasks', state.step),
    ...(c.difficulty === undefined ? {} : { difficulty: c.difficulty }),
  });
  const rolloutStart = performance.now();
  c.policy.setWeights(weights);
  const rollouts: Rollout[] = await rollOut({
    chat: c.chat,
    domain: c.domain,
    teacher: c.teacher,
    tasks,
    group: c.group,
    turns: c.turns,
    maxTokens: c.maxTokens,
    seedOf: (t, g) => deriveSeed(state.seed, 'rl-episode', state.step, t, g),
  });
  // A failed sampler call is not something the policy did: stop rather than score it 0.
  const failed = rollouts.find((r) => r.episode.status === 'errored');
  if (failed) throw new Error(`RL step ${state.step + 1}: an episode failed: ${failed.episode.error ?? 'unknown error'}`);
  const rolloutSeconds = (performance.now() - rolloutStart) / 1000;

  const updateStart = performance.now();
  const rewards = rollouts.map((r) => episodeReward(r.episode.solvedAt, c.turns, c.gamma));
  const advantages = assignCredit(
    rollouts.map((r) => ({ group: r.group, solvedAt: r.episode.solvedAt, attempts: r.generations.length, moves: attemptMoves(r) })),
    { credit: c.credit ?? 'turn', turns: c.turns, gamma: c.gamma, stdNormalize: c.stdNormalize, directionReward: c.directionReward ?? 0 },
  );
  const built: EpisodeSequence[] = [];
  const builtAdvantages: number[][] = [];
  let retokenisedEpisodes = 0;
  rollouts.forEach((r, i) => {
    const episode = episodeSequences(
      tokenizer,
      { maxSeq: config.maxSeq, maxTokens: c.maxTokens },
      publicTranscript(openingMessages(r.task, c.domain), r.episode),
      r.generations,
      {
        student: advantages[i] as number[],
        teacher: c.teacherModelling,
      },
    );
    if (episode.retokenised) retokenisedEpisodes++;
    for (const s of episode.sequences) {
      built.push(s);
      builtAdvantages.push(advantages[i] as number[]);
    }
  });
  // From here on in micro-batch order (by padded length), so the reference pass, the objective
  // and the update all walk the sequences in one order.
  const order = microBatches(built, c.microBatch, config.maxSeq).flatMap((b) => b.chunk);
  const sequences = order.map((i) => built[i] as EpisodeSequence);

  const batchOf = (chunk: WeightedSequence[], rows: number, denominator: number) =>
    makeBatch(padRows(chunk, rows, c.pad), c.pad, config.maxSeq, denominator, LENGTH_BUCKET);

  // Log-probabilities of every trained token under the given weights, in one no-grad pass.
  const logprobsUnder = async (w: Weights, of: readonly EpisodeSequence[]): Promise<number[][]> => {
    const out = of.map((s) => s.ids.map(() => NaN));
    for (const { chunk, rows } of microBatches(of, c.microBatch, config.maxSeq)) {
      const batch = batchOf(
        chunk.map((i) => of[i] as EpisodeSequence),
        rows,
        1,
      );
      const logprobs = await c.reference.run(w, batch);
      chunk.forEach((i, r) => {
        const row = out[i] as number[];
        for (let t = 1; t < Math.min(row.length, batch.length + 1); t++) row[t] = logprobs[r * batch.length + t - 1] as number;
      });
    }
    return out;
  };
  // The starting policy's, for the KL. The student's own were recorded while sampling; the
  // teacher's tokens were not sampled, so with teacher modelling the policy's log-probabilities
  // of them (for β_T and the drift report) take a pass of the policy before the update.
  const referenceLogprobs = await logprobsUnder(c.referenceWeights, sequences);
  const currentLogprobs = c.teacherModelling !== 0 ? await teacherLogprobs(sequences, (of) => logprobsUnder(weights, of)) : undefined;
  const objective = rlObjective({
    sequences,
    advantages: order.map((i) => builtAdvantages[i] as number[]),
    denominator: c.denominator ?? 'attempts',
    teacherModelling: c.teacherModelling,
    kl: c.kl,
    teacherKl: c.teacherKl ?? 0,
    referenceLogprobs,
    ...(currentLogprobs ? { currentLogprobs } : {}),
  });

  // One update: gradients of fixed-shape micro-batches summed, each already divided by the
  // step's token count. Sequences with nothing to learn (a group that all got the same reward)
  // are skipped.
  const live = sequences
    .map((s, i) => ({ ids: s.ids, weights: objective.weights[i] as number[] }))
    .filter((s) => s.weights.some((w) => w !== 0));
  let loss = 0;
  const summed: Weights = new Map();
  for (const { chunk, rows } of microBatches(live, c.microBatch, config.maxSeq)) {
    const batch = batchOf(
      chunk.map((i) => live[i] as WeightedSequence),
      rows,
      objective.denominator,
    );
    const result = await c.gradient.run(weights, batch);
    loss += result.loss;
    for (const [name, g] of result.grads) {
      const acc = summed.get(name);
      if (!acc) summed.set(name, g);
      else for (let j = 0; j < g.length; j++) acc[j] = (acc[j] as number) + (g[j] as number);
    }
  }
  if (!Number.isFinite(loss)) throw new Error(`loss became ${loss} at RL step ${state.step}; lower --lr`);
  const lr = learningRate(state.step, c.schedule);
  const gradNorm = summed.size ? optimizer.update(weights, summed, lr) : 0;
  if (!summed.size) optimizer.step++;
  state.step++;

  const attempts = rollouts.flatMap((r) => r.generations);
  const generatedTokens = attempts.reduce((s, g) => s + g.ids.length, 0);
  state.totalGeneratedTokens += generatedTokens;
  const metrics: StepMetrics = {
    step: state.step,
    reward: mean(rewards),
    accAt: accuracyAt(rollouts, c.turns),
    responseTokens: attempts.length ? generatedTokens / attempts.length : 0,
    kl: objective.kl,
    ...(objective.teacherLogRatio === undefined ? {} : { teacherLogRatio: objective.teacherLogRatio }),
    loss,
    gradNorm,
    lr,
    generatedTokens,
    totalGeneratedTokens: state.totalGeneratedTokens,
    retokenisedShare: retokenisedEpisodes / Math.max(1, rollouts.length),
    ...feedbackUse(rollouts),
    episodes: rollouts.length,
    erroredEpisodes: rollouts.filter((r) => r.episode.status === 'errored').length,
    rolloutSeconds,
    updateSeconds: (performance.now() - updateStart) / 1000,
  };
  state.history.push(metrics);
  return metrics;
}

/**
 * Sequences (by index) grouped by padded length, in micro-batches whose row count halves as the
 * length grows (16 rows of 64 tokens, 8 of 128, 4 of 192–256, 2 of 320): attention memory grows
 * with rows × length², and the tensor library keeps every buffer size it has used, so a few long
 * dialogues in a full-width batch would otherwise exhaust its 4 GiB heap.
 */
function microBatches(
  sequences: readonly { ids: readonly number[] }[],
  maxRows: number,
  maxSeq: number,
): { chunk: number[]; rows: number }[] {
  const bucketOf = (s: { ids: readonly number[] }): number => Math.ceil(Math.min(maxSeq, s.ids.length - 1) / LENGTH_BUCKET) * LENGTH_BUCKET;
  const byBucket = new Map<number, number[]>();
  for (const [i, s] of sequences.entries()) byBucket.set(bucketOf(s), [...(byBucket.get(bucketOf(s)) ?? []), i]);
  const out: { chunk: number[]; rows: number }[] = [];
  for (const [length, group] of [...byBucket].sort((a, b) => a[0] - b[0])) {
    const rows = Math.max(1, Math.min(maxRows, 2 ** Math.floor(Math.log2((maxRows * LENGTH_BUCKET) / length))));
    for (let i = 0; i < group.length; i += rows) out.push({ chunk: group.slice(i, i + rows), rows });
  }
  return out;
}

/** The teacher tokens' log-probabilities (NaN elsewhere), passing only the sequences that have any. */
async function teacherLogprobs(
  sequences: readonly EpisodeSequence[],
  pass: (of: readonly EpisodeSequence[]) => Promise<number[][]>,
): Promise<number[][]> {
  const taught = [...sequences.keys()].filter((i) => (sequences[i] as EpisodeSequence).roles.includes('teacher'));
  const computed = await pass(taught.map((i) => sequences[i] as EpisodeSequence));
  const out = sequences.map((s) => s.ids.map(() => NaN));
  taught.forEach((i, k) => {
    const roles = (sequences[i] as EpisodeSequence).roles;
    out[i] = (computed[k] as number[]).map((lp, t) => (roles[t] === 'teacher' ? lp : NaN));
  });
  return out;
}

function mean(values: readonly number[]): number {
  return values.length ? values.reduce((s, v) => s + v, 0) / values.length : 0;
}
