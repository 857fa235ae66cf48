import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { RunStore } from '../../src/store/run-store.js';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('upgrades a version-1 run file in place: adds the call log and response cache, keeps the rest', () => {
  dir = mkdtempSync(join(tmpdir(), 'didactic-upgrade-'));
  RunStore.open(dir, { create: true }).close();
  // Make it look like a file written before the call log existed.
  const db = new Database(join(dir, 'run.sqlite'));
  db.exec(
    "DROP TABLE calls; DROP TABLE responses; UPDATE meta SET value = '1' WHERE key = 'storeSchemaVersion'; INSERT INTO meta VALUES ('marker', 'kept')",
  );
  db.close();
  const store = RunStore.open(dir, { create: false });
  expect(store.meta('storeSchemaVersion')).toBe('2');
  expect(store.meta('marker')).toBe('kept');
  store.cacheResponse('k', 'm', { text: 'hi', inputTokens: 1, outputTokens: 2 });
  expect(store.cachedResponse('k')).toEqual({ text: 'hi', inputTokens: 1, outputTokens: 2 });
  store.recordCall({
    episodeId: null,
    turnIndex: null,
    role: 'student',
    model: 'm',
    try: 0,
    status: 'ok',
    latencyMs: 1,
    inputTokens: 1,
    outputTokens: 2,
    costUsd: null,
  });
  expect(store.usageByRole().student).toMatchObject({ calls: 1, inputTokens: 1, outputTokens: 2, estimatedCostUsd: null });
  store.close();
});
