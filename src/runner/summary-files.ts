import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { markdownTable } from 'markdown-table';
import type { Domain } from '../core/types.js';
import { SUMMARY_SCHEMA_VERSION, summarize, type SummaryCore } from '../metrics/summary.js';
import { PRICE_TABLE_NOTE } from '../providers/prices.js';
import type { RoleUsage, RunConfig, RunStore } from '../store/run-store.js';

/** Model calls of the run per role (student, teacher, judge) and in total; cost is an estimate. */
export interface RunUsage {
  byRole: Record<string, RoleUsage>;
  total: RoleUsage;
  costNote: string;
}

/** The versioned contents of summary.json; documented in the README. */
export interface Summary extends SummaryCore {
  schemaVersion: number;
  didacticVersion: string;
  run: {
    student: string;
    teachers: string[];
    domains: string[];
    tasks: number;
    seed: number;
    difficulty: number | null;
    data: string | null;
  };
}

export function buildSummary(store: RunStore, config: RunConfig, domains: Map<string, Domain>): Summary {
  const core = summarize({
    turns: config.turns,
    outcomes: store.outcomes((condition) => condition !== 'none'),
    sameAnswer: (domain, a, b) => domains.get(domain)?.sameAnswer(a, b) ?? a === b,
    seed: config.seed,
    conditions: config.teachers,
  });
  return {
    schemaVersion: SUMMARY_SCHEMA_VERSION,
    didacticVersion: config.didacticVersion,
    run: {
      student: config.student,
      teachers: config.teachers,
      domains: config.domains,
      tasks: config.tasks,
      seed: config.seed,
      difficulty: config.difficulty,
      data: config.data,
    },
    ...core,
  };
}

/**
 * Calls, tokens and estimated cost, from the call log. Kept out of summary.json, which is a pure
 * function of the results: a run killed and resumed has the same results as an uninterrupted
 * one, but may have paid twice for the calls in flight when it was killed.
 */
export function runUsage(store: RunStore): RunUsage {
  const byRole = store.usageByRole();
  const roles = Object.values(byRole);
  const sum = (pick: (u: RoleUsage) => number): number => roles.reduce((s, u) => s + pick(u), 0);
  const priced = roles.filter((u) => u.estimatedCostUsd !== null);
  return {
    byRole,
    total: {
      calls: sum((u) => u.calls),
      cached: sum((u) => u.cached),
      failed: sum((u) => u.failed),
      inputTokens: sum((u) => u.inputTokens),
      outputTokens: sum((u) => u.outputTokens),
      estimatedCostUsd: priced.length === 0 && roles.length > 0 ? null : Math.round(sum((u) => u.estimatedCostUsd ?? 0) * 1e8) / 1e8,
      unpricedCalls: sum((u) => u.unpricedCalls),
    },
    costNote: PRICE_TABLE_NOTE,
  };
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}`;
const signed = (x: number): string => `${x >= 0 ? '+' : '−'}${(Math.abs(x) * 100).toFixed(1)}`;

/** The table printed after a run: rows are conditions, columns acc@1…acc@K (in %) and gains. */
export function summaryTable(summary: Summary): string {
  const k = summary.turns;
  const header = [
    'domain',
    'condition',
    'n',
    ...Array.from({ length: k }, (_, i) => `acc@${i + 1}`),
    `95% CI @${k}`,
    `Δ@${k}−@1`,
    `vs none @${k} (95% CI)`,
    'repeat',
    'leaks',
  ];
  const rows = summary.results.map((r) => {
    const last = r.interval95[k - 1] ?? [0, 1];
    const gain = r.learningGain
      ? `${signed(r.learningGain.estimate)} [${signed(r.learningGain.interval95[0])}, ${signed(r.learningGain.interval95[1])}]`
      : r.condition === 'none'
        ? '(pass@k)'
        : '–';
    return [
      r.domain,
      r.condition,
      `${r.episodes - r.errored}${r.errored ? ` (+${r.errored} err)` : ''}`,
      ...r.cumulativeAccuracy.map(pct),
      `[${pct(last[0])}, ${pct(last[1])}]`,
      signed(r.feedbackGain),
      gain,
      pct(r.plasticity.repeatRate),
      r.leak.blocked ? `${r.leak.blocked}/${r.leak.blocked + r.leak.feedbackTexts}` : '0',
    ];
  });
  return markdownTable([header, ...rows], { align: ['l', 'l', ...Array(header.length - 2).fill('r')] });
}

export function summaryMarkdown(summary: Summary): string {
  return [
    `# didactic run: ${summary.run.domains.join(', ')} × ${summary.run.teachers.join(', ')}`,
    '',
    `Student \`${summary.run.student}\`, ${summary.run.tasks} tasks, K = ${summary.turns} turns, seed ${summary.run.seed}, didactic ${summary.didacticVersion}.`,
    '',
    'Cumulative accuracy (%) at each turn. Under `none` (no feedback, independent attempts) it is pass@k.',
    '"vs none" is acc@K − pass@K on the same tasks, with a paired bootstrap 95% interval: the gain from learning from feedback.',
    '"repeat" is the share of later attempts that repeat an earlier wrong answer.',
    '',
    summaryTable(summary),
    '',
    `Leak rate: ${pct(summary.leakRate)}% of generated feedback texts were blocked for revealing the answer.`,
    '',
  ].join('\n');
}

export function writeUsageFile(dir: string, usage: RunUsage): void {
  writeFileSync(join(dir, 'usage.json'), `${JSON.stringify(usage, null, 2)}\n`);
}

export function writeSummaryFiles(dir: string, summary: Summary): void {
  writeFileSync(join(dir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  writeFileSync(join(dir, 'summary.md'), summaryMarkdown(summary));
}
