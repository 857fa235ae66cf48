import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { RUN_DB, RunStore } from '../../src/store/run-store.js';
import { readMeta, STORE_SCHEMA_VERSION, upgradeSchema, writeMeta } from '../../src/store/schema.js';
import { tempDir } from './fixtures.js';

function tables(db: Database.Database): string[] {
  return (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{
      name: string;
    }>
  ).map((r) => r.name);
}

describe('run store schema', () => {
  it('creates every table in a new file and records the schema version', () => {
    const file = join(tempDir(), RUN_DB);
    const db = new Database(file);
    upgradeSchema(db, file);
    expect(tables(db)).toEqual(['calls', 'episodes', 'meta', 'responses', 'tasks', 'turns']);
    expect(readMeta(db, 'storeSchemaVersion')).toBe(String(STORE_SCHEMA_VERSION));
    db.close();
  });

  it('upgrading a current file again changes nothing', () => {
    const file = join(tempDir(), RUN_DB);
    const db = new Database(file);
    upgradeSchema(db, file);
    db.prepare("INSERT INTO tasks (ord, id, domain, json) VALUES (0, 'a', 'math', '{}')").run();
    upgradeSchema(db, file);
    expect(db.prepare('SELECT id FROM tasks').all()).toEqual([{ id: 'a' }]);
    expect(readMeta(db, 'storeSchemaVersion')).toBe(String(STORE_SCHEMA_VERSION));
    db.close();
  });

  it('refuses a file written by a newer didactic, naming the file, and leaves it as it was', () => {
    const dir = tempDir();
    RunStore.open(dir, { create: true }).close();
    const file = join(dir, RUN_DB);
    const db = new Database(file);
    writeMeta(db, 'storeSchemaVersion', '3');
    db.close();
    expect(() => RunStore.open(dir, { create: false })).toThrow(UsageError);
    expect(() => RunStore.open(dir, { create: false })).toThrow(
      `${file} was written by a newer didactic (store schema 3); upgrade didactic to read it`,
    );
    const after = new Database(file, { readonly: true });
    expect(readMeta(after, 'storeSchemaVersion')).toBe('3');
    after.close();
  });

  it('meta keeps one value a key', () => {
    const file = join(tempDir(), RUN_DB);
    const db = new Database(file);
    upgradeSchema(db, file);
    expect(readMeta(db, 'k')).toBeNull();
    writeMeta(db, 'k', 'one');
    writeMeta(db, 'k', 'two');
    expect(readMeta(db, 'k')).toBe('two');
    db.close();
  });
});
