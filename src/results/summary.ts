import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { markdownTable } from 'markdown-table';
import type { Domain } from '../core/types.js';
import { SUMMARY_SCHEMA_VERSION, summarize, type SummaryCore } from '../metrics/summary.js';
import type { RunConfig, RunStore } from '../store/run-store.js';
import { episodeOutcomes } from './outcomes.js';
import type { Provenance } from './provenance.js';

// summary.json and summary.md: the run's results recomputed from its store (after a run, and by the
// report), the metrics themselves being src/metrics/summary.ts.

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
    /** The student's generation settings as asked (reasoning effort and thinking budget included). */
    settings: Record<string, unknown>;
    /** How answers were extracted. */
    extract: string;
  };
  /**
   * What the run was made from (fingerprints taken when it started; see src/results/provenance.ts),
   * and the model ids the providers reported back for the student's replies (not only the alias asked for).
   */
  provenance: (Provenance & { studentModels: string[] }) | null;
}

/** The run's summary, computed from the episodes in its store; `domains` compare answers. */
export function buildSummary(store: RunStore, config: RunConfig, domains: Map<string, Domain>): Summary {
  const arcTasks = new Map<string, string>();
  const optionCounts = new Map<string, number>();
  const repeatOf = new Map<string, string>();
  for (const task of store.tasks()) {
    if (task.domain === 'arc' && typeof task.metadata.arcTask === 'string') arcTasks.set(task.id, task.metadata.arcTask);
    if (task.domain === 'choice' && Array.isArray(task.privileged.options)) optionCounts.set(task.id, task.privileged.options.length);
    if (typeof task.metadata.repeatOf === 'string') repeatOf.set(task.id, task.metadata.repeatOf);
  }
  const core = summarize({
    ...(optionCounts.size ? { optionsOf: (taskId: string) => optionCounts.get(taskId) } : {}),
    ...(repeatOf.size ? { repeatOf: (taskId: string) => repeatOf.get(taskId) } : {}),
    ...(arcTasks.size ? { arcTaskOf: (taskId: string) => arcTasks.get(taskId) } : {}),
    turns: config.turns,
    outcomes: episodeOutcomes(store.episodes(), (condition) => condition !== 'none'),
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
      settings: config.settings,
      extract: config.extract ?? 'lenient',
    },
    provenance: provenanceOf(store),
    ...core,
  };
}

function provenanceOf(store: RunStore): Summary['provenance'] {
  const stored = store.meta('provenance');
  if (stored === null) return null;
  const models = new Set<string>();
  for (const episode of store.episodes()) {
    for (const { turn } of episode.turns) if (turn.role === 'student' && turn.model) models.add(turn.model);
  }
  return { ...(JSON.parse(stored) as Provenance), studentModels: [...models].sort() };
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
    'unparsed',
    'leaks',
  ];
  // ARC's own metric beside acc@k, when the run has ARC tasks.
  const arc = summary.results.some((r) => r.arcTwoAttempt);
  if (arc) header.splice(3 + k, 0, 'ARC 2-try');
  const chance = summary.results.some((r) => r.chance);
  const flips = summary.results.some((r) => r.maintenance);
  if (flips) header.push('flips');
  if (chance) header.splice(3 + k, 0, `chance @${k}`);
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
      ...(chance ? [r.chance ? pct(r.chance[k - 1] ?? 0) : '–'] : []),
      ...(arc ? [r.arcTwoAttempt ? pct(r.arcTwoAttempt.score) : '–'] : []),
      `[${pct(last[0])}, ${pct(last[1])}]`,
      signed(r.feedbackGain),
      gain,
      pct(r.plasticity.repeatRate),
      pct(r.parsing.unparsedRate),
      r.leak.blocked ? `${r.leak.blocked}/${r.leak.blocked + r.leak.feedbackTexts}` : '0',
      ...(flips ? [r.maintenance ? `${r.maintenance.flipped}/${r.maintenance.challenged}` : '–'] : []),
    ];
  });
  return markdownTable([header, ...rows], { align: ['l', 'l', ...Array(header.length - 2).fill('r')] });
}

/** summary.md: the table with a few lines saying what its columns mean. */
export function summaryMarkdown(summary: Summary): string {
  return [
    `# didactic run: ${summary.run.domains.join(', ')} × ${summary.run.teachers.join(', ')}`,
    '',
    `Student \`${summary.run.student}\`, ${summary.run.tasks} tasks, K = ${summary.turns} turns, seed ${summary.run.seed}, didactic ${summary.didacticVersion}.`,
    '',
    'Cumulative accuracy (%) at each turn. Under `none` (no feedback, independent attempts) it is pass@k.',
    '"vs none" is acc@K − pass@K on the same tasks, with a paired bootstrap 95% interval: the gain from learning from feedback.',
    '"repeat" is the share of later attempts that repeat an earlier wrong answer.',
    ...(summary.results.some((r) => r.arcTwoAttempt)
      ? ['"ARC 2-try" is ARC\'s official score: a test input counts when one of its first two attempts is right, averaged per ARC task.']
      : []),
    ...(summary.results.some((r) => r.chance)
      ? ['"chance" is what guessing reaches by turn K: never repeating a refuted option under a teacher, independent guesses under none.']
      : []),
    ...(summary.results.some((r) => r.maintenance)
      ? ['"flips" counts right answers given up after "Are you sure?" (the maintenance condition), of those challenged.']
      : []),
    '"unparsed" is the share of attempts from which no answer could be extracted (counted as wrong, reported apart).',
    '',
    summaryTable(summary),
    '',
    `Leak rate: ${pct(summary.leakRate)}% of generated feedback texts were blocked for revealing the answer.`,
    `Unparsed: ${pct(summary.unparsedRate)}% of all attempts had no answer that could be extracted.`,
    '',
  ].join('\n');
}

export function writeSummaryFiles(dir: string, summary: Summary): void {
  writeFileSync(join(dir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  writeFileSync(join(dir, 'summary.md'), summaryMarkdown(summary));
}
