import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, launchBrowser, type TestBrowser } from '../helpers/browser.js';
import { makeRun, startViewerProcess } from '../helpers/runs.js';
import { GENERATED_CONDITIONS, generatedSolvedAt, writeGeneratedRun } from '../../bench/fixtures/generated-run.js';

let tmp: string;
let browser: TestBrowser;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'didactic-viewer-'));
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  rmSync(tmp, { recursive: true, force: true });
});

async function total(page: Page): Promise<number> {
  return Number(await page.locator('#total').getAttribute('data-total'));
}

/** Wait until the listing reports `expected` matches (the list reloads asynchronously after a filter). */
async function waitForTotal(page: Page, expected: number): Promise<void> {
  await page.waitForSelector(`#total[data-total="${expected}"]`);
}

describe('didactic view on a run made by eval', () => {
  it('lists, filters, searches and opens a dialogue with hidden data and attempt diffs', async () => {
    const run = join(tmp, 'small');
    await makeRun(run);
    const db = new Database(join(run, 'run.sqlite'), { readonly: true });
    const count = (sql: string, ...params: unknown[]): number => (db.prepare(sql).get(...params) as { n: number }).n;
    const all = count('SELECT COUNT(*) AS n FROM episodes');
    const unary = count("SELECT COUNT(*) AS n FROM episodes WHERE condition = 'unary'");
    const unsolvedScripted = count("SELECT COUNT(*) AS n FROM episodes WHERE condition = 'scripted' AND solved_at IS NULL");
    // An episode with several attempts under a teacher, to check the dialogue, the hidden panel and the diffs.
    const target = db
      .prepare(
        "SELECT e.id, e.attempts, e.task_id, t.json FROM episodes e JOIN tasks t ON t.id = e.task_id WHERE e.condition = 'scripted' AND e.attempts >= 3 ORDER BY e.id LIMIT 1",
      )
      .get() as { id: number; attempts: number; task_id: string; json: string };
    const solvedAt2 = count('SELECT COUNT(*) AS n FROM episodes WHERE solved_at = 2');
    // Prompts and turns of math tasks never spell a task id, so the search matches by task id only.
    const sameTaskId = count("SELECT COUNT(*) AS n FROM episodes WHERE task_id LIKE '%' || ? || '%'", target.task_id);
    db.close();
    const task = JSON.parse(target.json) as { prompt: string; privileged: { answer: string } };

    const viewer = await startViewerProcess(run);
    try {
      expect(viewer.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const page = await browser.context.newPage();
      await page.goto(viewer.url);
      await waitForTotal(page, all);
      expect(await page.locator('#episode-list tbody tr').count()).toBe(Math.min(50, all));

      await page.selectOption('#f-condition', 'unary');
      await waitForTotal(page, unary);
      const conditions = await page.locator('#episode-list tbody tr td:nth-child(4)').allInnerTexts();
      expect(conditions.length).toBe(unary);
      expect(new Set(conditions)).toEqual(new Set(['unary']));

      await page.selectOption('#f-condition', 'scripted');
      await page.selectOption('#f-outcome', 'unsolved');
      await waitForTotal(page, unsolvedScripted);

      await page.selectOption('#f-condition', '');
      await page.selectOption('#f-outcome', '');
      await page.selectOption('#f-solved', '2');
      await waitForTotal(page, solvedAt2);
      expect(new Set(await page.locator('#episode-list tbody tr td:nth-child(5)').allInnerTexts())).toEqual(new Set(['solved @2']));

      // Text search reaches the task id.
      await page.selectOption('#f-solved', '');
      await page.fill('#f-q', target.task_id);
      await waitForTotal(page, sameTaskId);
      expect(sameTaskId).toBeGreaterThanOrEqual(3);
      await page.locator(`#episode-list tbody tr[data-id="${target.id}"]`).click();
      await page.waitForSelector(`#detail[data-episode="${target.id}"] .turn.student`);
      expect(await page.locator('#detail .turn.student').count()).toBe(target.attempts);
      expect(await page.locator('#detail .turn.teacher').count()).toBeGreaterThanOrEqual(target.attempts - 1);
      expect(await page.locator('#detail details.diff').count()).toBe(target.attempts - 1);
      expect(await page.locator('#detail .prompt-panel').innerText()).toContain(task.prompt);
      const hidden = await page.locator('#detail .hidden-panel').innerText();
      expect(hidden.toLowerCase()).toContain('hidden from the student');
      expect(hidden).toContain(task.privileged.answer);
      await page.screenshot({ path: artifactPath('viewer-episode.png') });

      // The JSON API refuses bad input with the field named.
      const bad = await page.request.get(`${viewer.url}api/episodes?limit=abc`);
      expect(bad.status()).toBe(400);
      expect(((await bad.json()) as { error: string }).error).toContain('"limit"');
      // LIKE wildcards in a search are taken literally: no text of this run contains a percent sign.
      const percent = await page.request.get(`${viewer.url}api/episodes?q=${encodeURIComponent('%')}`);
      expect(((await percent.json()) as { total: number }).total).toBe(0);
      const missing = await page.request.get(`${viewer.url}api/episodes/999999`);
      expect(missing.status()).toBe(404);
      await page.close();
    } finally {
      await viewer.stop();
    }
  });
});

describe('didactic view on a run of 10,000 episodes', () => {
  it('serves the first page, filters and pages on the server, and opens an episode', async () => {
    const run = join(tmp, 'large');
    const n = 10_000;
    writeGeneratedRun(run, n);
    const indices = Array.from({ length: n }, (_, i) => i);
    const expectedUnarySolved2 = indices.filter(
      (i) => GENERATED_CONDITIONS[i % GENERATED_CONDITIONS.length] === 'unary' && generatedSolvedAt(i) === 2,
    ).length;
    expect(expectedUnarySolved2).toBeGreaterThan(0);

    const viewer = await startViewerProcess(run);
    try {
      const page = await browser.context.newPage();
      await page.goto(viewer.url);
      await waitForTotal(page, n);
      expect(await page.locator('#episode-list tbody tr').count()).toBe(50);
      expect(await page.locator('#total').innerText()).toBe('1–50 of 10,000 episodes');

      await page.click('#next');
      await page.waitForSelector('#episode-list tbody tr[data-id="51"]');
      expect(await page.locator('#total').innerText()).toBe('51–100 of 10,000 episodes');

      await page.selectOption('#f-condition', 'unary');
      await page.selectOption('#f-solved', '2');
      await waitForTotal(page, expectedUnarySolved2);
      expect(await total(page)).toBe(expectedUnarySolved2);

      // Search inside turn texts: one student attempt names episode 7777.
      await page.selectOption('#f-condition', '');
      await page.selectOption('#f-solved', '');
      await page.fill('#f-q', 'of episode 7777.');
      await waitForTotal(page, 1);
      await page.locator('#episode-list tbody tr').first().click();
      await page.waitForSelector('#detail[data-episode="7778"] .turn.student');
      expect(await page.locator('#detail .turn.student').first().innerText()).toContain('of episode 7777.');
      await page.screenshot({ path: artifactPath('viewer-10k.png') });
      await page.close();
    } finally {
      await viewer.stop();
    }
  });
});
