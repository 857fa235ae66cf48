import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import type { Domain } from '../core/types.js';
import { getDomain } from '../domains/registry.js';
import { buildSummary, type Summary } from '../results/summary.js';
import { RunStore, type RunConfig } from '../store/run-store.js';

/** One run as the report shows it: its label, configuration and summary. */
export interface ReportRun {
  /** Short unique label used in legends and tables (the directory name, or its path when names clash). */
  label: string;
  dir: string;
  config: RunConfig;
  summary: Summary;
  createdAt: string | null;
  /** Episodes still marked running (an interrupted run); the numbers leave them out. */
  unfinished: number;
}

/**
 * Read each run through its store and recompute the summary, so the report matches the episodes on
 * disk even when summary.json is missing (interrupted run) or older than the store. A run whose
 * domain is no longer registered falls back to the summary.json written when it finished.
 */
export function loadRuns(dirs: string[]): ReportRun[] {
  if (dirs.length === 0) throw new UsageError('give at least one run directory');
  const runs = dirs.map(loadRun);
  const names = runs.map((r) => basename(resolve(r.dir)));
  for (const [i, run] of runs.entries()) {
    const clash = names.filter((n) => n === names[i]).length > 1;
    run.label = clash ? run.dir : (names[i] ?? run.dir);
  }
  return runs;
}

function loadRun(dir: string): ReportRun {
  const store = RunStore.open(dir, { create: false });
  try {
    const config = store.config();
    if (!config) throw new UsageError(`${join(dir, 'run.sqlite')} holds no run configuration (was the run started?)`);
    const unfinished = store.findEpisodes({ outcome: 'running', offset: 0, limit: 1 }).total;
    return { label: dir, dir, config, summary: summaryFor(dir, store, config), createdAt: store.meta('createdAt'), unfinished };
  } finally {
    store.close();
  }
}

function summaryFor(dir: string, store: RunStore, config: RunConfig): Summary {
  const domains = new Map<string, Domain>();
  try {
    for (const name of config.domains) domains.set(name, getDomain(name));
  } catch (error) {
    const file = join(dir, 'summary.json');
    if (!existsSync(file)) throw error;
    return JSON.parse(readFileSync(file, 'utf8')) as Summary;
  }
  return buildSummary(store, config, domains);
}
