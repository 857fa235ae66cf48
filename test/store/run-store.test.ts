import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { RUN_DB, RunStore } from '../../src/store/run-store.js';
import { CONFIG, student, task, tempDir } from './fixtures.js';

describe('RunStore', () => {
  it('opens only an existing run unless asked to create one', () => {
    const dir = join(tempDir(), 'nested', 'run');
    expect(RunStore.exists(dir)).toBe(false);
    expect(() => RunStore.open(dir, { create: false })).toThrow(UsageError);
    expect(() => RunStore.open(dir, { create: false })).toThrow(`no run found in ${dir} (expected ${join(dir, RUN_DB)})`);
    expect(existsSync(dir)).toBe(false);
    const store = RunStore.open(dir, { create: true });
    expect(store.dir).toBe(dir);
    store.close();
    expect(RunStore.exists(dir)).toBe(true);
  });

  it('writes the file in WAL mode, so turns commit while readers read', () => {
    const dir = tempDir();
    RunStore.open(dir, { create: true }).close();
    const db = new Database(join(dir, RUN_DB), { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('each verb reaches its part: written episodes and calls read back through the same store', () => {
    const dir = tempDir();
    const store = RunStore.open(dir, { create: true });
    store.initialize(CONFIG, [task('a')]);
    const id = store.startEpisode(task('a'), 'scripted');
    store.addTurn(id, 0, student(1, '4', true));
    store.recordCall({
      episodeId: id,
      turnIndex: 0,
      role: 'student',
      model: 'm',
      try: 0,
      status: 'ok',
      latencyMs: 1,
      inputTokens: 10,
      outputTokens: 3,
      costUsd: null,
    });
    store.cacheResponse('key', 'm', { text: 'answer 4', inputTokens: 10, outputTokens: 3 });
    expect(store.finishedKeys()).toEqual(new Set());
    store.finishEpisode(id, { taskId: 'a', domain: 'math', condition: 'scripted', status: 'done', solvedAt: 1, attempts: 1, turns: [] });
    store.close();

    const reopened = RunStore.open(dir, { create: false });
    expect(reopened.config()).toEqual(CONFIG);
    expect(reopened.tasks()).toEqual([task('a')]);
    expect(reopened.task('math', 'a')).toEqual(task('a'));
    expect(reopened.meta('createdAt')).not.toBeNull();
    expect(reopened.finishedKeys()).toEqual(new Set(['math/scripted/a']));
    expect(reopened.episode(id)).toMatchObject({ status: 'done', solvedAt: 1, turns: [{ index: 0, turn: student(1, '4', true) }] });
    expect(reopened.episodes()).toEqual([reopened.episode(id)]);
    expect(reopened.findEpisodes({ outcome: 'solved', offset: 0, limit: 10 }).total).toBe(1);
    expect(reopened.episodeFacets().total).toBe(1);
    expect(reopened.calls({ episodeId: id })).toHaveLength(1);
    expect(reopened.usageByRole().student).toMatchObject({ calls: 1, inputTokens: 10, unpricedCalls: 1 });
    expect(reopened.cachedResponse('key')?.text).toBe('answer 4');
    expect(reopened.resetUnfinished()).toBe(0);
    reopened.close();
  });

  it('a transaction commits once, or not at all when it throws', () => {
    const store = RunStore.open(tempDir(), { create: true });
    expect(() =>
      store.transaction(() => {
        store.startEpisode(task('a'), 'scripted');
        throw new Error('stop');
      }),
    ).toThrow('stop');
    expect(store.episodes()).toEqual([]);
    expect(store.transaction(() => store.startEpisode(task('a'), 'scripted'))).toBeGreaterThan(0);
    expect(store.episodes()).toHaveLength(1);
    store.close();
  });
});
