import { markdownTable } from 'markdown-table';
import { type Method, SPLIT_NOTE, type Split, type Suite, splitName, suiteOf } from './methods.js';
import { type Cell, paperComparisons, type ReproduceResult } from './results.js';

// report.md of a reproduction: the paper's tables (cumulative accuracy@k per method in and out
// of distribution, the controls, self-teacher vs privileged teacher vs no feedback), the paper's
// claims tested one by one, and what each model cost to train.

const pct = (x: number): string => (x * 100).toFixed(1);
const withInterval = (cell: Cell, k: number): string => {
  const [lo, hi] = cell.interval95[k - 1] ?? [0, 0];
  return `${pct(cell.accuracy[k - 1] ?? 0)} [${pct(lo)}, ${pct(hi)}]`;
};
const methodsOf = (r: ReproduceResult): readonly Method[] => suiteOf(r.suite).methods;
const labelIn = (r: ReproduceResult, method: string): string => methodsOf(r).find((m) => m.name === method)?.label ?? method;
const CONDITION_NOTE: Record<string, string> = {
  scripted: 'scripted (privileged)',
  unary: 'unary ("wrong")',
  none: 'none (pass@k, no feedback)',
  self: 'self (its own critique)',
};

function find(r: ReproduceResult, method: string, split: Split['kind'], condition: string): Cell | undefined {
  return r.cells.find((c) => c.method === method && c.split === split && c.condition === condition);
}

function accuracyTable(r: ReproduceResult, split: Split['kind'], condition: string): string {
  const ks = Array.from({ length: r.turns }, (_, i) => i + 1);
  const rows = methodsOf(r).flatMap((m) => {
    const cell = find(r, m.name, split, condition);
    return cell ? [[labelIn(r, m.name), ...ks.map((k) => withInterval(cell, k))]] : [];
  });
  return markdownTable([['method', ...ks.map((k) => `acc@${k}`)], ...rows]);
}

function controlsTable(r: ReproduceResult, split: Split['kind']): string {
  const conditions = ['scripted', 'unary', 'none'];
  const rows = methodsOf(r).flatMap((m) => {
    const cells = conditions.map((c) => find(r, m.name, split, c));
    if (cells.every((c) => !c)) return [];
    return [[labelIn(r, m.name), ...cells.map((c) => (c ? withInterval(c, r.turns) : '—'))]];
  });
  return markdownTable([['method', ...conditions.map((c) => `${CONDITION_NOTE[c]} @${r.turns}`)], ...rows]);
}

function selfTable(r: ReproduceResult, split: Split['kind']): string | null {
  const ks = Array.from({ length: r.turns }, (_, i) => i + 1);
  const rows: string[][] = [];
  for (const m of methodsOf(r).filter((x) => x.selfTeacher)) {
    for (const condition of ['self', 'scripted', 'unary', 'none']) {
      const cell = find(r, m.name, split, condition);
      if (cell) rows.push([labelIn(r, m.name), CONDITION_NOTE[condition] ?? condition, ...ks.map((k) => withInterval(cell, k))]);
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

function responsesTable(r: ReproduceResult, split: Split['kind']): string {
  const conditions = ['scripted', 'unary', 'self', 'none'];
  const rows = methodsOf(r).flatMap((m) =>
    conditions.flatMap((condition) => {
      const c = find(r, m.name, split, condition);
      if (!c) return [];
      const { count, noAnswer, repeat, rightDirection, directed } = c.laterAttempts;
      const moved = rightDirection === null ? '—' : `${pct(rightDirection)} (of ${directed})`;
      return [
        [
          labelIn(r, m.name),
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
    labelIn(r, t.method),
    t.dir,
    t.steps === null ? '—' : String(t.steps),
    t.generatedTokens === null ? '—' : t.generatedTokens.toLocaleString('en-US'),
    t.seconds === null ? '—' : `${(t.seconds / 60).toFixed(1)} min`,
    t.note,
  ]);
  return markdownTable([['method', 'weights', 'steps', 'student tokens generated', 'training time', 'recipe'], ...rows]);
}

/** The suite's splits, each with its heading name (a split with no cells still gets its tables, empty). */
function splitsShown(suite: Suite): Array<{ split: Split; name: string }> {
  return suite.splits.map((split) => ({ split, name: splitName(split, suite.splits) }));
}

const capitalised = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function tasksSentence(r: ReproduceResult): string {
  return r.tasksInDistribution === undefined
    ? `${r.tasksPerDomain} generated tasks per domain`
    : `${r.tasksInDistribution} generated tasks in distribution and ${r.tasksPerDomain} on each other split`;
}

/** A partial reproduction (`--methods`) says which methods it left out and what that leaves untested. */
function missingSentence(r: ReproduceResult, suite: Suite): string[] {
  const evaluated = new Set(r.cells.map((c) => c.method));
  const missing = suite.methods.filter((m) => !evaluated.has(m.name)).map((m) => m.name);
  if (missing.length === 0) return [];
  const specs = paperComparisons(suite.name).length;
  const untested = specs - r.comparisons.length;
  return [
    `Not evaluated here: ${missing.join(', ')}. ${untested} of the suite's ${specs} expectations need ${missing.length === 1 ? 'it' : 'them'} and are not tested.`,
    '',
  ];
}

export function reproduceMarkdown(r: ReproduceResult): string {
  const suite = suiteOf(r.suite);
  const splits = splitsShown(suite);
  const inName = splits.find((s) => s.split.kind === 'in')?.name ?? 'in';
  const start = suite.methods[0]?.name ?? 'base';
  const where = splits.map(({ split, name }) => `${capitalised(SPLIT_NOTE[split.kind])}: ${name}${WHERE_NOTE[split.kind]}.`).join(' ');
  // The accuracy tables come first, one per split; the numbering of the rest follows them.
  const n = splits.length;
  const self = splits.flatMap(({ split, name }) => {
    const table = selfTable(r, split.kind);
    return table ? [{ split, name, table }] : [];
  });
  return [
    `# RL²F reproduction${suite.name === 'first' ? '' : `, suite ${suite.name}`} (${r.mode}${r.trained ? ', models retrained' : r.modelsFrom ? `, models from ${r.modelsFrom}` : ', shipped models'})`,
    '',
    `${tasksSentence(r)} (seed ${r.seed}), K = ${r.turns} attempts, student sampled at temperature 1. ${where} ` +
      'Cells: cumulative accuracy@k in percent with its 95% Wilson interval. ' +
      `Took ${(r.seconds / 60).toFixed(1)} min${r.resumedRuns ? ` (${r.resumedRuns} of the evaluations were already done and only resumed)` : ''}.` +
      (r.startingModel && r.startingModel !== `models/${start}`
        ? ` The starting model ("${start}" in the tables) is ${r.startingModel}, not models/${start}.`
        : ''),
    '',
    ...missingSentence(r, suite),
    '![cumulative accuracy by turn](figure.png)',
    '',
    ...splits.flatMap(({ split, name }, i) => [
      `## Table ${i + 1}. ${capitalised(SPLIT_NOTE[split.kind])} (${name}), privileged scripted teacher`,
      '',
      accuracyTable(r, split.kind, 'scripted'),
      '',
    ]),
    `## Table ${n + 1}. Controls at turn ${r.turns}: rich feedback, unary feedback, no feedback`,
    '',
    ...splits.flatMap(({ split, name }) => [`### ${name} (${SPLIT_NOTE[split.kind]})`, '', controlsTable(r, split.kind), '']),
    `## Table ${n + 2}. Self-teacher vs privileged teacher vs no feedback`,
    '',
    ...(self.length === 0
      ? ['No self-teacher model was evaluated.', '']
      : self.flatMap(({ split, name, table }) =>
          split.kind === 'in' ? [table, ''] : [`${capitalised(SPLIT_NOTE[split.kind])} (${name}):`, '', table, ''],
        )),
    `## Table ${n + 3}. What the models do after a wrong attempt (${inName})`,
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

const WHERE_NOTE: Record<Split['kind'], string> = {
  in: ' (the RL training domain)',
  near: ' (another family of the same domain, never seen in RL)',
  out: ' (never seen in RL)',
};
