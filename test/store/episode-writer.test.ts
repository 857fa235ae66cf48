import { describe, expect, it } from 'vitest';
import { EpisodeWriter } from '../../src/store/episode-writer.js';
import { readMeta } from '../../src/store/schema.js';
import { CONFIG, student, task, teacher, tempRunDatabase } from './fixtures.js';

describe('EpisodeWriter', () => {
  it('records the configuration, the creation time and the tasks in their order', () => {
    const db = tempRunDatabase();
    new EpisodeWriter(db).initialize(CONFIG, [task('b'), task('a'), task('a', 'maze')]);
    expect(JSON.parse(readMeta(db, 'config') ?? 'null')).toEqual(CONFIG);
    expect(Number.isNaN(Date.parse(readMeta(db, 'createdAt') ?? ''))).toBe(false);
    expect(db.prepare('SELECT ord, id, domain, json FROM tasks ORDER BY ord').all()).toEqual([
      { ord: 0, id: 'b', domain: 'math', json: JSON.stringify(task('b')) },
      { ord: 1, id: 'a', domain: 'math', json: JSON.stringify(task('a')) },
      { ord: 2, id: 'a', domain: 'maze', json: JSON.stringify(task('a', 'maze')) },
    ]);
    db.close();
  });

  it('initializes in one transaction: a failing task leaves neither configuration nor tasks', () => {
    const db = tempRunDatabase();
    // The same (domain, id) twice breaks the UNIQUE constraint on the second row.
    expect(() => new EpisodeWriter(db).initialize(CONFIG, [task('a'), task('a')])).toThrow(/UNIQUE/);
    expect(readMeta(db, 'config')).toBeNull();
    expect(db.prepare('SELECT COUNT(*) AS n FROM tasks').get()).toEqual({ n: 0 });
    db.close();
  });

  it('writes an episode as it runs: started running, one row a turn, finished with its result', () => {
    const db = tempRunDatabase();
    const writer = new EpisodeWriter(db);
    const first = writer.startEpisode(task('a'), 'scripted');
    const second = writer.startEpisode(task('a'), 'none');
    expect(second).toBeGreaterThan(first);
    expect(db.prepare('SELECT status, solved_at, attempts, finished_at FROM episodes WHERE id = ?').get(first)).toEqual({
      status: 'running',
      solved_at: null,
      attempts: 0,
      finished_at: null,
    });

    const wrong = student(1, '5');
    const feedback = teacher(1, { blocked: ['the answer is 4', 'it is four'], fallback: true });
    const right = student(2, '4', true);
    writer.addTurn(first, 0, wrong);
    writer.addTurn(first, 1, feedback);
    writer.addTurn(first, 2, right);
    const turns = db
      .prepare(
        'SELECT idx, role, attempt, text, extracted, correct, input_tokens, output_tokens, latency_ms, blocked, json FROM turns WHERE episode_id = ? ORDER BY idx',
      )
      .all(first);
    expect(turns).toEqual([
      {
        idx: 0,
        role: 'student',
        attempt: 1,
        text: wrong.text,
        extracted: '5',
        correct: 0,
        input_tokens: 10,
        output_tokens: 3,
        latency_ms: 2,
        blocked: 0,
        json: JSON.stringify(wrong),
      },
      {
        idx: 1,
        role: 'teacher',
        attempt: 1,
        text: feedback.text,
        extracted: null,
        correct: null,
        input_tokens: 5,
        output_tokens: 1,
        latency_ms: 1,
        blocked: 2,
        json: JSON.stringify(feedback),
      },
      {
        idx: 2,
        role: 'student',
        attempt: 2,
        text: right.text,
        extracted: '4',
        correct: 1,
        input_tokens: 10,
        output_tokens: 3,
        latency_ms: 2,
        blocked: 0,
        json: JSON.stringify(right),
      },
    ]);
    // A turn index is written once.
    expect(() => writer.addTurn(first, 2, right)).toThrow(/UNIQUE|PRIMARY KEY/);

    writer.finishEpisode(first, {
      taskId: 'a',
      domain: 'math',
      condition: 'scripted',
      status: 'done',
      solvedAt: 2,
      attempts: 2,
      turns: [],
    });
    writer.finishEpisode(second, {
      taskId: 'a',
      domain: 'math',
      condition: 'none',
      status: 'errored',
      solvedAt: null,
      attempts: 1,
      turns: [],
      error: 'provider down',
    });
    const finished = db.prepare('SELECT id, status, solved_at, attempts, error, finished_at FROM episodes ORDER BY id').all() as Array<{
      finished_at: string | null;
    }>;
    expect(finished.map(({ finished_at, ...rest }) => rest)).toEqual([
      { id: first, status: 'done', solved_at: 2, attempts: 2, error: null },
      { id: second, status: 'errored', solved_at: null, attempts: 1, error: 'provider down' },
    ]);
    expect(finished.every((r) => r.finished_at !== null)).toBe(true);
    db.close();
  });

  it('an episode is started once per task and condition', () => {
    const db = tempRunDatabase();
    const writer = new EpisodeWriter(db);
    writer.startEpisode(task('a'), 'scripted');
    expect(() => writer.startEpisode(task('a'), 'scripted')).toThrow(/UNIQUE/);
    db.close();
  });

  it('resetUnfinished deletes running and errored episodes with their turns, keeps done ones and the call log', () => {
    const db = tempRunDatabase();
    const writer = new EpisodeWriter(db);
    const done = writer.startEpisode(task('a'), 'scripted');
    const errored = writer.startEpisode(task('b'), 'scripted');
    const running = writer.startEpisode(task('c'), 'scripted');
    for (const id of [done, errored, running]) writer.addTurn(id, 0, student(1, '5'));
    writer.finishEpisode(done, {
      taskId: 'a',
      domain: 'math',
      condition: 'scripted',
      status: 'done',
      solvedAt: null,
      attempts: 1,
      turns: [],
    });
    writer.finishEpisode(errored, {
      taskId: 'b',
      domain: 'math',
      condition: 'scripted',
      status: 'errored',
      solvedAt: null,
      attempts: 1,
      turns: [],
    });
    db.prepare(
      "INSERT INTO calls (episode_id, turn_idx, role, model, try, status, latency_ms, created_at) VALUES (?, 0, 'student', 'm', 0, 'error', 1, 'now')",
    ).run(errored);

    expect(writer.resetUnfinished()).toBe(2);
    expect(db.prepare('SELECT id FROM episodes').all()).toEqual([{ id: done }]);
    expect(db.prepare('SELECT episode_id FROM turns').all()).toEqual([{ episode_id: done }]);
    expect(db.prepare('SELECT episode_id FROM calls').all()).toEqual([{ episode_id: errored }]);
    expect(writer.resetUnfinished()).toBe(0);
    // The rerun gets a fresh id, so the logged calls never point at the new episode.
    expect(writer.startEpisode(task('b'), 'scripted')).toBeGreaterThan(running);
    db.close();
  });
});
