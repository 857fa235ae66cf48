import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { UsageError } from '../core/errors.js';
import type { EpisodeResult, Task, Turn } from '../core/types.js';
import { type EpisodeFacets, type EpisodeListItem, type EpisodeQuery, EpisodeBrowser } from './browse.js';
import { type CachedResponse, type CallRecord, CallLog, type RoleUsage } from './call-log.js';
import { EpisodeReader } from './episode-reader.js';
import { EpisodeWriter } from './episode-writer.js';
import { readMeta, upgradeSchema, writeMeta } from './schema.js';
import type { RunConfig, StoredEpisode } from './types.js';

// One run = one directory holding `run.sqlite` (plus the summaries written at the end).
// Every turn is committed the moment it completes (WAL mode), so a crash loses at most the turn
// in flight. Episodes move from 'running' to 'done' or 'errored'; on resume the 'running' ones
// (cut off by the crash) and the 'errored' ones are deleted with their turns and run again.
//
// The SQL lives in one part per verb: schema.ts (tables, upgrades), episode-writer.ts,
// episode-reader.ts, browse.ts (the viewer's listing), call-log.ts (model calls, response cache).
// This file opens the database and hands each method to its part, so callers hold one store.

export type { EpisodeFacets, EpisodeListItem, EpisodeQuery } from './browse.js';
export type { CachedResponse, CallRecord, CallStatus, RoleUsage } from './call-log.js';
export { episodeKey } from './episode-reader.js';
export type { RunConfig, StoredEpisode, StoredTurn } from './types.js';

export const RUN_DB = 'run.sqlite';

/**
 * The run file as every part expects it: WAL, foreign keys on (deleting an episode deletes its
 * turns), the schema up to date. `options` reach better-sqlite3 (tests log the statements run).
 */
export function openRunDatabase(file: string, options: Database.Options = {}): Database.Database {
  const db = new Database(file, options);
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode: a committed turn survives the process being killed (not a power cut).
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  try {
    upgradeSchema(db, file);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

export class RunStore {
  readonly dir: string;
  readonly #db: Database.Database;
  readonly #writer: EpisodeWriter;
  readonly #reader: EpisodeReader;
  readonly #browser: EpisodeBrowser;
  readonly #callLog: CallLog;

  private constructor(dir: string, db: Database.Database) {
    this.dir = dir;
    this.#db = db;
    this.#writer = new EpisodeWriter(db);
    this.#reader = new EpisodeReader(db);
    this.#browser = new EpisodeBrowser(db);
    this.#callLog = new CallLog(db);
  }

  /** Open (creating if needed) the run in `dir`. */
  static open(dir: string, options: { create: boolean }): RunStore {
    const file = join(dir, RUN_DB);
    if (!existsSync(file)) {
      if (!options.create) throw new UsageError(`no run found in ${dir} (expected ${file})`);
      mkdirSync(dir, { recursive: true });
    }
    return new RunStore(dir, openRunDatabase(file));
  }

  static exists(dir: string): boolean {
    return existsSync(join(dir, RUN_DB));
  }

  close(): void {
    this.#db.close();
  }

  /** Run `fn` in one transaction: bulk writers (imports, generated runs) commit once instead of per row. */
  transaction<T>(fn: () => T): T {
    return this.#db.transaction(fn)();
  }

  meta(key: string): string | null {
    return readMeta(this.#db, key);
  }

  setMeta(key: string, value: string): void {
    writeMeta(this.#db, key, value);
  }

  // Writing the run: episode-writer.ts.

  initialize(config: RunConfig, tasks: Task[]): void {
    this.#writer.initialize(config, tasks);
  }

  addTask(task: Task): void {
    this.#writer.addTask(task);
  }

  resetUnfinished(): number {
    return this.#writer.resetUnfinished();
  }

  startEpisode(task: Task, condition: string): number {
    return this.#writer.startEpisode(task, condition);
  }

  addTurn(episodeId: number, index: number, turn: Turn): void {
    this.#writer.addTurn(episodeId, index, turn);
  }

  finishEpisode(episodeId: number, result: EpisodeResult): void {
    this.#writer.finishEpisode(episodeId, result);
  }

  // Reading it back: episode-reader.ts.

  config(): RunConfig | null {
    return this.#reader.config();
  }

  tasks(): Task[] {
    return this.#reader.tasks();
  }

  task(domain: string, id: string): Task | null {
    return this.#reader.task(domain, id);
  }

  finishedKeys(): Set<string> {
    return this.#reader.finishedKeys();
  }

  episodes(filter: { id?: number; status?: StoredEpisode['status'] } = {}): StoredEpisode[] {
    return this.#reader.episodes(filter);
  }

  episode(id: number): StoredEpisode | null {
    return this.#reader.episode(id);
  }

  // Browsing it in the viewer: browse.ts.

  findEpisodes(query: EpisodeQuery): { total: number; episodes: EpisodeListItem[] } {
    return this.#browser.findEpisodes(query);
  }

  episodeFacets(): EpisodeFacets {
    return this.#browser.episodeFacets();
  }

  // Model calls and the response cache: call-log.ts.

  recordCall(call: CallRecord): void {
    this.#callLog.recordCall(call);
  }

  calls(filter: { episodeId?: number } = {}): CallRecord[] {
    return this.#callLog.calls(filter);
  }

  usageByRole(): Record<string, RoleUsage> {
    return this.#callLog.usageByRole();
  }

  cachedResponse(key: string): CachedResponse | null {
    return this.#callLog.cachedResponse(key);
  }

  cacheResponse(key: string, model: string, response: CachedResponse): void {
    this.#callLog.cacheResponse(key, model, response);
  }
}
