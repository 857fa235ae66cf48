import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { UsageError } from '../core/errors.js';
import type { EpisodeResult, GenerationSettings, Task, Turn } from '../core/types.js';
import type { EpisodeOutcome } from '../metrics/outcomes.js';

// One run = one directory holding `run.sqlite` (plus the summaries written at the end).
// Every turn is committed the moment it completes (WAL mode), so a crash loses at most the turn
// in flight. Episodes move from 'running' to 'done' or 'errored'; on resume the 'running' ones
// (cut off by the crash) and the 'errored' ones are deleted with their turns and run again.

export const RUN_DB = 'run.sqlite';
// 2: model call log (`calls`) and response cache (`responses`); version 1 files are upgraded in place.
const STORE_SCHEMA_VERSION = 2;

/** What defines a run; a resume must ask for the same thing. */
export interface RunConfig {
  student: string;
  teachers: string[];
  domains: string[];
  turns: number;
  tasks: number;
  seed: number;
  difficulty: number | null;
  data: string | null;
  /** The student's generation settings. */
  settings: Record<string, unknown>;
  /** Generation settings of the other model roles (llm and self teachers, the leak judge). */
  roleSettings?: { teacher: GenerationSettings; judge: GenerationSettings };
  /** Feedback style of llm teachers (LLF-Bench): hindsight, future or both. */
  feedback?: string;
  /** A user prompt template for llm teachers, when one replaced the built-in. */
  teacherPrompt?: string | null;
  leakJudge?: string | null;
  leakRetries?: number;
  didacticVersion: string;
}

export interface StoredTurn {
  index: number;
  turn: Turn;
}

export interface StoredEpisode {
  id: number;
  taskId: string;
  domain: string;
  condition: string;
  status: 'running' | 'done' | 'errored';
  solvedAt: number | null;
  attempts: number;
  error: string | null;
  turns: StoredTurn[];
}

/** Filters for browsing a run's episodes a page at a time. */
export interface EpisodeQuery {
  domain?: string;
  condition?: string;
  /** solved: solved within the budget; unsolved: finished without solving; errored; running. */
  outcome?: 'solved' | 'unsolved' | 'errored' | 'running';
  /** Only episodes solved at exactly this attempt. */
  solvedAt?: number;
  /** Case-insensitive substring of the task id, the prompt, or any turn's text. */
  text?: string;
  offset: number;
  limit: number;
}

/** One line of an episode listing: no turns, the prompt's start only. */
export interface EpisodeListItem {
  id: number;
  taskId: string;
  domain: string;
  condition: string;
  status: StoredEpisode['status'];
  solvedAt: number | null;
  attempts: number;
  prompt: string;
}

export interface EpisodeFacets {
  total: number;
  domains: Array<{ value: string; count: number }>;
  conditions: Array<{ value: string; count: number }>;
  outcomes: Array<{ value: string; count: number }>;
  solvedAt: Array<{ value: number; count: number }>;
}

interface EpisodeRow {
  id: number;
  task_id: string;
  domain: string;
  condition: string;
  status: StoredEpisode['status'];
  solved_at: number | null;
  attempts: number;
  error: string | null;
}

interface TurnRow {
  episode_id: number;
  idx: number;
  json: string;
}

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

export type CallStatus = 'ok' | 'cached' | 'error';

export interface CallRecord {
  episodeId: number | null;
  turnIndex: number | null;
  role: string;
  model: string;
  /** 0-based try number within one logical call (retries count up). */
  try: number;
  status: CallStatus;
  errorKind?: string;
  httpStatus?: number;
  error?: string;
  latencyMs: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
}

/** Calls, tokens and estimated cost of one role; tokens and cost count only calls actually paid for (not cache hits). */
export interface RoleUsage {
  calls: number;
  cached: number;
  failed: number;
  inputTokens: number;
  outputTokens: number;
  /** Estimated cost of the priced calls; null when no paid call was to a model with a known price. */
  estimatedCostUsd: number | null;
  /** Paid calls to models without a known price (local servers, module models, unlisted models). */
  unpricedCalls: number;
}

export class RunStore {
  readonly dir: string;
  private readonly db: Database.Database;
  /** Statements run once per model call, prepared once. */
  private readonly statements = new Map<string, Database.Statement>();

  private constructor(dir: string, db: Database.Database) {
    this.dir = dir;
    this.db = db;
  }

  /** Open (creating if needed) the run in `dir`. */
  static open(dir: string, options: { create: boolean }): RunStore {
    const file = join(dir, RUN_DB);
    if (!existsSync(file)) {
      if (!options.create) throw new UsageError(`no run found in ${dir} (expected ${file})`);
      mkdirSync(dir, { recursive: true });
    }
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode: a committed turn survives the process being killed (not a power cut).
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.exec(SCHEMA);
    const store = new RunStore(dir, db);
    const version = store.meta('storeSchemaVersion');
    if (version !== null && Number(version) > STORE_SCHEMA_VERSION) {
      db.close();
      throw new UsageError(`${file} was written by a newer didactic (store schema ${version}); upgrade didactic to read it`);
    }
    // Older files only lack tables, which SCHEMA has just created.
    if (version === null || Number(version) < STORE_SCHEMA_VERSION) store.setMeta('storeSchemaVersion', String(STORE_SCHEMA_VERSION));
    return store;
  }

  static exists(dir: string): boolean {
    return existsSync(join(dir, RUN_DB));
  }

  close(): void {
    this.db.close();
  }

  meta(key: string): string | null {
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value ?? null;
  }

  setMeta(key: string, value: string): void {
    this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  config(): RunConfig | null {
    const json = this.meta('config');
    return json === null ? null : (JSON.parse(json) as RunConfig);
  }

  /** Record the run's configuration and its tasks, once, in one transaction. */
  initialize(config: RunConfig, tasks: Task[]): void {
    const insert = this.db.prepare('INSERT INTO tasks (ord, id, domain, json) VALUES (?, ?, ?, ?)');
    this.db.transaction(() => {
      this.setMeta('config', JSON.stringify(config));
      this.setMeta('createdAt', new Date().toISOString());
      tasks.forEach((task, i) => {
        insert.run(i, task.id, task.domain, JSON.stringify(task));
      });
    })();
  }

  tasks(): Task[] {
    const rows = this.db.prepare('SELECT json FROM tasks ORDER BY ord').all() as Array<{ json: string }>;
    return rows.map((r) => JSON.parse(r.json) as Task);
  }

  /** Delete episodes a crash cut off, and errored ones, so they run again. Returns how many. */
  resetUnfinished(): number {
    return this.db.prepare("DELETE FROM episodes WHERE status IN ('running', 'errored')").run().changes;
  }

  /** Keys (`domain/condition/taskId`) of episodes already done. */
  finishedKeys(): Set<string> {
    const rows = this.db.prepare("SELECT domain, condition, task_id FROM episodes WHERE status = 'done'").all() as Array<{
      domain: string;
      condition: string;
      task_id: string;
    }>;
    return new Set(rows.map((r) => episodeKey(r.domain, r.condition, r.task_id)));
  }

  startEpisode(task: Task, condition: string): number {
    const info = this.db
      .prepare("INSERT INTO episodes (task_id, domain, condition, status, started_at) VALUES (?, ?, ?, 'running', ?)")
      .run(task.id, task.domain, condition, new Date().toISOString());
    return Number(info.lastInsertRowid);
  }

  addTurn(episodeId: number, index: number, turn: Turn): void {
    const student = turn.role === 'student' ? turn : null;
    this.db
      .prepare(
        `INSERT INTO turns (episode_id, idx, role, attempt, text, extracted, correct, input_tokens, output_tokens, latency_ms, blocked, json, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        episodeId,
        index,
        turn.role,
        turn.attempt,
        turn.text,
        student?.extracted ?? null,
        student ? Number(student.correct) : null,
        turn.usage.inputTokens,
        turn.usage.outputTokens,
        turn.latencyMs,
        turn.role === 'teacher' ? turn.blocked.length : 0,
        JSON.stringify(turn),
        new Date().toISOString(),
      );
  }

  finishEpisode(episodeId: number, result: EpisodeResult): void {
    this.db
      .prepare('UPDATE episodes SET status = ?, solved_at = ?, attempts = ?, error = ?, finished_at = ? WHERE id = ?')
      .run(result.status, result.solvedAt, result.attempts, result.error ?? null, new Date().toISOString(), episodeId);
  }

  episodes(filter: { id?: number; status?: StoredEpisode['status'] } = {}): StoredEpisode[] {
    const where: string[] = [];
    const params: Array<string | number> = [];
    if (filter.id !== undefined) {
      where.push('e.id = ?');
      params.push(filter.id);
    }
    if (filter.status) {
      where.push('e.status = ?');
      params.push(filter.status);
    }
    const rows = this.db
      .prepare(
        `SELECT e.id, e.task_id, e.domain, e.condition, e.status, e.solved_at, e.attempts, e.error
         FROM episodes e LEFT JOIN tasks t ON t.id = e.task_id AND t.domain = e.domain
         ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY e.domain, e.condition, t.ord`,
      )
      .all(...params) as EpisodeRow[];
    const turnRows = this.db.prepare('SELECT episode_id, idx, json FROM turns ORDER BY episode_id, idx').all() as TurnRow[];
    const turnsByEpisode = new Map<number, StoredTurn[]>();
    for (const t of turnRows) {
      const list = turnsByEpisode.get(t.episode_id) ?? [];
      list.push({ index: t.idx, turn: JSON.parse(t.json) as Turn });
      turnsByEpisode.set(t.episode_id, list);
    }
    return rows.map((r) => ({ ...episodeFields(r), error: r.error, turns: turnsByEpisode.get(r.id) ?? [] }));
  }

  /** Run `fn` in one transaction: bulk writers (imports, generated runs) commit once instead of per row. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** One episode with its turns, without reading the rest of the run. */
  episode(id: number): StoredEpisode | null {
    const row = this.db
      .prepare('SELECT id, task_id, domain, condition, status, solved_at, attempts, error FROM episodes WHERE id = ?')
      .get(id) as EpisodeRow | undefined;
    if (!row) return null;
    const turns = this.db.prepare('SELECT episode_id, idx, json FROM turns WHERE episode_id = ? ORDER BY idx').all(id) as TurnRow[];
    return {
      id: row.id,
      taskId: row.task_id,
      domain: row.domain,
      condition: row.condition,
      status: row.status,
      solvedAt: row.solved_at,
      attempts: row.attempts,
      error: row.error,
      turns: turns.map((t) => ({ index: t.idx, turn: JSON.parse(t.json) as Turn })),
    };
  }

  task(domain: string, id: string): Task | null {
    const row = this.db.prepare('SELECT json FROM tasks WHERE domain = ? AND id = ?').get(domain, id) as { json: string } | undefined;
    return row ? (JSON.parse(row.json) as Task) : null;
  }

  /** A page of episodes matching `query`, filtered and counted in SQLite, plus the total that match. */
  findEpisodes(query: EpisodeQuery): { total: number; episodes: EpisodeListItem[] } {
    const where: string[] = [];
    const params: Array<string | number> = [];
    if (query.domain !== undefined) {
      where.push('e.domain = ?');
      params.push(query.domain);
    }
    if (query.condition !== undefined) {
      where.push('e.condition = ?');
      params.push(query.condition);
    }
    if (query.outcome === 'solved') where.push("e.status = 'done' AND e.solved_at IS NOT NULL");
    else if (query.outcome === 'unsolved') where.push("e.status = 'done' AND e.solved_at IS NULL");
    else if (query.outcome === 'errored') where.push("e.status = 'errored'");
    else if (query.outcome === 'running') where.push("e.status = 'running'");
    if (query.solvedAt !== undefined) {
      where.push('e.solved_at = ?');
      params.push(query.solvedAt);
    }
    if (query.text) {
      const pattern = `%${query.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      where.push(
        `(e.task_id LIKE ? ESCAPE '\\' OR json_extract(t.json, '$.prompt') LIKE ? ESCAPE '\\'
          OR e.id IN (SELECT episode_id FROM turns WHERE text LIKE ? ESCAPE '\\'))`,
      );
      params.push(pattern, pattern, pattern);
    }
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const join = 'LEFT JOIN tasks t ON t.id = e.task_id AND t.domain = e.domain';
    const from = `FROM episodes e ${join} ${filter}`;
    // Only a text search looks at the task; counting without the join keeps large runs fast.
    const total = (
      this.db.prepare(`SELECT COUNT(*) AS n FROM episodes e ${query.text ? join : ''} ${filter}`).get(...params) as { n: number }
    ).n;
    const rows = this.db
      .prepare(
        `SELECT e.id, e.task_id, e.domain, e.condition, e.status, e.solved_at, e.attempts,
                substr(json_extract(t.json, '$.prompt'), 1, 200) AS prompt
         ${from} ORDER BY e.id LIMIT ? OFFSET ?`,
      )
      .all(...params, query.limit, query.offset) as Array<Omit<EpisodeRow, 'error'> & { prompt: string | null }>;
    return {
      total,
      episodes: rows.map((r) => ({ ...episodeFields(r), prompt: r.prompt ?? '' })),
    };
  }

  /** The values each listing filter can take, with how many episodes have each. */
  episodeFacets(): EpisodeFacets {
    const count = (column: string) =>
      this.db.prepare(`SELECT ${column} AS value, COUNT(*) AS count FROM episodes GROUP BY ${column} ORDER BY MIN(id)`).all() as Array<{
        value: string;
        count: number;
      }>;
    const outcome = `CASE WHEN status = 'done' AND solved_at IS NOT NULL THEN 'solved' WHEN status = 'done' THEN 'unsolved' ELSE status END`;
    return {
      total: (this.db.prepare('SELECT COUNT(*) AS n FROM episodes').get() as { n: number }).n,
      domains: count('domain'),
      conditions: count('condition'),
      outcomes: count(outcome),
      solvedAt: this.db
        .prepare(
          'SELECT solved_at AS value, COUNT(*) AS count FROM episodes WHERE solved_at IS NOT NULL GROUP BY solved_at ORDER BY solved_at',
        )
        .all() as Array<{ value: number; count: number }>,
    };
  }

  private prepared(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  cachedResponse(key: string): CachedResponse | null {
    const row = this.prepared('SELECT text, input_tokens, output_tokens FROM responses WHERE key = ?').get(key) as
      | { text: string; input_tokens: number; output_tokens: number }
      | undefined;
    return row ? { text: row.text, inputTokens: row.input_tokens, outputTokens: row.output_tokens } : null;
  }

  cacheResponse(key: string, model: string, response: CachedResponse): void {
    this.prepared(
      'INSERT OR IGNORE INTO responses (key, model, text, input_tokens, output_tokens, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    ).run(key, model, response.text, response.inputTokens, response.outputTokens, new Date().toISOString());
  }

  recordCall(call: CallRecord): void {
    this.prepared(
      `INSERT INTO calls (episode_id, turn_idx, role, model, try, status, error_kind, http_status, error, latency_ms, input_tokens, output_tokens, cost_usd, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      call.episodeId,
      call.turnIndex,
      call.role,
      call.model,
      call.try,
      call.status,
      call.errorKind ?? null,
      call.httpStatus ?? null,
      call.error ?? null,
      call.latencyMs,
      call.inputTokens,
      call.outputTokens,
      call.costUsd,
      new Date().toISOString(),
    );
  }

  /** The call log, oldest first; optionally only one episode's. */
  calls(filter: { episodeId?: number } = {}): CallRecord[] {
    const rows = this.db
      .prepare(`SELECT * FROM calls ${filter.episodeId === undefined ? '' : 'WHERE episode_id = ?'} ORDER BY id`)
      .all(...(filter.episodeId === undefined ? [] : [filter.episodeId])) as Array<Record<string, unknown>>;
    return rows.map((r) => ({
      episodeId: r.episode_id as number | null,
      turnIndex: r.turn_idx as number | null,
      role: r.role as string,
      model: r.model as string,
      try: r.try as number,
      status: r.status as CallStatus,
      ...(r.error_kind === null ? {} : { errorKind: r.error_kind as string }),
      ...(r.http_status === null ? {} : { httpStatus: r.http_status as number }),
      ...(r.error === null ? {} : { error: r.error as string }),
      latencyMs: r.latency_ms as number,
      inputTokens: r.input_tokens as number,
      outputTokens: r.output_tokens as number,
      costUsd: r.cost_usd as number | null,
    }));
  }

  /** Calls, tokens and estimated cost per role over the whole run (every invocation of it). */
  usageByRole(): Record<string, RoleUsage> {
    const rows = this.db
      .prepare(
        `SELECT role,
           COUNT(*) AS calls,
           SUM(status = 'cached') AS cached,
           SUM(status = 'error') AS failed,
           SUM(CASE WHEN status = 'ok' THEN input_tokens ELSE 0 END) AS input_tokens,
           SUM(CASE WHEN status = 'ok' THEN output_tokens ELSE 0 END) AS output_tokens,
           SUM(CASE WHEN status = 'ok' THEN cost_usd END) AS cost,
           SUM(status = 'ok' AND cost_usd IS NULL) AS unpriced
         FROM calls GROUP BY role ORDER BY role`,
      )
      .all() as Array<{
      role: string;
      calls: number;
      cached: number;
      failed: number;
      input_tokens: number;
      output_tokens: number;
      cost: number | null;
      unpriced: number;
    }>;
    const out: Record<string, RoleUsage> = {};
    for (const r of rows) {
      out[r.role] = {
        calls: r.calls,
        cached: r.cached,
        failed: r.failed,
        inputTokens: r.input_tokens,
        outputTokens: r.output_tokens,
        estimatedCostUsd: r.unpriced > 0 && r.cost === null ? null : Math.round((r.cost ?? 0) * 1e8) / 1e8,
        unpricedCalls: r.unpriced,
      };
    }
    return out;
  }

  /** Finished episodes in the form the metrics read. */
  outcomes(feedbackConditions: (condition: string) => boolean): EpisodeOutcome[] {
    return this.episodes()
      .filter((e) => e.status !== 'running')
      .map((e) => {
        const outcome: EpisodeOutcome = {
          taskId: e.taskId,
          domain: e.domain,
          condition: e.condition,
          status: e.status === 'done' ? 'done' : 'errored',
          solvedAt: e.solvedAt,
          answers: [],
          feedback: feedbackConditions(e.condition),
          feedbackTexts: 0,
          blocked: 0,
          fallbacks: 0,
          studentTokens: { input: 0, output: 0 },
          teacherTokens: { input: 0, output: 0 },
        };
        for (const { turn } of e.turns) {
          if (turn.role === 'student') {
            outcome.answers.push(turn.extracted);
            outcome.studentTokens.input += turn.usage.inputTokens;
            outcome.studentTokens.output += turn.usage.outputTokens;
          } else {
            outcome.feedbackTexts++;
            outcome.blocked += turn.blocked.length;
            outcome.fallbacks += Number(turn.fallback);
            outcome.teacherTokens.input += turn.usage.inputTokens;
            outcome.teacherTokens.output += turn.usage.outputTokens;
          }
        }
        return outcome;
      });
  }
}

export interface CachedResponse {
  text: string;
  inputTokens: number;
  outputTokens: number;
}

/** The columns every episode listing shares, in the names the rest of didactic uses. */
function episodeFields(r: Omit<EpisodeRow, 'error'>) {
  return {
    id: r.id,
    taskId: r.task_id,
    domain: r.domain,
    condition: r.condition,
    status: r.status,
    solvedAt: r.solved_at,
    attempts: r.attempts,
  };
}

export function episodeKey(domain: string, condition: string, taskId: string): string {
  return `${domain}/${condition}/${taskId}`;
}
