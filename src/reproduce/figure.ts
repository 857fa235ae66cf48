import type { TopLevelSpec } from 'vega-lite';
import { FONT } from '../report/specs.js';
import { SPLIT_NOTE, type Split, splitName, suiteOf } from './methods.js';
import type { ReproduceResult } from './results.js';

// The reproduction's figure, after the paper's: cumulative accuracy@k per method under the
// privileged teacher, in and out of distribution, with 95% Wilson bands; the teacher-modelling
// model's self-teacher curve is drawn dashed beside it.

const COLOURS = ['#7f7f7f', '#bcbd22', '#ff7f0e', '#1f77b4', '#2ca02c', '#98df8a'];

interface Point {
  panel: string;
  series: string;
  k: number;
  acc: number;
  lo: number;
  hi: number;
}

export function reproduceSpec(r: ReproduceResult): TopLevelSpec {
  const suite = suiteOf(r.suite);
  // A method keeps its colour when a reproduction evaluates only some of the methods.
  const everySeries = suite.methods.flatMap((m) => [m.label, ...(m.selfTeacher ? [`${m.label}, self teacher`] : [])]);
  const series: string[] = [];
  const points: Point[] = [];
  const panelOf = (kind: Split['kind'], domain: string): string => {
    const split = suite.splits.find((s) => s.kind === kind);
    return `${split ? splitName(split, suite.splits) : domain} (${SPLIT_NOTE[kind]})`;
  };
  const add = (name: string, cell: ReproduceResult['cells'][number]): void => {
    if (!series.includes(name)) series.push(name);
    cell.accuracy.forEach((acc, i) => {
      const [lo, hi] = cell.interval95[i] ?? [acc, acc];
      points.push({ panel: panelOf(cell.split, cell.domain), series: name, k: i + 1, acc, lo, hi });
    });
  };
  for (const m of suite.methods) {
    for (const cell of r.cells.filter((c) => c.method === m.name && c.condition === 'scripted')) add(m.label, cell);
    for (const cell of r.cells.filter((c) => c.method === m.name && c.condition === 'self')) add(`${m.label}, self teacher`, cell);
  }
  const panels = [...new Set(points.map((p) => p.panel))];
  const colour = {
    field: 'series',
    type: 'nominal' as const,
    title: null,
    scale: { domain: series, range: series.map((s) => COLOURS[everySeries.indexOf(s)] ?? '#000000') },
    legend: {
      orient: 'bottom' as const,
      columns: 2,
      labelLimit: 0,
      symbolType: 'stroke',
      symbolOpacity: 1,
      symbolStrokeWidth: 3,
      symbolSize: 300,
    },
  };
  const dash = {
    field: 'series',
    type: 'nominal' as const,
    scale: { domain: series, range: series.map((s) => (s.endsWith('self teacher') ? [5, 3] : [1, 0])) },
  };
  const x = {
    field: 'k',
    type: 'quantitative' as const,
    title: 'turn k',
    scale: { domain: [1, r.turns] },
    axis: { format: '.0f', values: Array.from({ length: r.turns }, (_, i) => i + 1) },
  };
  const y = { type: 'quantitative' as const, scale: { domain: [0, 1] }, axis: { format: '.0%', title: 'cumulative accuracy @k' } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    data: { values: points },
    background: 'white',
    padding: 12,
    config: {
      font: FONT,
      view: { stroke: '#d0d4da' },
      axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', gridColor: '#eceff3' },
      legend: { labelFontSize: 12 },
      header: { labelFontSize: 13, labelFontWeight: 'bold', title: null },
    },
    title: {
      text: 'RL²F vs single-turn training: cumulative accuracy by turn, privileged teacher',
      subtitle: `${r.tasksInDistribution === undefined ? `${r.tasksPerDomain} tasks per domain` : `${r.tasksInDistribution} tasks in distribution, ${r.tasksPerDomain} on each other split`}, K = ${r.turns}, 95% Wilson bands (${r.mode} run)`,
      anchor: 'start',
      fontSize: 15,
      subtitleFontSize: 11,
      subtitleColor: '#687080',
    },
    facet: { field: 'panel', type: 'nominal', sort: panels, title: null },
    columns: panels.length,
    spec: {
      width: 320,
      height: 240,
      layer: [
        { mark: { type: 'area', opacity: 0.1 }, encoding: { x, y: { field: 'lo', ...y }, y2: { field: 'hi' }, color: colour } },
        {
          mark: { type: 'line', strokeWidth: 2, point: { filled: true, size: 40 } },
          encoding: { x, y: { field: 'acc', ...y }, color: colour, strokeDash: dash },
        },
      ],
    },
  } as TopLevelSpec;
}
