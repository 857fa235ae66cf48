import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Summary } from '../../src/results/summary.js';
import { artifactPath, launchBrowser, type TestBrowser } from '../helpers/browser.js';
import { runCli } from '../helpers/cli.js';
import { makeRun } from '../helpers/runs.js';

let tmp: string;
let browser: TestBrowser;
const runA = (): string => join(tmp, 'math-a');
const runB = (): string => join(tmp, 'math-b');

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'didactic-report-'));
  await makeRun(runA());
  await makeRun(runB(), ['--seed', '7', '--teacher', 'scripted,none', '--turns', '3']);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const summaryOf = (dir: string): Summary => JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as Summary;

describe('didactic report', () => {
  it('writes a self-contained report whose charts render in Chromium with every series and point', async () => {
    const out = join(tmp, 'report.html');
    const png = join(tmp, 'figure.png');
    const result = await runCli(['report', runA(), runB(), '--out', out, '--png', png]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`written to ${out}`);

    const a = summaryOf(runA());
    const b = summaryOf(runB());
    const series = a.results.length + b.results.length;
    const points = a.results.length * a.turns + b.results.length * b.turns;
    expect(series).toBe(5);

    // The main figure as PNG: a real image of a sensible size.
    const image = readFileSync(png);
    expect(image.subarray(1, 4).toString()).toBe('PNG');
    expect(image.readUInt32BE(16)).toBeGreaterThan(600);

    const page = await browser.context.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(out).href);
    // Counted through locators (no DOM types in the test build): Vega's SVG names each mark group by role.
    const figure = page.locator('#figure-accuracy');
    const box = await figure.locator('svg').boundingBox();
    const counts = {
      width: box?.width ?? 0,
      height: box?.height ?? 0,
      lines: await figure.locator('g.mark-line.role-mark path').count(),
      bands: await figure.locator('g.mark-area.role-mark path').count(),
      points: await figure.locator('g.mark-symbol.role-mark path').count(),
      panels: await figure.locator('g.role-title-text text').allTextContents(),
      gainPoints: await page.locator('#figure-gain g.mark-symbol.role-mark path').count(),
      legend: await figure.locator('g.role-legend-label text').allTextContents(),
      axisLabels: await figure.locator('g.role-axis-label text').allTextContents(),
    };
    expect(counts.width).toBeGreaterThan(300);
    expect(counts.height).toBeGreaterThan(150);
    expect(counts.lines).toBe(series);
    expect(counts.bands).toBe(series);
    expect(counts.points).toBe(points);
    expect(counts.panels).toEqual(expect.arrayContaining(['math-a · math', 'math-b · math']));
    // One gain per feedback condition that has the `none` control: scripted and unary in A, scripted in B.
    expect(counts.gainPoints).toBe(3);
    expect(counts.legend).toEqual(['scripted', 'unary', 'none (pass@k, no feedback)']);
    // Every turn gets its tick, the middle ones too (Vega thins explicit ticks to tickCount if one is set).
    console.log('AXIS', JSON.stringify(counts.axisLabels));
    for (const k of ['1', '2', '3']) expect(counts.axisLabels).toContain(k);
    // Opens offline: the file itself is the only thing loaded.
    expect(requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:'))).toEqual([]);

    // The tables carry the summary's numbers.
    const scripted = a.results.find((r) => r.condition === 'scripted');
    const accTable = await page.locator('table.acc').first().innerText();
    for (const acc of scripted?.cumulativeAccuracy ?? []) expect(accTable).toContain(`${(acc * 100).toFixed(1)}%`);
    const text = await page.locator('body').innerText();
    expect(text).toContain('module:test/fixtures/noisy-student.js');
    expect(text).toContain('repeat rate');
    expect(text).toContain('student in');
    await page.screenshot({ path: artifactPath('report.png'), fullPage: true });

    // Three turns is the case where an integer axis format used to thin the ticks to 1 and 3.
    const three = join(tmp, 'three-turns.html');
    expect((await runCli(['report', runB(), '--out', three])).status).toBe(0);
    await page.goto(pathToFileURL(three).href);
    const turnLabels = await page.locator('#figure-accuracy g.role-axis-label text').allTextContents();
    expect(turnLabels.filter((t) => !t.endsWith('%'))).toEqual(['1', '2', '3']);
    await page.close();
  });

  it('says there is no gain to show when a run has no pass@k control', async () => {
    const run = join(tmp, 'scripted-only');
    await makeRun(run, ['--teacher', 'scripted', '--turns', '2']);
    const out = join(tmp, 'scripted-only.html');
    expect((await runCli(['report', run, '--out', out])).status).toBe(0);
    const page = await browser.context.newPage();
    await page.goto(pathToFileURL(out).href);
    expect(await page.locator('#figure-accuracy g.mark-line.role-mark path').count()).toBe(1);
    expect(await page.locator('#figure-accuracy g.mark-symbol.role-mark path').count()).toBe(2);
    expect(await page.locator('#figure-gain').count()).toBe(0);
    expect(await page.locator('#gain').innerText()).toContain('there is no gain to show');
    await page.close();
  });

  it('fails with a clear message for a directory that holds no run', async () => {
    const result = await runCli(['report', join(tmp, 'missing'), '--out', join(tmp, 'x.html')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('no run found in');
    expect(existsSync(join(tmp, 'x.html'))).toBe(false);
  });
});
