import type { TopLevelSpec } from 'vega-lite';
import type { ReportRun } from './runs.js';

// Vega-Lite specifications of the report's figures. Data is inlined, so the compiled SVG needs
// nothing at view time.

/** Conditions in a fixed order with fixed colours, so every figure and every run agree. */
const CONDITION_COLOURS: Record<string, string> = { scripted: '#1f77b4', unary: '#ff7f0e', none: '#7f7f7f' };
const EXTRA_COLOURS = ['#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22'];

export const FONT = 'DejaVu Sans, Liberation Sans, Arial, sans-serif';

export interface AccuracyPoint {
  panel: string;
  run: string;
  domain: string;
  condition: string;
  k: number;
  acc: number;
  lo: number;
  hi: number;
}

export interface GainPoint {
  label: string;
  run: string;
  domain: string;
  condition: string;
  estimate: number;
  lo: number;
  hi: number;
  pairedTasks: number;
}

export function conditionScale(runs: ReportRun[]): { domain: string[]; range: string[] } {
  const seen: string[] = [];
  for (const run of runs) for (const r of run.summary.results) if (!seen.includes(r.condition)) seen.push(r.condition);
  const known = Object.keys(CONDITION_COLOURS).filter((c) => seen.includes(c));
  const others = seen.filter((c) => !(c in CONDITION_COLOURS));
  const domain = [...known.filter((c) => c !== 'none'), ...others, ...known.filter((c) => c === 'none')];
  let extra = 0;
  const range = domain.map((c) => CONDITION_COLOURS[c] ?? EXTRA_COLOURS[extra++ % EXTRA_COLOURS.length] ?? '#000000');
  return { domain, range };
}

export function panelName(run: ReportRun, domain: string, manyRuns: boolean): string {
  return manyRuns ? `${run.label} · ${domain}` : domain;
}

export function accuracyPoints(runs: ReportRun[]): AccuracyPoint[] {
  const manyRuns = runs.length > 1;
  const points: AccuracyPoint[] = [];
  for (const run of runs) {
    for (const r of run.summary.results) {
      r.cumulativeAccuracy.forEach((acc, i) => {
        const [lo, hi] = r.interval95[i] ?? [acc, acc];
        points.push({
          panel: panelName(run, r.domain, manyRuns),
          run: run.label,
          domain: r.domain,
          condition: r.condition,
          k: i + 1,
          acc,
          lo,
          hi,
        });
      });
    }
  }
  return points;
}

export function gainPoints(runs: ReportRun[]): GainPoint[] {
  const manyRuns = runs.length > 1;
  const points: GainPoint[] = [];
  for (const run of runs) {
    for (const r of run.summary.results) {
      if (!r.learningGain) continue;
      points.push({
        label: `${panelName(run, r.domain, manyRuns)} · ${r.condition}`,
        run: run.label,
        domain: r.domain,
        condition: r.condition,
        estimate: r.learningGain.estimate,
        lo: r.learningGain.interval95[0],
        hi: r.learningGain.interval95[1],
        pairedTasks: r.learningGain.pairedTasks,
      });
    }
  }
  return points;
}

const baseConfig = {
  font: FONT,
  view: { stroke: '#d0d4da' },
  axis: {
    labelFontSize: 11,
    titleFontSize: 12,
    titleFontWeight: 'normal' as const,
    gridColor: '#eceff3',
    domainColor: '#8a9099',
    tickColor: '#8a9099',
  },
  legend: {
    labelFontSize: 12,
    titleFontSize: 12,
    titleFontWeight: 'normal' as const,
    orient: 'bottom' as const,
    direction: 'horizontal' as const,
  },
  header: { labelFontSize: 13, labelFontWeight: 'bold' as const, title: null },
};

/**
 * The main figure: cumulative accuracy at turn k with 95% Wilson bands, one line per condition,
 * one panel per run and domain. Under `none` the curve is pass@k, the no-feedback control.
 */
export function accuracySpec(runs: ReportRun[]): TopLevelSpec {
  const points = accuracyPoints(runs);
  const panels = [...new Set(points.map((p) => p.panel))];
  const maxK = Math.max(1, ...points.map((p) => p.k));
  const colour = {
    field: 'condition',
    type: 'nominal' as const,
    title: 'condition',
    scale: conditionScale(runs),
    legend: {
      orient: 'right' as const,
      direction: 'vertical' as const,
      labelExpr: "datum.label === 'none' ? 'none (pass@k, no feedback)' : datum.label",
      symbolSize: 90,
      symbolType: 'circle',
      symbolOpacity: 1,
      labelLimit: 0,
    },
  };
  // '.0f', not 'd': an integer format makes Vega-Lite add tickMinStep 1, and Vega then thins the
  // explicit tick values to fit that count (turns 1–3 lost their middle tick).
  const x = {
    field: 'k',
    type: 'quantitative' as const,
    title: 'turn k',
    scale: { domain: [1, maxK] },
    axis: { format: '.0f', values: Array.from({ length: maxK }, (_, i) => i + 1) },
  };
  const y = { type: 'quantitative' as const, scale: { domain: [0, 1] }, axis: { format: '.0%', title: 'cumulative accuracy @k' } };
  const tooltip = [
    { field: 'panel', title: 'run · domain' },
    { field: 'condition' },
    { field: 'k', title: 'turn' },
    { field: 'acc', title: 'acc@k', format: '.1%' },
    { field: 'lo', title: '95% low', format: '.1%' },
    { field: 'hi', title: '95% high', format: '.1%' },
  ];
  const layer = {
    // Three panels a row still fit a laptop screen at full size.
    width: panels.length === 1 ? 380 : panels.length === 2 ? 300 : 250,
    height: panels.length >= 3 ? 200 : 220,
    layer: [
      {
        mark: { type: 'area' as const, opacity: 0.15, interpolate: 'linear' as const },
        encoding: { x, y: { field: 'lo', ...y }, y2: { field: 'hi' }, color: colour },
      },
      { mark: { type: 'line' as const, strokeWidth: 2 }, encoding: { x, y: { field: 'acc', ...y }, color: colour } },
      { mark: { type: 'point' as const, filled: true, size: 40 }, encoding: { x, y: { field: 'acc', ...y }, color: colour, tooltip } },
    ],
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    data: { values: points },
    config: baseConfig,
    background: 'white',
    padding: 12,
    title: {
      text: 'Cumulative accuracy by turn (95% Wilson bands)',
      subtitle: runs.map((r) => `${r.label}: ${r.config.student}, ${r.config.tasks} tasks, seed ${r.config.seed}`),
      anchor: 'start',
      fontSize: 15,
      subtitleFontSize: 11,
      subtitleColor: '#687080',
      offset: 14,
    },
    facet: { field: 'panel', type: 'nominal', sort: panels, title: null },
    columns: Math.min(3, panels.length),
    spec: layer,
    resolve: { axis: { x: 'independent', y: 'independent' } },
  } as TopLevelSpec;
}

/** Learning from feedback: acc@K of each feedback condition minus pass@K of `none`, paired bootstrap 95% interval. */
export function gainSpec(runs: ReportRun[]): TopLevelSpec | null {
  const points = gainPoints(runs);
  if (points.length === 0) return null;
  const colour = { field: 'condition', type: 'nominal' as const, title: 'condition', scale: conditionScale(runs), legend: null };
  const y = { field: 'label', type: 'nominal' as const, title: null, sort: points.map((p) => p.label), axis: { labelLimit: 320 } };
  const lo = Math.min(-0.1, ...points.map((p) => p.lo));
  const hi = Math.max(0.1, ...points.map((p) => p.hi));
  const tooltip = [
    { field: 'label', title: 'run · domain · condition' },
    { field: 'estimate', title: 'gain vs none', format: '+.1%' },
    { field: 'lo', title: '95% low', format: '+.1%' },
    { field: 'hi', title: '95% high', format: '+.1%' },
    { field: 'pairedTasks', title: 'paired tasks' },
  ];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    data: { values: points },
    config: baseConfig,
    background: 'white',
    padding: { left: 12, top: 12, bottom: 12, right: 28 },
    width: 420,
    height: { step: 26 },
    layer: [
      {
        data: { values: [{ zero: 0 }] },
        mark: { type: 'rule', color: '#8a9099', strokeDash: [4, 3] },
        encoding: { x: { field: 'zero', type: 'quantitative' } },
      },
      {
        mark: { type: 'rule', strokeWidth: 2.5 },
        encoding: {
          y,
          x: {
            field: 'lo',
            type: 'quantitative',
            title: 'acc@K − pass@K of none (95% paired bootstrap)',
            scale: { domain: [lo, hi] },
            axis: { format: '+.0%' },
          },
          x2: { field: 'hi' },
          color: colour,
        },
      },
      {
        mark: { type: 'point', filled: true, size: 70 },
        encoding: { y, x: { field: 'estimate', type: 'quantitative' }, color: colour, tooltip },
      },
    ],
  } as TopLevelSpec;
}
