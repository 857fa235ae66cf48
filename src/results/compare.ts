import { join } from 'node:path';
import { UsageError } from '../core/errors.js';
import { deriveSeed } from '../core/random.js';
import { pairedBootstrap } from '../metrics/intervals.js';
import type { EpisodeOutcome } from '../metrics/outcomes.js';
import { RunStore } from '../store/run-store.js';
import { episodeOutcomes } from './outcomes.js';

// `didactic compare runA runB`: two runs on the same tasks (two students, two prompts, before and
// after training), paired on the task ids they share, per domain and condition. Pairing removes
// the variance between tasks, so a difference of a few points can be told from noise.

export interface Comparison {
  domain: string;
  condition: string;
  /** The turn compared: the smaller of the two runs' budgets. */
  k: number;
  pairedTasks: number;
  /** acc@k on the paired tasks. */
  a: number;
  b: number;
  /** b − a, with a paired bootstrap 95% interval. */
  difference: number;
  interval95: [number, number];
  /** Tasks solved by one run and not the other. */
  onlyA: number;
  onlyB: number;
}

const round = (x: number): number => Math.round(x * 1e6) / 1e6;

function readRun(dir: string): { turns: number; seed: number; outcomes: EpisodeOutcome[] } {
  const store = RunStore.open(dir, { create: false });
  try {
    const config = store.config();
    if (!config) throw new UsageError(`${join(dir, 'run.sqlite')} holds no run configuration (was the run started?)`);
    return { turns: config.turns, seed: config.seed, outcomes: episodeOutcomes(store.episodes(), (c) => c !== 'none') };
  } finally {
    store.close();
  }
}

export function compareRuns(dirA: string, dirB: string): Comparison[] {
  const a = readRun(dirA);
  const b = readRun(dirB);
  const k = Math.min(a.turns, b.turns);
  const key = (o: EpisodeOutcome): string => `${o.domain}\u0000${o.condition}`;
  const done = (o: EpisodeOutcome): boolean => o.status === 'done';
  const byTaskB = new Map(b.outcomes.filter(done).map((o) => [`${key(o)}\u0000${o.taskId}`, o]));
  const groups = new Map<string, Array<[EpisodeOutcome, EpisodeOutcome]>>();
  for (const oa of a.outcomes.filter(done)) {
    const ob = byTaskB.get(`${key(oa)}\u0000${oa.taskId}`);
    if (ob) groups.set(key(oa), [...(groups.get(key(oa)) ?? []), [oa, ob]]);
  }
  if (groups.size === 0) {
    throw new UsageError(`${dirA} and ${dirB} share no finished episode (same domain, condition and task id) to compare`);
  }
  const solved = (o: EpisodeOutcome): number => (o.solvedAt !== null && o.solvedAt <= k ? 1 : 0);
  return [...groups.entries()].map(([group, pairs]) => {
    const [domain, condition] = group.split('\u0000') as [string, string];
    const xa = pairs.map(([oa]) => solved(oa));
    const xb = pairs.map(([, ob]) => solved(ob));
    const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
    // pairedBootstrap gives the interval of mean(first) − mean(second).
    const interval = pairedBootstrap(xb, xa, { seed: deriveSeed(a.seed, b.seed, 'compare', domain, condition) });
    return {
      domain,
      condition,
      k,
      pairedTasks: pairs.length,
      a: round(mean(xa)),
      b: round(mean(xb)),
      difference: round(mean(xb) - mean(xa)),
      interval95: interval.map(round) as [number, number],
      onlyA: pairs.filter(([oa, ob]) => solved(oa) > solved(ob)).length,
      onlyB: pairs.filter(([oa, ob]) => solved(ob) > solved(oa)).length,
    };
  });
}
