import type Database from 'better-sqlite3';
import type { Task, Turn } from '../core/types.js';
import { readMeta } from './schema.js';
import type { RunConfig, StoredEpisode, StoredTurn } from './types.js';

/** A row of the episodes table, as the readers select it. */
export interface EpisodeRow {
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

/** The run as recorded: its configuration, its tasks, and its episodes with their turns. */
export class EpisodeReader {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  config(): RunConfig | null {
    const json = readMeta(this.#db, 'config');
    return json === null ? null : (JSON.parse(json) as RunConfig);
  }

  tasks(): Task[] {
    const rows = this.#db.prepare('SELECT json FROM tasks ORDER BY ord').all() as Array<{ json: string }>;
    return rows.map((r) => JSON.parse(r.json) as Task);
  }

  task(domain: string, id: string): Task | null {
    const row = this.#db.prepare('SELECT json FROM tasks WHERE domain = ? AND id = ?').get(domain, id) as { json: string } | undefined;
    return row ? (JSON.parse(row.json) as Task) : null;
  }

  /** Keys (`domain/condition/taskId`) of episodes already done. */
  finishedKeys(): Set<string> {
    const rows = this.#db.prepare("SELECT domain, condition, task_id FROM episodes WHERE status = 'done'").all() as Array<{
      domain: string;
      condition: string;
      task_id: string;
    }>;
    return new Set(rows.map((r) => episodeKey(r.domain, r.condition, r.task_id)));
  }

  /**
   * Episodes with their turns, by domain, condition and task order. With a filter only the turns
   * of the episodes it keeps are read: `show --episode` asks for one episode of a large run.
   */
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
    const filtered = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const rows = this.#db
      .prepare(
        `SELECT e.id, e.task_id, e.domain, e.condition, e.status, e.solved_at, e.attempts, e.error
         FROM episodes e LEFT JOIN tasks t ON t.id = e.task_id AND t.domain = e.domain
         ${filtered}
         ORDER BY e.domain, e.condition, t.ord`,
      )
      .all(...params) as EpisodeRow[];
    const turnRows = this.#db
      .prepare(
        where.length
          ? `SELECT t.episode_id, t.idx, t.json FROM turns t JOIN episodes e ON e.id = t.episode_id ${filtered} ORDER BY t.episode_id, t.idx`
          : 'SELECT episode_id, idx, json FROM turns ORDER BY episode_id, idx',
      )
      .all(...params) as TurnRow[];
    const turnsByEpisode = new Map<number, StoredTurn[]>();
    for (const t of turnRows) {
      const list = turnsByEpisode.get(t.episode_id) ?? [];
      list.push(storedTurn(t));
      turnsByEpisode.set(t.episode_id, list);
    }
    return rows.map((r) => ({ ...episodeFields(r), error: r.error, turns: turnsByEpisode.get(r.id) ?? [] }));
  }

  /** One episode with its turns, without reading the rest of the run. */
  episode(id: number): StoredEpisode | null {
    const row = this.#db
      .prepare('SELECT id, task_id, domain, condition, status, solved_at, attempts, error FROM episodes WHERE id = ?')
      .get(id) as EpisodeRow | undefined;
    if (!row) return null;
    const turns = this.#db.prepare('SELECT episode_id, idx, json FROM turns WHERE episode_id = ? ORDER BY idx').all(id) as TurnRow[];
    return { ...episodeFields(row), error: row.error, turns: turns.map(storedTurn) };
  }
}

function storedTurn(row: TurnRow): StoredTurn {
  return { index: row.idx, turn: JSON.parse(row.json) as Turn };
}

/** The columns every episode listing shares, in the names the rest of didactic uses. */
export function episodeFields(r: Omit<EpisodeRow, 'error'>) {
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
