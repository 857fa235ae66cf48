import type Database from 'better-sqlite3';
import { UsageError } from '../core/errors.js';

// The run file's tables, and bringing an older file up to date. Upgrades so far only add tables,
// which CREATE TABLE IF NOT EXISTS does; a change to an existing table would need a step here.

// 2: model call log (`calls`) and response cache (`responses`); version 1 files are upgraded in place.
export const STORE_SCHEMA_VERSION = 2;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tasks (
  ord INTEGER PRIMARY KEY,
  id TEXT NOT NULL,
  domain TEXT NOT NULL,
  json TEXT NOT NULL,
  UNIQUE (domain, id)
);
CREATE TABLE IF NOT EXISTS episodes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  task_id TEXT NOT NULL,
  domain TEXT NOT NULL,
  condition TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('running', 'done', 'errored')),
  solved_at INTEGER,
  attempts INTEGER NOT NULL DEFAULT 0,
  error TEXT,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  UNIQUE (domain, condition, task_id)
);
CREATE TABLE IF NOT EXISTS turns (
  episode_id INTEGER NOT NULL REFERENCES episodes(id) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  role TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  text TEXT NOT NULL,
  extracted TEXT,
  correct INTEGER,
  input_tokens INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  latency_ms REAL NOT NULL,
  blocked INTEGER NOT NULL DEFAULT 0,
  json TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (episode_id, idx)
);
CREATE INDEX IF NOT EXISTS episodes_by_group ON episodes (domain, condition, solved_at);
CREATE INDEX IF NOT EXISTS episodes_by_solved ON episodes (solved_at);
-- One row per model call (cache hits and failed tries included), attached to the turn it was for:
-- (episode_id, turn_idx) is the turn being produced. Kept when an errored episode is rerun, for audit.
CREATE TABLE IF NOT EXISTS calls (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  episode_id INTEGER,
  turn_idx INTEGER,
  role TEXT NOT NULL,
  model TEXT NOT NULL,
  try INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('ok', 'cached', 'error')),
  error_kind TEXT,
  http_status INTEGER,
  error TEXT,
  latency_ms REAL NOT NULL,
  input_tokens INTEGER NOT NULL DEFAULT 0,
  output_tokens INTEGER NOT NULL DEFAULT 0,
  cost_usd REAL,
  created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS calls_by_turn ON calls (episode_id, turn_idx);
-- Successful responses only, keyed on a hash of model, settings, whole message history and sample index.
CREATE TABLE IF NOT EXISTS responses (
  key TEXT PRIMARY KEY,
  model TEXT NOT NULL,
  text TEXT NOT NULL,
  input_tokens INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  created_at TEXT NOT NULL
);
`;

/**
 * Create what `db` lacks and record the schema version; `file` names it in errors. Refuses a file
 * written by a newer didactic rather than guess at tables it does not know.
 */
export function upgradeSchema(db: Database.Database, file: string): void {
  db.exec(SCHEMA);
  const version = readMeta(db, 'storeSchemaVersion');
  if (version !== null && Number(version) > STORE_SCHEMA_VERSION) {
    throw new UsageError(`${file} was written by a newer didactic (store schema ${version}); upgrade didactic to read it`);
  }
  // Older files only lack tables, which SCHEMA has just created.
  if (version === null || Number(version) < STORE_SCHEMA_VERSION) writeMeta(db, 'storeSchemaVersion', String(STORE_SCHEMA_VERSION));
}

/** A value of the run's key/value `meta` table (schema version, config, creation time), or null. */
export function readMeta(db: Database.Database, key: string): string | null {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value ?? null;
}

export function writeMeta(db: Database.Database, key: string, value: string): void {
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
}
