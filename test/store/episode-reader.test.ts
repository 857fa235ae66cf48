import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { EpisodeReader, episodeKey } from '../../src/store/episode-reader.js';
import { EpisodeWriter } from '../../src/store/episode-writer.js';
import { CONFIG, student, task, teacher, tempRunDatabase } from './fixtures.js';

const TASKS = [task('b'), task('a'), task('a', 'maze')];

/** Three episodes of math and one of maze, finished in different ways; returns their ids by name. */
function writeRun(db: Database.Database) {
  const writer = new EpisodeWriter(db);
  writer.initialize(CONFIG, TASKS);
  const [b, a, mazeA] = TASKS as [(typeof TASKS)[0], (typeof TASKS)[0], (typeof TASKS)[0]];
  const ids = {
    mazeA: writer.startEpisode(mazeA, 'scripted'),
    aScripted: writer.startEpisode(a, 'scripted'),
    bScripted: writer.startEpisode(b, 'scripted'),
    aNone: writer.startEpisode(a, 'none'),
  };
  writer.addTurn(ids.aScripted, 0, student(1, '5'));
  writer.addTurn(ids.aScripted, 1, teacher(1));
  writer.addTurn(ids.aScripted, 2, student(2, '4', true));
  writer.finishEpisode(ids.aScripted, {
    taskId: 'a',
    domain: 'math',
    condition: 'scripted',
    status: 'done',
    solvedAt: 2,
    attempts: 2,
    turns: [],
  });
  writer.addTurn(ids.bScripted, 0, student(1, null));
  writer.finishEpisode(ids.bScripted, {
    taskId: 'b',
    domain: 'math',
    condition: 'scripted',
    status: 'errored',
    solvedAt: null,
    attempts: 1,
    turns: [],
    error: 'boom',
  });
  writer.addTurn(ids.aNone, 0, student(1, '4', true));
  writer.finishEpisode(ids.aNone, { taskId: 'a', domain: 'math', condition: 'none', status: 'done', solvedAt: 1, attempts: 1, turns: [] });
  writer.addTurn(ids.mazeA, 0, student(1, 'RRD'));
  return ids;
}

describe('EpisodeReader', () => {
  it('reads the configuration (null before the run is initialized), the tasks in order, and one task', () => {
    const db = tempRunDatabase();
    const reader = new EpisodeReader(db);
    expect(reader.config()).toBeNull();
    expect(reader.tasks()).toEqual([]);
    writeRun(db);
    expect(reader.config()).toEqual(CONFIG);
    expect(reader.tasks()).toEqual(TASKS);
    expect(reader.task('maze', 'a')).toEqual(task('a', 'maze'));
    expect(reader.task('maze', 'b')).toBeNull();
    db.close();
  });

  it('finishedKeys names only the episodes done', () => {
    const db = tempRunDatabase();
    writeRun(db);
    expect(new EpisodeReader(db).finishedKeys()).toEqual(new Set([episodeKey('math', 'scripted', 'a'), episodeKey('math', 'none', 'a')]));
    expect(episodeKey('math', 'none', 'a')).toBe('math/none/a');
    db.close();
  });

  it('episodes come by domain, condition and task order, each with its turns in order', () => {
    const db = tempRunDatabase();
    const ids = writeRun(db);
    const episodes = new EpisodeReader(db).episodes();
    expect(episodes.map((e) => [e.domain, e.condition, e.taskId])).toEqual([
      ['math', 'none', 'a'],
      ['math', 'scripted', 'b'],
      ['math', 'scripted', 'a'],
      ['maze', 'scripted', 'a'],
    ]);
    expect(episodes[2]).toEqual({
      id: ids.aScripted,
      taskId: 'a',
      domain: 'math',
      condition: 'scripted',
      status: 'done',
      solvedAt: 2,
      attempts: 2,
      error: null,
      turns: [
        { index: 0, turn: student(1, '5') },
        { index: 1, turn: teacher(1) },
        { index: 2, turn: student(2, '4', true) },
      ],
    });
    expect(episodes[1]).toMatchObject({ status: 'errored', error: 'boom', turns: [{ index: 0, turn: student(1, null) }] });
    expect(episodes[3]).toMatchObject({ status: 'running', solvedAt: null, attempts: 0 });
    db.close();
  });

  it('filters episodes by id and by status', () => {
    const db = tempRunDatabase();
    const ids = writeRun(db);
    const reader = new EpisodeReader(db);
    expect(reader.episodes({ status: 'done' }).map((e) => e.id)).toEqual([ids.aNone, ids.aScripted]);
    expect(reader.episodes({ status: 'errored' }).map((e) => [e.id, e.turns.length])).toEqual([[ids.bScripted, 1]]);
    expect(reader.episodes({ id: ids.aScripted })).toEqual([reader.episode(ids.aScripted)]);
    expect(reader.episodes({ id: ids.aScripted, status: 'running' })).toEqual([]);
    expect(reader.episodes({ id: 9999 })).toEqual([]);
    db.close();
  });

  it('episode(id) is the same episode as in the full listing; null when there is none', () => {
    const db = tempRunDatabase();
    const ids = writeRun(db);
    const reader = new EpisodeReader(db);
    for (const id of Object.values(ids)) expect(reader.episode(id)).toEqual(reader.episodes().find((e) => e.id === id));
    expect(reader.episode(9999)).toBeNull();
    db.close();
  });

  it('reading one episode does not read the turns of the others', () => {
    const db = tempRunDatabase();
    const ids = writeRun(db);
    // A turn that cannot be parsed, in another episode: reading it would throw.
    const other = new EpisodeWriter(db).startEpisode(task('b', 'maze'), 'scripted');
    db.prepare(
      "INSERT INTO turns (episode_id, idx, role, attempt, text, input_tokens, output_tokens, latency_ms, json, created_at) VALUES (?, 0, 'student', 1, '', 0, 0, 0, 'not json', 'now')",
    ).run(other);
    const reader = new EpisodeReader(db);
    expect(() => reader.episodes()).toThrow(SyntaxError);
    expect(reader.episode(ids.aScripted)?.turns).toHaveLength(3);
    expect(reader.episodes({ id: ids.aScripted })[0]?.turns).toHaveLength(3);
    expect(reader.episodes({ status: 'errored' })[0]?.turns).toHaveLength(1);
    db.close();
  });

  it('reading one episode looks its turns up by key instead of scanning the turns table', () => {
    const statements: string[] = [];
    const db = tempRunDatabase({ verbose: (sql) => statements.push(String(sql)) });
    const ids = writeRun(db);
    const reader = new EpisodeReader(db);
    for (const read of [() => reader.episode(ids.aScripted), () => reader.episodes({ id: ids.aScripted })]) {
      statements.length = 0;
      read();
      const turnReads = statements.filter((sql) => /\bturns\b/.test(sql));
      expect(turnReads).toHaveLength(1);
      const plan = turnReads.flatMap((sql) =>
        (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as Array<{ detail: string }>).map((r) => r.detail),
      );
      expect(plan.some((step) => /^SEARCH (turns|t) USING .*\(episode_id=\?\)/.test(step))).toBe(true);
      expect(plan.filter((step) => /^SCAN (turns|t)\b/.test(step))).toEqual([]);
    }
    db.close();
  });
});
