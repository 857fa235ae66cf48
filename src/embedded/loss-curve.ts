import { writeFileSync } from 'node:fs';
import type { TopLevelSpec } from 'vega-lite';
import { renderSvg } from '../report/render.js';

export interface LossPoint {
  step: number;
  loss: number;
  split: 'train' | 'held-out';
}

/** Draw training and held-out loss against steps as an SVG, with the report's renderer. */
export async function writeLossCurve(file: string, points: readonly LossPoint[], title: string): Promise<void> {
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    width: 560,
    height: 300,
    background: 'white',
    data: { values: points as LossPoint[] },
    mark: { type: 'line', point: false },
    encoding: {
      x: { field: 'step', type: 'quantitative', title: 'step' },
      y: { field: 'loss', type: 'quantitative', title: 'loss (nats / trained token)', scale: { type: 'log' } },
      color: { field: 'split', type: 'nominal', title: null },
    },
  };
  writeFileSync(file, await renderSvg(spec, { warnings: false }));
}
