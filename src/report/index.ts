import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { reportHtml } from './html.js';
import { svgToPng } from './png.js';
import { renderSvg } from './render.js';
import { loadRuns, type ReportRun } from './runs.js';
import { accuracyPoints, accuracySpec, gainSpec } from './specs.js';

export interface ReportOptions {
  out: string;
  png?: string;
}

export interface ReportResult {
  runs: ReportRun[];
  series: number;
  points: number;
  gains: boolean;
}

/** Read the runs, render the figures, write the HTML report (and the main figure as PNG if asked). */
export async function writeReport(dirs: string[], options: ReportOptions): Promise<ReportResult> {
  const runs = loadRuns(dirs);
  const accuracySvg = await renderSvg(accuracySpec(runs));
  const gain = gainSpec(runs);
  const gainSvg = gain ? await renderSvg(gain) : null;
  const points = accuracyPoints(runs);
  const series = new Set(points.map((p) => `${p.panel}\u0000${p.condition}`)).size;
  const html = reportHtml(runs, { accuracySvg, gainSvg, series, points: points.length }, new Date());
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, html);
  if (options.png) {
    mkdirSync(dirname(options.png), { recursive: true });
    writeFileSync(options.png, svgToPng(accuracySvg));
  }
  return { runs, series, points: points.length, gains: gainSvg !== null };
}
