import type Database from 'better-sqlite3';
import type { EpisodeResult, Task, Turn } from '../core/types.js';
import { writeMeta } from './schema.js';
import type { RunConfig } from './types.js';

/**
 * The run's write path: its configuration and tasks once, then each episode as it runs. Every call
 * commits on its own (unless inside a transaction), so a crash loses at most the turn in flight.
 */
export class EpisodeWriter {
  readonly #db: Database.Database;
  // Prepared once: the runner calls these for every episode and turn.
  readonly #insertTask: Database.Statement;
  readonly #insertEpisode: Database.Statement;
  readonly #insertTurn: Database.Statement;
  readonly #updateEpisode: Database.Statement;

  constructor(db: Database.Database) {
    this.#db = db;
    this.#insertTask = db.prepare('INSERT INTO tasks (ord, id, domain, json) VALUES (?, ?, ?, ?)');
    this.#insertEpisode = db.prepare(
      "INSERT INTO episodes (task_id, domain, condition, status, started_at) VALUES (?, ?, ?, 'running', ?)",
    );
    this.#insertTurn = db.prepare(
      `INSERT INTO turns (episode_id, idx, role, attempt, text, extracted, correct, input_tokens, output_tokens, latency_ms, blocked, json, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#updateEpisode = db.prepare(
      'UPDATE episodes SET status = ?, solved_at = ?, attempts = ?, error = ?, finished_at = ? WHERE id = ?',
    );
  }

  /** Record the run's configuration and its tasks, once, in one transaction. */
  initialize(config: RunConfig, tasks: Task[]): void {
    this.#db.transaction(() => {
      writeMeta(this.#db, 'config', JSON.stringify(config));
      writeMeta(this.#db, 'createdAt', new Date().toISOString());
      tasks.forEach((task, i) => {
        this.#insertTask.run(i, task.id, task.domain, JSON.stringify(task));
      });
    })();
  }

  /** Add one task after the run began (a feedback loop records each request as it comes). */
  addTask(task: Task): void {
    const { next } = this.#db.prepare('SELECT COALESCE(MAX(ord) + 1, 0) AS next FROM tasks').get() as { next: number };
    this.#insertTask.run(next, task.id, task.domain, JSON.stringify(task));
  }

  /** Delete episodes a crash cut off, and errored ones, so they run again. Returns how many. */
  resetUnfinished(): number {
    // Their turns go with them (ON DELETE CASCADE); their model calls stay in the log, for audit.
    return this.#db.prepare("DELETE FROM episodes WHERE status IN ('running', 'errored')").run().changes;
  }

  startEpisode(task: Task, condition: string): number {
    const info = this.#insertEpisode.run(task.id, task.domain, condition, new Date().toISOString());
    return Number(info.lastInsertRowid);
  }

  addTurn(episodeId: number, index: number, turn: Turn): void {
    const student = turn.role === 'student' ? turn : null;
    this.#insertTurn.run(
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
    this.#updateEpisode.run(result.status, result.solvedAt, result.attempts, result.error ?? null, new Date().toISOString(), episodeId);
  }
}
