import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Task } from '../core/types.js';
import type { AttemptReply, EpisodeStatus, Message, PublicVerdict, StartReply } from './protocol.js';

// The environment server's SQLite file. Every reply is written here, in the transaction that
// moves the episode on, before it is sent: a replayed request is answered from this file, and a
// server killed at any moment and restarted on the same file continues where it stopped. WAL
// with synchronous=NORMAL: a committed reply survives the process being killed.

export const ENV_DB = 'env.sqlite';

export interface EpisodeRow {
  id: string;
  key: string;
  request: string;
  /** The task with its privileged data, as JSON; decoded only when this server has not met the task yet. */
  taskJson: string;
  teacher: string;
  maxAttempts: number;
  discount: number;
  status: EpisodeStatus;
  attempt: number;
  reason: string | null;
  solvedAt: number | null;
  reward: number | null;
  transcript: Message[];
  startReply: StartReply;
  activeAt: number;
}

export interface StoredReply {
  textHash: string;
  reply: AttemptReply;
  verdict: PublicVerdict;
}

interface RawEpisode {
  id: string;
  key: string;
  request: string;
  task: string;
  teacher: string;
  max_attempts: number;
  discount: number;
  status: EpisodeStatus;
  attempt: number;
  reason: string | null;
  solved_at: number | null;
  reward: number | null;
  transcript: string;
  start_reply: string;
  active_at: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS episodes (
  id TEXT PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  request TEXT NOT NULL,
  task TEXT NOT NULL,
  teacher TEXT NOT NULL,
  max_attempts INTEGER NOT NULL,
  discount REAL NOT NULL,
  status TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  reason TEXT,
  solved_at INTEGER,
  reward REAL,
  transcript TEXT NOT NULL,
  start_reply TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  active_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS episodes_open ON episodes (status, active_at);
CREATE TABLE IF NOT EXISTS replies (
  episode_id TEXT NOT NULL REFERENCES episodes (id),
  attempt INTEGER NOT NULL,
  text_hash TEXT NOT NULL,
  verdict TEXT NOT NULL,
  reply TEXT NOT NULL,
  PRIMARY KEY (episode_id, attempt)
);
`;

export class EnvStore {
  readonly #db: Database.Database;
  readonly #byId: Database.Statement;
  readonly #byKey: Database.Statement;
  readonly #insert: Database.Statement;
  readonly #reply: Database.Statement;
  readonly #replies: Database.Statement;
  readonly #insertReply: Database.Statement;
  readonly #advance: Database.Statement;
  readonly #idle: Database.Statement;
  readonly #expire: Database.Statement;
  readonly #expireAll: (ids: string[]) => number;
  readonly #countOpen: Database.Statement;
  readonly #recordTurn: (
    episodeId: string,
    attempt: number,
    textHash: string,
    verdict: PublicVerdict,
    reply: AttemptReply,
    next: Advance,
  ) => void;

  /** `dir` holds env.sqlite; without one the store lives in memory (nothing survives a restart). */
  constructor(dir?: string) {
    if (dir) mkdirSync(dir, { recursive: true });
    this.#db = new Database(dir ? join(dir, ENV_DB) : ':memory:');
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = NORMAL');
    this.#db.pragma('busy_timeout = 5000');
    this.#db.exec(SCHEMA);
    this.#byId = this.#db.prepare('SELECT * FROM episodes WHERE id = ?');
    this.#byKey = this.#db.prepare('SELECT * FROM episodes WHERE key = ?');
    this.#insert = this.#db.prepare(
      `INSERT INTO episodes (id, key, request, task, teacher, max_attempts, discount, status, attempt, transcript, start_reply, created_at, active_at)
       VALUES (@id, @key, @request, @task, @teacher, @maxAttempts, @discount, 'awaiting_attempt', 0, @transcript, @startReply, @now, @now)`,
    );
    this.#reply = this.#db.prepare('SELECT text_hash, verdict, reply FROM replies WHERE episode_id = ? AND attempt = ?');
    this.#replies = this.#db.prepare('SELECT attempt, verdict FROM replies WHERE episode_id = ? ORDER BY attempt');
    this.#insertReply = this.#db.prepare('INSERT INTO replies (episode_id, attempt, text_hash, verdict, reply) VALUES (?, ?, ?, ?, ?)');
    this.#advance = this.#db.prepare(
      `UPDATE episodes SET status = @status, attempt = @attempt, reason = @reason, solved_at = @solvedAt, reward = @reward,
         transcript = @transcript, active_at = @now WHERE id = @id`,
    );
    this.#idle = this.#db.prepare(`SELECT id FROM episodes WHERE status = 'awaiting_attempt' AND active_at < ?`).pluck();
    this.#expire = this.#db.prepare(
      `UPDATE episodes SET status = 'expired', reason = 'expired' WHERE id = ? AND status = 'awaiting_attempt'`,
    );
    this.#expireAll = this.#db.transaction((ids: string[]) => ids.reduce((n, id) => n + this.#expire.run(id).changes, 0));
    this.#countOpen = this.#db.prepare(`SELECT COUNT(*) AS n FROM episodes WHERE status = 'awaiting_attempt'`);
    this.#recordTurn = this.#db.transaction((episodeId, attempt, textHash, verdict, reply, next) => {
      this.#insertReply.run(episodeId, attempt, textHash, JSON.stringify(verdict), JSON.stringify(reply));
      this.advance(episodeId, next);
    });
  }

  close(): void {
    this.#db.close();
  }

  episode(id: string): EpisodeRow | null {
    return decode(this.#byId.get(id) as RawEpisode | undefined);
  }

  episodeByKey(key: string): EpisodeRow | null {
    return decode(this.#byKey.get(key) as RawEpisode | undefined);
  }

  createEpisode(e: {
    id: string;
    key: string;
    request: string;
    task: Task;
    teacher: string;
    maxAttempts: number;
    discount: number;
    transcript: Message[];
    startReply: StartReply;
  }): void {
    this.#insert.run({
      ...e,
      task: JSON.stringify(e.task),
      transcript: JSON.stringify(e.transcript),
      startReply: JSON.stringify(e.startReply),
      now: Date.now(),
    });
  }

  reply(episodeId: string, attempt: number): StoredReply | null {
    const row = this.#reply.get(episodeId, attempt) as { text_hash: string; verdict: string; reply: string } | undefined;
    return row ? { textHash: row.text_hash, verdict: JSON.parse(row.verdict), reply: JSON.parse(row.reply) } : null;
  }

  verdicts(episodeId: string): Array<PublicVerdict & { attempt: number }> {
    return (this.#replies.all(episodeId) as Array<{ attempt: number; verdict: string }>).map((r) => ({
      attempt: r.attempt,
      ...(JSON.parse(r.verdict) as PublicVerdict),
    }));
  }

  /** Store the reply to an attempt and the episode's new state, in one transaction. */
  recordTurn(episodeId: string, attempt: number, textHash: string, verdict: PublicVerdict, reply: AttemptReply, next: Advance): void {
    this.#recordTurn(episodeId, attempt, textHash, verdict, reply, next);
  }

  /** Move an episode on without an attempt (finish). */
  advance(episodeId: string, next: Advance): void {
    this.#advance.run({ id: episodeId, ...next, transcript: JSON.stringify(next.transcript), now: Date.now() });
  }

  /** Open episodes idle since before `cutoff` (ms since the epoch). */
  idleEpisodes(cutoff: number): string[] {
    return this.#idle.all(cutoff) as string[];
  }

  /** Mark these open episodes expired, in one transaction; returns how many were open. */
  expire(ids: string[]): number {
    return ids.length === 0 ? 0 : this.#expireAll(ids);
  }

  openEpisodes(): number {
    return (this.#countOpen.get() as { n: number }).n;
  }
}

export interface Advance {
  status: EpisodeStatus;
  attempt: number;
  reason: string | null;
  solvedAt: number | null;
  reward: number | null;
  transcript: Message[];
}

function decode(raw: RawEpisode | undefined): EpisodeRow | null {
  if (!raw) return null;
  return {
    id: raw.id,
    key: raw.key,
    request: raw.request,
    taskJson: raw.task,
    teacher: raw.teacher,
    maxAttempts: raw.max_attempts,
    discount: raw.discount,
    status: raw.status,
    attempt: raw.attempt,
    reason: raw.reason,
    solvedAt: raw.solved_at,
    reward: raw.reward,
    transcript: JSON.parse(raw.transcript) as Message[],
    startReply: JSON.parse(raw.start_reply) as StartReply,
    activeAt: raw.active_at,
  };
}
