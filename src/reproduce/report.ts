import { markdownTable } from 'markdown-table';
import { METHODS } from './methods.js';
import type { Cell, ReproduceResult } from './results.js';

// report.md of a reproduction: the paper's tables (cumulative accuracy@k per method in and out
// of distribution, the controls, self-teacher vs privileged teacher vs no feedback), the paper's
// claims tested one by one, and what each model cost to train.

const pct = (x: number): string => (x * 100).toFixed(1);
const withInterval = (cell: Cell, k: number): string => {
  const [lo, hi] = cell.interval95[k - 1] ?? [0, 0];
  return `${pct(cell.accuracy[k - 1] ?? 0)} [${pct(lo)}, ${pct(hi)}]`;
};
const label = (method: string): string => METHODS.find((m) => m.name === method)?.label ?? method;
const CONDITION_NOTE: Record<string, string> = {
  scripted: 'scripted (privileged)',
  unary: 'unary ("wrong")',
  none: 'none (pass@k, no feedback)',
  self: 'self (its own critique)',
};

function find(r: ReproduceResult, method: string, split: 'in' | 'out', condition: string): Cell | undefined {
  return r.cells.find((c) => c.method === method && c.split === split && c.condition === condition);
}

function accuracyTable(r: ReproduceResult, split: 'in' | 'out', condition: string): string {
  const ks = Array.from({ length: r.turns }, (_, i) => i + 1);
  const rows = METHODS.flatMap((m) => {
    const cell = find(r, m.name, split, condition);
    return cell ? [[label(m.name), ...ks.map((k) => withInterval(cell, k))]] : [];
  });
  return markdownTable([['method', ...ks.map((k) => `acc@${k}`)], ...rows]);
}

function controlsTable(r: ReproduceResult, split: 'in' | 'out'): string {
  const conditions = ['scripted', 'unary', 'none'];
  const rows = METHODS.flatMap((m) => {
    const cells = conditions.map((c) => find(r, m.name, split, c));
    if (cells.every((c) => !c)) return [];
    return [[label(m.name), ...cells.map((c) => (c ? withInterval(c, r.turns) : '—'))]];
  });
  return markdownTable([['method', ...conditions.map((c) => `${CONDITION_NOTE[c]} @${r.turns}`)], ...rows]);
}

function selfTable(r: ReproduceResult, split: 'in' | 'out'): string | null {
  const ks = Array.from({ length: r.turns }, (_, i) => i + 1);
  const rows: string[][] = [];
  for (const m of METHODS.filter((x) => x.selfTeacher)) {
    for (const condition of ['self', 'scripted', 'unary', 'none']) {
      const cell = find(r, m.name, split, condition);
      if (cell) rows.push([label(m.name), CONDITION_NOTE[condition] ?? condition, ...ks.map((k) => withInterval(cell, k))]);
    }
  }
  return rows.length ? markdownTable([['model', 'teacher', ...ks.map((k) => `acc@${k}`)], ...rows]) : null;
}

function claimsTable(r: ReproduceResult): string {
  const rows = r.comparisons.map((c) => [
    c.claim,
    `${c.a.method}/${c.a.condition} − ${c.b.method}/${c.b.condition} @${c.k}`,
    `${c.estimate >= 0 ? '+' : ''}${pct(c.estimate)} [${pct(c.interval95[0])}, ${pct(c.interval95[1])}]`,
    c.wilsonOverlap ? 'overlap' : 'apart',
    c.holds ? 'yes' : 'no',
  ]);
  return markdownTable([['expectation', 'difference', 'points, paired 95% CI', 'Wilson 95% intervals', 'holds here'], ...rows]);
}

function responsesTable(r: ReproduceResult, split: 'in' | 'out'): string {
  const conditions = ['scripted', 'unary', 'self', 'none'];
  const rows = METHODS.flatMap((m) =>
    conditions.flatMap((condition) => {
      const c = find(r, m.name, split, condition);
      if (!c) return [];
      const { count, noAnswer, repeat, rightDirection, directed } = c.laterAttempts;
      const moved = rightDirection === null ? '—' : `${pct(rightDirection)} (of ${directed})`;
      return [
        [
          label(m.name),
          CONDITION_NOTE[condition] ?? condition,
          String(count),
          pct(noAnswer),
          pct(repeat),
          moved,
          `${pct((c.accuracy[r.turns - 1] ?? 0) - (c.accuracy[0] ?? 0))}`,
        ],
      ];
    }),
  );
  return markdownTable([
    [
      'method',
      'teacher',
      'attempts after a wrong one',
      'no final answer %',
      'repeats a wrong answer %',
      'moves the right way % (after too low / too high)',
      `acc@${r.turns} − acc@1`,
    ],
    ...rows,
  ]);
}

function trainingTable(r: ReproduceResult): string {
  const rows = r.training.map((t) => [
    label(t.method),
    t.dir,
    t.steps === null ? '—' : String(t.steps),
    t.generatedTokens === null ? '—' : t.generatedTokens.toLocaleString('en-US'),
    t.seconds === null ? '—' : `${(t.seconds / 60).toFixed(1)} min`,
    t.note,
  ]);
  return markdownTable([['method', 'weights', 'steps', 'student tokens generated', 'training time', 'recipe'], ...rows]);
}

export function reproduceMarkdown(r: ReproduceResult): string {
  const inDomain = r.cells.find((c) => c.split === 'in')?.domain ?? 'in';
  const outDomain = r.cells.find((c) => c.split === 'out')?.domain ?? 'out';
  const self = selfTable(r, 'in');
  const selfOut = selfTable(r, 'out');
  return [
    `# RL²F reproduction (${r.mode}${r.trained ? ', models retrained' : r.modelsFrom ? `, models from ${r.modelsFrom}` : ', shipped models'})`,
    '',
    `${r.tasksPerDomain} generated tasks per domain (seed ${r.seed}), K = ${r.turns} attempts, student sampled at temperature 1. ` +
      `In distribution: ${inDomain} (the RL training domain). Out of distribution: ${outDomain} (never seen in RL). ` +
      'Cells: cumulative accuracy@k in percent with its 95% Wilson interval. ' +
      `Took ${(r.seconds / 60).toFixed(1)} min${r.resumedRuns ? ` (${r.resumedRuns} of the evaluations were already done and only resumed)` : ''}.` +
      (r.startingModel && r.startingModel !== 'models/base'
        ? ` The starting model ("base" in the tables) is ${r.startingModel}, not models/base.`
        : ''),
    '',
    '![cumulative accuracy by turn](figure.png)',
    '',
    `## Table 1. In distribution (${inDomain}), privileged scripted teacher`,
    '',
    accuracyTable(r, 'in', 'scripted'),
    '',
    `## Table 2. Out of distribution (${outDomain}), privileged scripted teacher`,
    '',
    accuracyTable(r, 'out', 'scripted'),
    '',
    `## Table 3. Controls at turn ${r.turns}: rich feedback, unary feedback, no feedback`,
    '',
    `### ${inDomain} (in distribution)`,
    '',
    controlsTable(r, 'in'),
    '',
    `### ${outDomain} (out of distribution)`,
    '',
    controlsTable(r, 'out'),
    '',
    '## Table 4. Self-teacher vs privileged teacher vs no feedback',
    '',
    self ?? 'No self-teacher model was evaluated.',
    '',
    ...(selfOut ? [`Out of distribution (${outDomain}):`, '', selfOut, ''] : []),
    `## Table 5. What the models do after a wrong attempt (${inDomain})`,
    '',
    'Feedback can only help a model that still answers, and answers differently, on the next attempt. Under `none` each attempt is a fresh sample. ' +
      '"Moves the right way": after an answer that was too low (too high), the next numeric answer is higher (lower). The scripted teacher says which; unary and none do not, so they are the baseline for it.',
    '',
    responsesTable(r, 'in'),
    '',
    "## The paper's expectations, tested",
    '',
    'Differences are paired over the same tasks (bootstrap over tasks, 2,000 resamples). "holds here" applies the rule in the expectation: ' +
      'a difference whose interval excludes 0 for "above", one whose interval contains 0 for "≈", and also separate Wilson intervals for "apart".',
    '',
    claimsTable(r),
    '',
    '## Training',
    '',
    trainingTable(r),
    '',
  ].join('\n');
}
