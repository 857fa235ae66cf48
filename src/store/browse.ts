import type Database from 'better-sqlite3';
import { type EpisodeRow, episodeFields } from './episode-reader.js';
import type { StoredEpisode } from './types.js';

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

/** Listing a run's episodes for the viewer: filtered, counted and paged in SQLite, so large runs stay fast. */
export class EpisodeBrowser {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  /** A page of episodes matching `query`, plus the total that match. */
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
      this.#db.prepare(`SELECT COUNT(*) AS n FROM episodes e ${query.text ? join : ''} ${filter}`).get(...params) as { n: number }
    ).n;
    const rows = this.#db
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
      this.#db.prepare(`SELECT ${column} AS value, COUNT(*) AS count FROM episodes GROUP BY ${column} ORDER BY MIN(id)`).all() as Array<{
        value: string;
        count: number;
      }>;
    const outcome = `CASE WHEN status = 'done' AND solved_at IS NOT NULL THEN 'solved' WHEN status = 'done' THEN 'unsolved' ELSE status END`;
    return {
      total: (this.#db.prepare('SELECT COUNT(*) AS n FROM episodes').get() as { n: number }).n,
      domains: count('domain'),
      conditions: count('condition'),
      outcomes: count(outcome),
      solvedAt: this.#db
        .prepare(
          'SELECT solved_at AS value, COUNT(*) AS count FROM episodes WHERE solved_at IS NOT NULL GROUP BY solved_at ORDER BY solved_at',
        )
        .all() as Array<{ value: number; count: number }>,
    };
  }
}
