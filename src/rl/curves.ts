import { writeFileSync } from 'node:fs';
import type { TopLevelSpec } from 'vega-lite';
import { renderSvg } from '../report/render.js';
import type { StepMetrics } from './metrics.js';

// The RL curves in one SVG: reward, accuracy@k of the rollouts per turn, response length and
// KL to the starting policy, each against the step (Vega-Lite, rendered by the report's
// renderer like the SFT loss curve).

interface Point {
  step: number;
  value: number;
  series: string;
}

export async function writeRlCurves(file: string, history: readonly StepMetrics[], title: string): Promise<void> {
  const panel = (
    name: string,
    yTitle: string,
    points: Point[],
  ): NonNullable<Extract<TopLevelSpec, { vconcat: unknown }>['vconcat']>[number] => ({
    title: name,
    width: 260,
    height: 160,
    data: { values: points },
    mark: { type: 'line', point: points.length < 30 },
    encoding: {
      x: { field: 'step', type: 'quantitative', title: 'step' },
      y: { field: 'value', type: 'quantitative', title: yTitle },
      color: { field: 'series', type: 'nominal', title: null },
    },
  });
  const reward = history.map((h) => ({ step: h.step, value: h.reward, series: 'mean reward' }));
  const acc = history.flatMap((h) => h.accAt.map((a, k) => ({ step: h.step, value: a, series: `acc@${k + 1}` })));
  const length = history.map((h) => ({ step: h.step, value: h.responseTokens, series: 'tokens / attempt' }));
  const kl = history.map((h) => ({ step: h.step, value: h.kl, series: 'KL (k3)' }));
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    background: 'white',
    vconcat: [
      { hconcat: [panel('reward', 'reward', reward), panel('accuracy@k of the rollouts', 'accuracy', acc)] },
      { hconcat: [panel('response length', 'tokens', length), panel('KL to the starting policy', 'nats / token', kl)] },
    ],
    resolve: { scale: { color: 'independent' } },
  };
  writeFileSync(file, await renderSvg(spec, { warnings: false }));
}
