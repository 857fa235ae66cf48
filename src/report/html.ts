import type { ResultEntry } from '../metrics/summary.js';
import { VERSION } from '../version.js';
import type { ReportRun } from './runs.js';

// The report page: figures inlined as SVG, tables, run metadata, one CSS block. Nothing is
// fetched when the file is opened, so it can be mailed or archived as it is.

export interface ReportFigures {
  accuracySvg: string;
  gainSvg: string | null;
  /** Counts drawn in the main figure, recorded on the page so a reader (or a test) can check them. */
  series: number;
  points: number;
}

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const signedPct = (x: number): string => `${x >= 0 ? '+' : '−'}${(Math.abs(x) * 100).toFixed(1)}`;
const int = (n: number): string => n.toLocaleString('en-US');
const DASH = '–';

/** Cost is not recorded by every model provider; when a summary carries it, show it. */
function costOf(entry: ResultEntry): number | null {
  const cost = (entry as ResultEntry & { cost?: unknown }).cost;
  if (typeof cost === 'number') return cost;
  if (cost && typeof cost === 'object' && typeof (cost as { usd?: unknown }).usd === 'number') return (cost as { usd: number }).usd;
  return null;
}

function table(caption: string, header: string[], rows: string[][], numericFrom: number, className = ''): string {
  const th = header.map((h, i) => `<th${i >= numericFrom ? ' class="num"' : ''}>${escapeHtml(h)}</th>`).join('');
  const body = rows
    .map((row) => `<tr>${row.map((cell, i) => `<td${i >= numericFrom ? ' class="num"' : ''}>${cell}</td>`).join('')}</tr>`)
    .join('\n');
  return `<div class="table-wrap"><table class="${className}"><caption>${caption}</caption><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

function metadataTable(runs: ReportRun[]): string {
  const rows = runs.map((run) => {
    const c = run.config;
    const episodes = run.summary.results.reduce((s, r) => s + r.episodes, 0);
    return [
      `<b>${escapeHtml(run.label)}</b><div class="muted">${escapeHtml(run.dir)}</div>`,
      `<code>${escapeHtml(c.student)}</code>`,
      c.teachers.map((t) => `<span class="tag">${escapeHtml(t)}</span>`).join(' '),
      escapeHtml(c.domains.join(', ')),
      c.data ? `<code>${escapeHtml(c.data)}</code>` : `generated${c.difficulty === null ? '' : `, difficulty ${c.difficulty}`}`,
      int(c.tasks),
      String(c.turns),
      String(c.seed),
      `${int(episodes)}${run.unfinished ? ` <span class="warn">(${run.unfinished} unfinished)</span>` : ''}`,
      escapeHtml(c.didacticVersion),
      `<span class="nowrap">${escapeHtml(run.createdAt ? run.createdAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC') : DASH)}</span>`,
    ];
  });
  return table(
    'Runs',
    [
      'run',
      'student model',
      'teachers (conditions)',
      'domains',
      'tasks from',
      'tasks / domain',
      'K',
      'seed',
      'episodes',
      'didactic',
      'started',
    ],
    rows,
    5,
    'meta',
  );
}

function accuracyTables(runs: ReportRun[]): string {
  return runs
    .map((run) => {
      const k = run.summary.turns;
      const header = ['domain', 'condition', 'n', ...Array.from({ length: k }, (_, i) => `acc@${i + 1}`), `95% CI @${k}`];
      const rows = run.summary.results.map((r) => {
        const [lo, hi] = r.interval95[k - 1] ?? [0, 1];
        return [
          escapeHtml(r.domain),
          condition(r.condition),
          `${int(r.episodes - r.errored)}${r.errored ? ` <span class="warn">+${r.errored} errored</span>` : ''}`,
          ...r.cumulativeAccuracy.map(pct),
          `${pct(lo)} – ${pct(hi)}`,
        ];
      });
      return table(
        `Cumulative accuracy — <b>${escapeHtml(run.label)}</b> (under <code>none</code> this is pass@k)`,
        header,
        rows,
        2,
        'acc',
      );
    })
    .join('\n');
}

const condition = (name: string): string => `<span class="cond cond-${escapeHtml(name)}">${escapeHtml(name)}</span>`;

function eachResult(runs: ReportRun[], row: (run: ReportRun, r: ResultEntry) => string[]): string[][] {
  return runs.flatMap((run) =>
    run.summary.results.map((r) => [escapeHtml(run.label), escapeHtml(r.domain), condition(r.condition), ...row(run, r)]),
  );
}

function gainTable(runs: ReportRun[]): string {
  const rows = eachResult(runs, (run, r) => {
    const k = run.summary.turns;
    const g = r.learningGain;
    return [
      pct(r.cumulativeAccuracy[0] ?? 0),
      pct(r.cumulativeAccuracy[k - 1] ?? 0),
      signedPct(r.feedbackGain),
      g ? `<b>${signedPct(g.estimate)}</b>` : r.condition === 'none' ? '<span class="muted">control</span>' : DASH,
      g ? `${signedPct(g.interval95[0])} … ${signedPct(g.interval95[1])}` : DASH,
      g ? int(g.pairedTasks) : DASH,
    ];
  });
  return table(
    'Gains in percentage points. Δ = acc@K − acc@1 within a condition; “vs none” = acc@K − pass@K of the no-feedback control on the same tasks, with a paired bootstrap 95% interval: the gain from learning from feedback.',
    ['run', 'domain', 'condition', 'acc@1', 'acc@K', 'Δ @K − @1', 'vs none @K', '95% interval', 'paired tasks'],
    rows,
    3,
  );
}

function plasticityTable(runs: ReportRun[]): string {
  const rows = eachResult(runs, (_run, r) => [
    int(r.plasticity.laterAttempts),
    pct(r.plasticity.repeatRate),
    pct(r.plasticity.changeRate),
    int(r.leak.feedbackTexts),
    int(r.leak.blocked),
    int(r.leak.fallbacks),
    r.leak.feedbackTexts + r.leak.blocked ? pct(r.leak.rate) : DASH,
  ]);
  return table(
    'Plasticity and leaks. Repeat = later attempts that repeat an earlier wrong answer; change = later attempts that differ from the one before. Blocked = feedback texts the leak guard stopped for revealing the answer; fallback = the guard gave up and sent a safe text.',
    ['run', 'domain', 'condition', 'later attempts', 'repeat rate', 'change rate', 'feedback texts', 'blocked', 'fallbacks', 'leak rate'],
    rows,
    3,
  );
}

function tokenTable(runs: ReportRun[]): string {
  const rows = eachResult(runs, (_run, r) => {
    const t = r.tokens;
    const cost = costOf(r);
    return [
      int(t.student.input),
      int(t.student.output),
      int(t.teacher.input),
      int(t.teacher.output),
      int(t.student.input + t.student.output + t.teacher.input + t.teacher.output),
      cost === null ? DASH : `$${cost.toFixed(4)}`,
    ];
  });
  return table(
    'Tokens and cost (cost appears when the model provider reports it; “–” when it does not).',
    ['run', 'domain', 'condition', 'student in', 'student out', 'teacher in', 'teacher out', 'total tokens', 'cost'],
    rows,
    3,
  );
}

const STYLE = `
:root { --fg: #1d2330; --muted: #687080; --line: #e2e6ec; --bg: #f7f8fa; --accent: #1f77b4; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: var(--fg); background: var(--bg); }
header { background: #1d2330; color: #fff; padding: 22px 32px; }
header h1 { margin: 0; font-size: 22px; font-weight: 600; }
header p { margin: 4px 0 0; color: #c5cbd6; }
main { max-width: 1320px; margin: 0 auto; padding: 8px 32px 48px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 18px 22px; margin-top: 22px; }
h2 { font-size: 17px; margin: 0 0 6px; }
p.intro { margin: 0 0 12px; color: var(--muted); max-width: 900px; }
figure { margin: 0; overflow-x: auto; }
figure svg { max-width: 100%; height: auto; }
.table-wrap { overflow-x: auto; }
table.meta td { white-space: normal; }
table { border-collapse: collapse; width: 100%; margin: 14px 0 6px; font-size: 13px; }
caption { text-align: left; color: var(--muted); padding-bottom: 6px; caption-side: top; }
th, td { padding: 5px 10px; border-bottom: 1px solid var(--line); text-align: left; white-space: nowrap; vertical-align: top; }
th { background: #f1f3f6; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tbody tr:hover { background: #f7f9fc; }
code { font: 12px ui-monospace, "DejaVu Sans Mono", monospace; background: #f1f3f6; padding: 1px 4px; border-radius: 3px; }
span.nowrap { white-space: nowrap; }
.muted { color: var(--muted); font-size: 12px; }
.warn { color: #b45309; }
.tag, .cond { display: inline-block; padding: 0 7px; border-radius: 9px; font-size: 12px; background: #eef1f5; }
.cond-scripted { background: #dbeaf6; color: #0f4c7a; }
.cond-unary { background: #fde8d5; color: #8a4306; }
.cond-none { background: #e9e9e9; color: #444; }
footer { color: var(--muted); font-size: 12px; margin-top: 26px; }
`;

export function reportHtml(runs: ReportRun[], figures: ReportFigures, generatedAt: Date): string {
  const title = `didactic report: ${runs.map((r) => r.label).join(', ')}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
  <h1>${escapeHtml(title)}</h1>
  <p>Learning from feedback inside one conversation: how often the student has solved a task by turn k, with and without a teacher.</p>
</header>
<main>
<section id="accuracy">
  <h2>Cumulative accuracy by turn</h2>
  <p class="intro">Share of tasks solved at or before attempt k, with 95% Wilson bands, for each condition of each run and domain.
  The grey <code>none</code> curve gets no feedback: every attempt is a fresh sample, so it is pass@k with the same budget.
  Learning from feedback is the gap between a teacher's curve and that control.</p>
  ${
    figures.series === 0
      ? '<p class="muted">No run has finished episodes yet, so there is nothing to plot.</p>'
      : `<figure id="figure-accuracy" data-series="${figures.series}" data-points="${figures.points}">${figures.accuracySvg}</figure>`
  }
</section>
<section id="gain">
  <h2>Feedback gain over the pass@k control</h2>
  <p class="intro">acc@K of each feedback condition minus pass@K of <code>none</code> on the same tasks; bars are paired bootstrap 95% intervals.
  An interval that crosses zero is no evidence of learning from feedback.</p>
  ${figures.gainSvg ? `<figure id="figure-gain">${figures.gainSvg}</figure>` : '<p class="muted">No run has both a feedback condition and the <code>none</code> control, so there is no gain to show.</p>'}
  ${gainTable(runs)}
</section>
<section id="tables">
  <h2>Accuracy by turn</h2>
  ${accuracyTables(runs)}
</section>
<section id="plasticity">
  <h2>In-context plasticity and leaks</h2>
  ${plasticityTable(runs)}
</section>
<section id="tokens">
  <h2>Tokens and cost</h2>
  ${tokenTable(runs)}
</section>
<section id="runs">
  <h2>Run metadata</h2>
  ${metadataTable(runs)}
</section>
<footer>Generated by didactic ${escapeHtml(VERSION)} on ${escapeHtml(
    generatedAt
      .toISOString()
      .replace('T', ' ')
      .replace(/\.\d+Z$/, ' UTC'),
  )}. Charts: Vega-Lite, rendered to SVG when the report was built.</footer>
</main>
</body>
</html>
`;
}
