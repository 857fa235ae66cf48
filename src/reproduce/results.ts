import { deriveSeed } from '../core/random.js';
import { type AttemptNote, feedbackDirection } from '../metrics/feedback-use.js';
import { pairedBootstrap, wilson } from '../metrics/intervals.js';
import type { EpisodeOutcome } from '../metrics/outcomes.js';
import { plasticity } from '../metrics/summary.js';
import type { Split, SuiteName } from './methods.js';

// The numbers of a reproduction, computed from finished episodes: one cell per method, split and
// condition (cumulative accuracy@k with Wilson intervals), and the paired comparisons the paper's
// claims are about (the same tasks under two methods or two conditions, bootstrapped over tasks).

export const REPRODUCE_SCHEMA_VERSION = 1;

export interface Cell {
  method: string;
  split: Split['kind'];
  domain: string;
  condition: string;
  /** Scored episodes (errored ones excluded, as in `didactic eval`). */
  episodes: number;
  accuracy: number[];
  interval95: Array<[number, number]>;
  /** Attempt that solved each task (null = not solved), for paired comparisons. */
  solvedAt: Record<string, number | null>;
  /** How the model answered after a wrong attempt: what decides whether feedback can help at all. */
  laterAttempts: {
    count: number;
    /** Share with no extractable final answer (the format broke down). */
    noAnswer: number;
    /** Share repeating an earlier wrong answer of the same episode. */
    repeat: number;
    /**
     * Numeric domains: of the attempts after one the verifier marked too low or too high, the
     * share that moved the right way (null where no such attempts). Under `unary` and `none` the
     * model was not told the direction, so those are the controls for the scripted teacher.
     */
    rightDirection: number | null;
    /** How many attempts `rightDirection` is over. */
    directed: number;
  };
}

export interface Comparison {
  /** The paper's expectation this comparison tests. */
  claim: string;
  a: { method: string; condition: string };
  b: { method: string; condition: string };
  split: Split['kind'];
  domain: string;
  k: number;
  /** acc@k of a − acc@k of b on the tasks both finished. */
  estimate: number;
  interval95: [number, number];
  pairedTasks: number;
  /** Do the two cells' own 95% Wilson intervals at k overlap? */
  wilsonOverlap: boolean;
  /** Whether the data agree with the claim, by the rule the claim states. */
  holds: boolean;
}

export interface TrainingRecord {
  method: string;
  /** Where its weights came from. */
  dir: string;
  kind: 'base' | 'rl' | 'rft';
  steps: number | null;
  generatedTokens: number | null;
  seconds: number | null;
  note: string;
}

export interface ReproduceResult {
  schemaVersion: number;
  /** The methods and splits compared (absent: the first suite, written before there were others). */
  suite?: SuiteName;
  mode: 'quick' | 'full';
  trained: boolean;
  tasksPerDomain: number;
  /** Tasks in distribution where these differ from `tasksPerDomain`. */
  tasksInDistribution?: number;
  turns: number;
  seed: number;
  /** Wall time of this invocation. */
  seconds: number;
  /** Evaluations that existed already and were resumed (their time is not in `seconds`). */
  resumedRuns: number;
  /** The model `base` stands for: models/base unless `--base` chose another start. */
  startingModel?: string;
  /** Where the trained models came from when not the shipped ones (`--models`). */
  modelsFrom?: string;
  training: TrainingRecord[];
  cells: Cell[];
  comparisons: Comparison[];
}

const round = (x: number): number => Math.round(x * 1e6) / 1e6;

export type { AttemptNote } from '../metrics/feedback-use.js';

export function makeCell(
  method: string,
  split: Split,
  condition: string,
  outcomes: EpisodeOutcome[],
  turns: number,
  sameAnswer: (a: string, b: string) => boolean = (a, b) => a === b,
  /** Each episode's attempts by task id, for the direction measure (optional). */
  attempts: Map<string, AttemptNote[]> = new Map(),
): Cell {
  const scored = outcomes.filter((o) => o.domain === split.domain && o.condition === condition && o.status === 'done');
  const solvedBy = (k: number): number => scored.filter((o) => o.solvedAt !== null && o.solvedAt <= k).length;
  const ks = Array.from({ length: turns }, (_, i) => i + 1);
  return {
    method,
    split: split.kind,
    domain: split.domain,
    condition,
    episodes: scored.length,
    accuracy: ks.map((k) => (scored.length ? round(solvedBy(k) / scored.length) : 0)),
    interval95: ks.map((k) => wilson(solvedBy(k), scored.length).map(round) as [number, number]),
    solvedAt: Object.fromEntries(scored.map((o) => [o.taskId, o.solvedAt])),
    laterAttempts: { ...laterAttempts(scored, sameAnswer), ...direction(scored.map((o) => attempts.get(o.taskId) ?? [])) },
  };
}

function laterAttempts(
  scored: EpisodeOutcome[],
  sameAnswer: (a: string, b: string) => boolean,
): Pick<Cell['laterAttempts'], 'count' | 'noAnswer' | 'repeat'> {
  const later = scored.flatMap((o) => o.answers.slice(1));
  const p = plasticity(scored, sameAnswer);
  return {
    count: later.length,
    noAnswer: later.length ? round(later.filter((a) => a === null).length / later.length) : 0,
    repeat: p.repeatRate,
  };
}

function direction(episodes: AttemptNote[][]): Pick<Cell['laterAttempts'], 'rightDirection' | 'directed'> {
  const d = feedbackDirection(episodes);
  return { rightDirection: d.rightDirection === null ? null : round(d.rightDirection), directed: d.directed };
}

interface ComparisonSpec {
  claim: string;
  a: { method: string; condition: string };
  b: { method: string; condition: string };
  split: Split['kind'];
  k: number | 'K';
  rule: 'no-difference' | 'a-above' | 'a-above-separated';
}

/** The paper's expectations, each as a paired comparison with the rule that decides it. */
export function paperComparisons(suite: SuiteName = 'first'): ComparisonSpec[] {
  return suite === 'f' ? secondComparisons() : firstComparisons();
}

const WHERE: Record<Split['kind'], string> = { in: 'in distribution', near: 'near out of distribution', out: 'out of distribution' };

/**
 * The second comparison's: RL²F against single-turn RL matched both by steps and by generated
 * tokens, and RL²F trained with the scripted teacher against RL²F trained with the unary one
 * (both evaluated under the scripted teacher: what reading the feedback adds to retrying), on
 * every split.
 */
function secondComparisons(): ComparisonSpec[] {
  const rl2f = { method: 'f-rl2f', condition: 'scripted' };
  const singles = [
    { side: { method: 'f-rl-single', condition: 'scripted' }, name: 'single-turn RL (matched steps)' },
    { side: { method: 'f-rl-single-tokens', condition: 'scripted' }, name: 'single-turn RL (matched tokens)' },
  ];
  const specs: ComparisonSpec[] = [];
  for (const split of ['in', 'near', 'out'] as const) {
    const where = WHERE[split];
    for (const { side, name } of singles) {
      if (split === 'in') {
        specs.push(
          { claim: `RL²F ≈ ${name} at turn 1 (${where})`, a: rl2f, b: side, split, k: 1, rule: 'no-difference' },
          { claim: `RL²F above ${name} at turn 2 (${where})`, a: rl2f, b: side, split, k: 2, rule: 'a-above' },
          {
            claim: `RL²F above ${name} at turn K, 95% intervals apart (${where})`,
            a: rl2f,
            b: side,
            split,
            k: 'K',
            rule: 'a-above-separated',
          },
        );
      } else {
        specs.push({ claim: `RL²F above ${name} at turn K (${where})`, a: rl2f, b: side, split, k: 'K', rule: 'a-above' });
      }
    }
    specs.push({
      claim: `RL²F trained with the scripted teacher above RL²F trained with the unary one, scripted teacher at turn K (${where})`,
      a: rl2f,
      b: { method: 'f-rl2f-unary', condition: 'scripted' },
      split,
      k: 'K',
      rule: 'a-above',
    });
  }
  specs.push(
    {
      claim: 'RL²F above single-turn SFT at turn K (in distribution)',
      a: rl2f,
      b: { method: 'f-sft-single', condition: 'scripted' },
      split: 'in',
      k: 'K',
      rule: 'a-above',
    },
    {
      claim: 'RL²F above the base model at turn K (in distribution)',
      a: rl2f,
      b: { method: 'base-f', condition: 'scripted' },
      split: 'in',
      k: 'K',
      rule: 'a-above',
    },
    ...selfTeacherComparisons('f-rl2f-tm'),
  );
  return specs;
}

function firstComparisons(): ComparisonSpec[] {
  const rl2f = { method: 'rl2f', condition: 'scripted' };
  const single = { method: 'rl-single', condition: 'scripted' };
  return [
    { claim: 'RL²F ≈ single-turn RL at turn 1 (in distribution)', a: rl2f, b: single, split: 'in', k: 1, rule: 'no-difference' },
    { claim: 'RL²F above single-turn RL at turn 2 (in distribution)', a: rl2f, b: single, split: 'in', k: 2, rule: 'a-above' },
    {
      claim: 'RL²F above single-turn RL at turn K, 95% intervals apart (in distribution)',
      a: rl2f,
      b: single,
      split: 'in',
      k: 'K',
      rule: 'a-above-separated',
    },
    { claim: 'RL²F above single-turn RL at turn K (out of distribution)', a: rl2f, b: single, split: 'out', k: 'K', rule: 'a-above' },
    {
      claim: 'RL²F above single-turn SFT at turn K (in distribution)',
      a: rl2f,
      b: { method: 'sft-single', condition: 'scripted' },
      split: 'in',
      k: 'K',
      rule: 'a-above',
    },
    {
      claim: 'RL²F above the base model at turn K (in distribution)',
      a: rl2f,
      b: { method: 'base', condition: 'scripted' },
      split: 'in',
      k: 'K',
      rule: 'a-above',
    },
    ...selfTeacherComparisons('rl2f-tm'),
  ];
}

/** The self-teacher (the model critiquing its own attempts) against its own controls, in distribution. */
function selfTeacherComparisons(method: string): ComparisonSpec[] {
  const self = { method, condition: 'self' };
  return [
    {
      claim: 'self-teacher model above its own no-feedback control at turn K (in distribution)',
      a: self,
      b: { method, condition: 'none' },
      split: 'in',
      k: 'K',
      rule: 'a-above',
    },
    {
      claim: 'self-teacher model above its own unary-feedback control at turn K (in distribution)',
      a: self,
      b: { method, condition: 'unary' },
      split: 'in',
      k: 'K',
      rule: 'a-above',
    },
  ];
}

export function compare(spec: ComparisonSpec, cells: Cell[], turns: number, seed: number): Comparison | null {
  const find = (side: { method: string; condition: string }): Cell | undefined =>
    cells.find((c) => c.method === side.method && c.condition === side.condition && c.split === spec.split);
  const a = find(spec.a);
  const b = find(spec.b);
  if (!a || !b) return null;
  const k = spec.k === 'K' ? turns : spec.k;
  const solved = (at: number | null | undefined): number => (at !== null && at !== undefined && at <= k ? 1 : 0);
  const tasks = Object.keys(a.solvedAt).filter((t) => t in b.solvedAt);
  const xa = tasks.map((t) => solved(a.solvedAt[t]));
  const xb = tasks.map((t) => solved(b.solvedAt[t]));
  const mean = (xs: number[]): number => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : 0);
  const estimate = mean(xa) - mean(xb);
  const interval = pairedBootstrap(xa, xb, { seed: deriveSeed(seed, 'reproduce', spec.claim) });
  const [aLo, aHi] = a.interval95[k - 1] ?? [0, 0];
  const [bLo, bHi] = b.interval95[k - 1] ?? [0, 0];
  const wilsonOverlap = aLo <= bHi && bLo <= aHi;
  const holds =
    spec.rule === 'no-difference'
      ? interval[0] <= 0 && interval[1] >= 0
      : spec.rule === 'a-above'
        ? interval[0] > 0
        : interval[0] > 0 && !wilsonOverlap;
  return {
    claim: spec.claim,
    a: spec.a,
    b: spec.b,
    split: spec.split,
    domain: a.domain,
    k,
    estimate: round(estimate),
    interval95: interval.map(round) as [number, number],
    pairedTasks: tasks.length,
    wilsonOverlap,
    holds,
  };
}
