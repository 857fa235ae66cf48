import Database from 'better-sqlite3';
import type { StepMetrics } from '../rl/metrics.js';

// The RL run's step metrics in SQLite (`rl-run.sqlite` next to the checkpoint), so curves can be
// queried and compared across runs with SQL like evaluation runs. One row a step; a step redone
// after a crash replaces the row it wrote before.

export const RL_STORE_FILE = 'rl-run.sqlite';

export class RlStepStore {
  readonly #db: Database.Database;
  readonly #put: Database.Statement;

  constructor(path: string) {
    this.#db = new Database(path);
    this.#db.pragma('journal_mode = WAL');
    this.#db.exec(`CREATE TABLE IF NOT EXISTS rl_steps (
      step INTEGER PRIMARY KEY,
      reward REAL NOT NULL,
      acc_at TEXT NOT NULL,
      response_tokens REAL NOT NULL,
      kl REAL NOT NULL,
      loss REAL NOT NULL,
      generated_tokens INTEGER NOT NULL,
      total_generated_tokens INTEGER NOT NULL,
      metrics TEXT NOT NULL
    )`);
    this.#put = this.#db.prepare(
      `INSERT OR REPLACE INTO rl_steps (step, reward, acc_at, response_tokens, kl, loss, generated_tokens, total_generated_tokens, metrics)
       VALUES (@step, @reward, @accAt, @responseTokens, @kl, @loss, @generatedTokens, @totalGeneratedTokens, @metrics)`,
    );
  }

  put(m: StepMetrics): void {
    this.#put.run({ ...m, accAt: JSON.stringify(m.accAt), metrics: JSON.stringify(m) });
  }

  /** Steps after `step` (logged by a run that died before its next checkpoint). */
  forgetAfter(step: number): void {
    this.#db.prepare('DELETE FROM rl_steps WHERE step > ?').run(step);
  }

  steps(): StepMetrics[] {
    return (this.#db.prepare('SELECT metrics FROM rl_steps ORDER BY step').all() as Array<{ metrics: string }>).map(
      (r) => JSON.parse(r.metrics) as StepMetrics,
    );
  }

  close(): void {
    this.#db.close();
  }
}
