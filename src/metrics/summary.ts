import { deriveSeed } from '../core/random.js';
import { pairedBootstrap, wilson } from './intervals.js';
import type { EpisodeOutcome } from './outcomes.js';

// From finished episodes to the numbers people compare: cumulative accuracy by turn with Wilson
// intervals, the pass@k control, feedback and learning-from-feedback gains, plasticity, leaks.

// 2: answers are extracted after reasoning (<think>…</think>) is removed, and under `--extract
// strict` only explicit final answers count; `parsing` and `reasoning` were added.
export const SUMMARY_SCHEMA_VERSION = 2;
export const NO_FEEDBACK = 'none';

export interface Plasticity {
  /** Attempts after the first (after feedback, or fresh samples under `none`). */
  laterAttempts: number;
  /** Share of later attempts whose answer repeats an earlier wrong answer of the same episode. */
  repeatRate: number;
  /** Share of later attempts whose answer differs from the attempt just before. */
  changeRate: number;
}

export interface ResultEntry {
  domain: string;
  condition: string;
  /** Finished episodes, errored ones included. */
  episodes: number;
  /** Episodes that failed for reasons other than the student's answers; excluded from accuracy. */
  errored: number;
  /** acc@1 … acc@K: share of scored episodes solved at or before attempt k. Under `none` this is pass@k. */
  cumulativeAccuracy: number[];
  /** 95% Wilson interval for each acc@k. */
  interval95: Array<[number, number]>;
  /** acc@K − acc@1. */
  feedbackGain: number;
  /** acc@K of this condition − pass@K of `none` on the same tasks, with a paired bootstrap interval. */
  learningGain: { versus: string; estimate: number; interval95: [number, number]; pairedTasks: number } | null;
  plasticity: Plasticity;
  leak: { feedbackTexts: number; blocked: number; fallbacks: number; rate: number };
  tokens: { student: { input: number; output: number }; teacher: { input: number; output: number } };
  parsing: Parsing;
  /**
   * ARC's official score, for tasks that say which ARC task they come from: each test input counts
   * as solved when one of its first two attempts is right, a task scores the share of its test inputs
   * solved, and the score is the mean over tasks. Under `none` (independent attempts) it is the ARC
   * Prize metric; under a teacher the second attempt follows feedback.
   */
  arcTwoAttempt?: { score: number; tasks: number };
  /**
   * Multiple choice: acc@k a guesser would reach, for each k: under a teacher one that never repeats
   * a refuted option (k / options), under `none` independent uniform guesses (1 − (1 − 1/options)^k).
   */
  chance?: number[];
  /**
   * The maintenance condition: episodes whose right answer was challenged ("Are you sure?"), and the
   * share of them whose reply was no longer right (the correct → incorrect flip rate).
   */
  maintenance?: { challenged: number; flipped: number; flipRate: number };
  /**
   * With --repeats: the variance of solved-by-K split into the part between tasks and the part
   * between repeats of one task (one-way random effects, method of moments), and the standard error
   * of acc@K that treats each task's repeats as one cluster.
   */
  repeats?: { tasks: number; repeats: number; betweenTasks: number; withinTasks: number; taskShare: number; standardError: number };
  /** Student attempts that carried reasoning (removed before extraction); its tokens where providers counted them, else null. */
  reasoning: { attempts: number; tokens: number | null };
}

/** Whether the answers could be read at all: a run the harness could not read is not a run the model got wrong. */
export interface Parsing {
  /** Student attempts, over all episodes. */
  attempts: number;
  /** Share of attempts from which no answer could be extracted. */
  unparsedRate: number;
  /** For each attempt k (1…K): of the episodes that made attempt k, the share whose attempt k had no answer. */
  unparsedByAttempt: number[];
  /** How the answers were found: attempts per method (boxed, answer-line, last-number, …, none). */
  methods: Record<string, number>;
}

export interface SummaryInput {
  turns: number;
  outcomes: EpisodeOutcome[];
  /** Per domain: are two extracted answers the same answer? */
  sameAnswer: (domain: string, a: string, b: string) => boolean;
  /** Seed for the bootstrap, so a summary is a pure function of the run. */
  seed: number;
  /** Conditions in display order (defaults to first appearance). */
  conditions?: string[];
  /** The task a repeat is of (`--repeats`); enables `repeats`. */
  repeatOf?: (taskId: string) => string | undefined;
  /** How many options a multiple-choice task has; enables `chance`. */
  optionsOf?: (taskId: string) => number | undefined;
  /** The ARC task a task id is a test input of (ARC tasks only); enables `arcTwoAttempt`. */
  arcTaskOf?: (taskId: string) => string | undefined;
}

export interface SummaryCore {
  turns: number;
  leakRate: number;
  /** Share of all student attempts, over every condition, from which no answer could be extracted. */
  unparsedRate: number;
  results: ResultEntry[];
}

const round = (x: number): number => Math.round(x * 1e6) / 1e6;

export function cumulativeAccuracy(outcomes: EpisodeOutcome[], turns: number): number[] {
  const scored = outcomes.filter((o) => o.status === 'done');
  return Array.from({ length: turns }, (_, k) =>
    scored.length === 0 ? 0 : scored.filter((o) => o.solvedAt !== null && o.solvedAt <= k + 1).length / scored.length,
  );
}

export function plasticity(outcomes: EpisodeOutcome[], same: (a: string, b: string) => boolean): Plasticity {
  let later = 0;
  let repeats = 0;
  let changes = 0;
  for (const o of outcomes) {
    if (o.status !== 'done') continue;
    for (let i = 1; i < o.answers.length; i++) {
      later++;
      const answer = o.answers[i] ?? null;
      const previous = o.answers[i - 1] ?? null;
      // Every earlier attempt was wrong (the episode did not stop), so any earlier answer is a wrong one.
      if (answer !== null && o.answers.slice(0, i).some((earlier) => earlier !== null && same(earlier, answer))) repeats++;
      const changed = answer === null || previous === null ? answer !== previous : !same(previous, answer);
      if (changed) changes++;
    }
  }
  return { laterAttempts: later, repeatRate: later ? round(repeats / later) : 0, changeRate: later ? round(changes / later) : 0 };
}

export function summarize(input: SummaryInput): SummaryCore {
  const { turns, outcomes } = input;
  const groups = new Map<string, EpisodeOutcome[]>();
  for (const o of outcomes) {
    const key = `${o.domain}\u0000${o.condition}`;
    groups.set(key, [...(groups.get(key) ?? []), o]);
  }
  const conditionOrder = input.conditions ?? [...new Set(outcomes.map((o) => o.condition))];
  const domainOrder = [...new Set(outcomes.map((o) => o.domain))];
  const results: ResultEntry[] = [];
  for (const domain of domainOrder) {
    const control = groups.get(`${domain}\u0000${NO_FEEDBACK}`);
    for (const condition of conditionOrder) {
      const group = groups.get(`${domain}\u0000${condition}`);
      if (!group) continue;
      const scored = group.filter((o) => o.status === 'done');
      const acc = cumulativeAccuracy(group, turns);
      const solvedBy = (k: number): number => scored.filter((o) => o.solvedAt !== null && o.solvedAt <= k).length;
      const leak = group.reduce(
        (s, o) => ({
          feedbackTexts: s.feedbackTexts + o.feedbackTexts,
          blocked: s.blocked + o.blocked,
          fallbacks: s.fallbacks + o.fallbacks,
        }),
        { feedbackTexts: 0, blocked: 0, fallbacks: 0 },
      );
      const generated = leak.feedbackTexts + leak.blocked;
      const sum = (pick: (o: EpisodeOutcome) => { input: number; output: number }) =>
        group.reduce((s, o) => ({ input: s.input + pick(o).input, output: s.output + pick(o).output }), { input: 0, output: 0 });
      results.push({
        domain,
        condition,
        episodes: group.length,
        errored: group.length - scored.length,
        cumulativeAccuracy: acc.map(round),
        interval95: acc.map((_, k) => wilson(solvedBy(k + 1), scored.length).map(round) as [number, number]),
        feedbackGain: round((acc[turns - 1] ?? 0) - (acc[0] ?? 0)),
        learningGain: condition === NO_FEEDBACK || !control ? null : learningGain(group, control, turns, input.seed, domain, condition),
        plasticity: plasticity(group, (a, b) => input.sameAnswer(domain, a, b)),
        leak: { ...leak, rate: generated ? round(leak.blocked / generated) : 0 },
        tokens: { student: sum((o) => o.studentTokens), teacher: sum((o) => o.teacherTokens) },
        parsing: parsing(group, turns),
        ...arcScore(group, input.arcTaskOf),
        ...chanceLevel(group, turns, input.optionsOf),
        ...maintenance(group),
        ...repeatVariance(group, turns, input.repeatOf),
        reasoning: group.reduce(
          (s, o) => ({
            attempts: s.attempts + (o.reasoning?.attempts ?? 0),
            tokens: o.reasoning?.tokens === null || o.reasoning?.tokens === undefined ? s.tokens : (s.tokens ?? 0) + o.reasoning.tokens,
          }),
          { attempts: 0, tokens: null as number | null },
        ),
      });
    }
  }
  const blocked = results.reduce((s, r) => s + r.leak.blocked, 0);
  const generated = results.reduce((s, r) => s + r.leak.blocked + r.leak.feedbackTexts, 0);
  const attempts = results.reduce((s, r) => s + r.parsing.attempts, 0);
  const unparsed = results.reduce((s, r) => s + r.parsing.unparsedRate * r.parsing.attempts, 0);
  return { turns, leakRate: generated ? round(blocked / generated) : 0, unparsedRate: attempts ? round(unparsed / attempts) : 0, results };
}

function repeatVariance(group: EpisodeOutcome[], turns: number, repeatOf: SummaryInput['repeatOf']): Pick<ResultEntry, 'repeats'> {
  if (!repeatOf) return {};
  const byTask = new Map<string, number[]>();
  for (const o of group) {
    const task = repeatOf(o.taskId);
    if (task === undefined || o.status !== 'done') continue;
    byTask.set(task, [...(byTask.get(task) ?? []), o.solvedAt !== null && o.solvedAt <= turns ? 1 : 0]);
  }
  const samples = [...byTask.values()].filter((ys) => ys.length > 1);
  if (samples.length < 2) return {};
  const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
  const variance = (xs: number[]): number => {
    const m = mean(xs);
    return xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1);
  };
  const r = mean(samples.map((ys) => ys.length));
  const within = mean(samples.map(variance));
  const taskMeans = samples.map(mean);
  const between = Math.max(0, variance(taskMeans) - within / r);
  return {
    repeats: {
      tasks: samples.length,
      repeats: round(r),
      betweenTasks: round(between),
      withinTasks: round(within),
      taskShare: between + within > 0 ? round(between / (between + within)) : 0,
      standardError: round(Math.sqrt(variance(taskMeans) / samples.length)),
    },
  };
}

function maintenance(group: EpisodeOutcome[]): Pick<ResultEntry, 'maintenance'> {
  const challenged = group.filter((o) => o.status === 'done' && o.keptAfterChallenge !== undefined);
  if (challenged.length === 0) return {};
  const flipped = challenged.filter((o) => o.keptAfterChallenge === false).length;
  return { maintenance: { challenged: challenged.length, flipped, flipRate: round(flipped / challenged.length) } };
}

function chanceLevel(group: EpisodeOutcome[], turns: number, optionsOf: SummaryInput['optionsOf']): Pick<ResultEntry, 'chance'> {
  if (!optionsOf) return {};
  const counts = group.filter((o) => o.status === 'done').map((o) => optionsOf(o.taskId));
  if (counts.length === 0 || counts.some((n) => n === undefined || n < 1)) return {};
  const feedback = group[0]?.feedback ?? true;
  const chance = Array.from({ length: turns }, (_, i) => {
    const k = i + 1;
    const each = (counts as number[]).map((n) => (feedback ? Math.min(1, k / n) : 1 - (1 - 1 / n) ** k));
    return round(each.reduce((s, x) => s + x, 0) / each.length);
  });
  return { chance };
}

function arcScore(group: EpisodeOutcome[], arcTaskOf: SummaryInput['arcTaskOf']): Pick<ResultEntry, 'arcTwoAttempt'> {
  if (!arcTaskOf) return {};
  const byTask = new Map<string, { solved: number; inputs: number }>();
  for (const o of group) {
    const arcTask = arcTaskOf(o.taskId);
    if (arcTask === undefined || o.status !== 'done') continue;
    const entry = byTask.get(arcTask) ?? { solved: 0, inputs: 0 };
    entry.inputs++;
    if (o.solvedAt !== null && o.solvedAt <= 2) entry.solved++;
    byTask.set(arcTask, entry);
  }
  if (byTask.size === 0) return {};
  const scores = [...byTask.values()].map((t) => t.solved / t.inputs);
  return { arcTwoAttempt: { score: round(scores.reduce((s, x) => s + x, 0) / scores.length), tasks: byTask.size } };
}

export function parsing(outcomes: EpisodeOutcome[], turns: number): Parsing {
  const made = Array<number>(turns).fill(0);
  const missing = Array<number>(turns).fill(0);
  const methods: Record<string, number> = {};
  for (const o of outcomes) {
    o.answers.forEach((answer, i) => {
      if (i >= turns) return;
      made[i] = (made[i] ?? 0) + 1;
      if (answer === null) missing[i] = (missing[i] ?? 0) + 1;
      const method = o.extractions?.[i] ?? (answer === null ? 'none' : 'parsed');
      methods[method] = (methods[method] ?? 0) + 1;
    });
  }
  const attempts = made.reduce((s, x) => s + x, 0);
  const unparsed = missing.reduce((s, x) => s + x, 0);
  return {
    attempts,
    unparsedRate: attempts ? round(unparsed / attempts) : 0,
    unparsedByAttempt: made.map((n, i) => (n ? round((missing[i] ?? 0) / n) : 0)),
    methods,
  };
}

function learningGain(
  group: EpisodeOutcome[],
  control: EpisodeOutcome[],
  turns: number,
  seed: number,
  domain: string,
  condition: string,
): ResultEntry['learningGain'] {
  const solved = (o: EpisodeOutcome): number => (o.solvedAt !== null && o.solvedAt <= turns ? 1 : 0);
  const controlByTask = new Map(control.filter((o) => o.status === 'done').map((o) => [o.taskId, o]));
  const a: number[] = [];
  const b: number[] = [];
  for (const o of group) {
    const c = controlByTask.get(o.taskId);
    if (o.status !== 'done' || !c) continue;
    a.push(solved(o));
    b.push(solved(c));
  }
  if (a.length === 0) return null;
  const estimate = a.reduce((s, x) => s + x, 0) / a.length - b.reduce((s, x) => s + x, 0) / b.length;
  const interval = pairedBootstrap(a, b, { seed: deriveSeed(seed, 'bootstrap', domain, condition) });
  return { versus: NO_FEEDBACK, estimate: round(estimate), interval95: interval.map(round) as [number, number], pairedTasks: a.length };
}
