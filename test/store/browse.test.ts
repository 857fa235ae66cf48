import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { type EpisodeQuery, EpisodeBrowser } from '../../src/store/browse.js';
import { EpisodeWriter } from '../../src/store/episode-writer.js';
import { CONFIG, student, task, teacher, tempRunDatabase } from './fixtures.js';

const PAGE = { offset: 0, limit: 50 };

/**
 * Six episodes, in this id order: math/scripted t0 solved at 1, math/scripted t1 solved at 2,
 * math/none t0 unsolved, math/none t1 errored, maze/scripted m0 running, maze/scripted m1 solved at 2.
 */
function writeRun(db: Database.Database): number[] {
  const writer = new EpisodeWriter(db);
  const tasks = [
    task('t0', 'math', 'Add 50% of 10'),
    task('t1', 'math', `Long ${'x'.repeat(300)}`),
    task('m0', 'maze'),
    task('m1', 'maze'),
  ];
  writer.initialize(CONFIG, tasks);
  const [t0, t1, m0, m1] = tasks as [(typeof tasks)[0], (typeof tasks)[0], (typeof tasks)[0], (typeof tasks)[0]];
  const finish = (id: number, status: 'done' | 'errored', solvedAt: number | null) =>
    writer.finishEpisode(id, { taskId: '', domain: '', condition: '', status, solvedAt, attempts: solvedAt ?? 1, turns: [] });
  const ids = [
    writer.startEpisode(t0, 'scripted'),
    writer.startEpisode(t1, 'scripted'),
    writer.startEpisode(t0, 'none'),
    writer.startEpisode(t1, 'none'),
    writer.startEpisode(m0, 'scripted'),
    writer.startEpisode(m1, 'scripted'),
  ] as [number, number, number, number, number, number];
  finish(ids[0], 'done', 1);
  writer.addTurn(ids[1], 0, student(1, '3', false, 'I think it is 3 under_score'));
  writer.addTurn(ids[1], 1, teacher(1, { text: 'check the carry' }));
  finish(ids[1], 'done', 2);
  finish(ids[2], 'done', null);
  finish(ids[3], 'errored', null);
  finish(ids[5], 'done', 2);
  return ids;
}

function ids(browser: EpisodeBrowser, query: Partial<EpisodeQuery>): number[] {
  return browser.findEpisodes({ ...PAGE, ...query }).episodes.map((e) => e.id);
}

describe('EpisodeBrowser', () => {
  it('lists episodes by id with the start of their prompt and no turns', () => {
    const db = tempRunDatabase();
    const all = writeRun(db);
    const { total, episodes } = new EpisodeBrowser(db).findEpisodes(PAGE);
    expect(total).toBe(6);
    expect(episodes.map((e) => e.id)).toEqual(all);
    expect(episodes[1]).toEqual({
      id: all[1],
      taskId: 't1',
      domain: 'math',
      condition: 'scripted',
      status: 'done',
      solvedAt: 2,
      attempts: 2,
      prompt: `Long ${'x'.repeat(195)}`,
    });
    db.close();
  });

  it('filters by domain, condition, outcome and solving attempt, and counts what matches', () => {
    const db = tempRunDatabase();
    const [a, b, c, d, e, f] = writeRun(db);
    const browser = new EpisodeBrowser(db);
    expect(ids(browser, { domain: 'maze' })).toEqual([e, f]);
    expect(ids(browser, { condition: 'none' })).toEqual([c, d]);
    expect(ids(browser, { outcome: 'solved' })).toEqual([a, b, f]);
    expect(ids(browser, { outcome: 'unsolved' })).toEqual([c]);
    expect(ids(browser, { outcome: 'errored' })).toEqual([d]);
    expect(ids(browser, { outcome: 'running' })).toEqual([e]);
    expect(ids(browser, { solvedAt: 2 })).toEqual([b, f]);
    expect(ids(browser, { domain: 'math', condition: 'scripted', solvedAt: 2 })).toEqual([b]);
    expect(browser.findEpisodes({ ...PAGE, outcome: 'solved', domain: 'math' }).total).toBe(2);
    db.close();
  });

  it('searches the task id, the prompt and every turn, case-insensitively, with % and _ taken literally', () => {
    const db = tempRunDatabase();
    const [a, b, c, , e, f] = writeRun(db);
    const browser = new EpisodeBrowser(db);
    expect(ids(browser, { text: 'M1' })).toEqual([f]);
    // Both conditions ran the task with this prompt.
    expect(ids(browser, { text: 'add 50%' })).toEqual([a, c]);
    expect(ids(browser, { text: '0%' })).toEqual([a, c]);
    expect(ids(browser, { text: 'CARRY' })).toEqual([b]);
    expect(ids(browser, { text: 'under_score' })).toEqual([b]);
    expect(ids(browser, { text: 'under%score' })).toEqual([]);
    expect(ids(browser, { text: 'm', domain: 'maze', outcome: 'running' })).toEqual([e]);
    expect(browser.findEpisodes({ ...PAGE, text: 'nowhere' })).toEqual({ total: 0, episodes: [] });
    db.close();
  });

  it('pages with offset and limit; the total counts every match', () => {
    const db = tempRunDatabase();
    const all = writeRun(db);
    const browser = new EpisodeBrowser(db);
    expect(browser.findEpisodes({ offset: 2, limit: 3 })).toMatchObject({ total: 6 });
    expect(ids(browser, { offset: 2, limit: 3 })).toEqual(all.slice(2, 5));
    expect(ids(browser, { offset: 6, limit: 3 })).toEqual([]);
    db.close();
  });

  it('facets: how many episodes each filter value has, in first-seen order (solving attempts ascending)', () => {
    const db = tempRunDatabase();
    writeRun(db);
    expect(new EpisodeBrowser(db).episodeFacets()).toEqual({
      total: 6,
      domains: [
        { value: 'math', count: 4 },
        { value: 'maze', count: 2 },
      ],
      conditions: [
        { value: 'scripted', count: 4 },
        { value: 'none', count: 2 },
      ],
      outcomes: [
        { value: 'solved', count: 3 },
        { value: 'unsolved', count: 1 },
        { value: 'errored', count: 1 },
        { value: 'running', count: 1 },
      ],
      solvedAt: [
        { value: 1, count: 1 },
        { value: 2, count: 2 },
      ],
    });
    db.close();
  });
});
