import type Database from 'better-sqlite3';

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

export interface CachedResponse {
  text: string;
  inputTokens: number;
  outputTokens: number;
}

/** Every model call of the run (src/runner/calls/ logs them) and the cache of successful responses. */
export class CallLog {
  readonly #db: Database.Database;
  // Prepared once: these run for every model call.
  readonly #insertCall: Database.Statement;
  readonly #selectResponse: Database.Statement;
  readonly #insertResponse: Database.Statement;

  constructor(db: Database.Database) {
    this.#db = db;
    this.#insertCall = db.prepare(
      `INSERT INTO calls (episode_id, turn_idx, role, model, try, status, error_kind, http_status, error, latency_ms, input_tokens, output_tokens, cost_usd, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#selectResponse = db.prepare('SELECT text, input_tokens, output_tokens FROM responses WHERE key = ?');
    this.#insertResponse = db.prepare(
      'INSERT OR IGNORE INTO responses (key, model, text, input_tokens, output_tokens, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
  }

  cachedResponse(key: string): CachedResponse | null {
    const row = this.#selectResponse.get(key) as { text: string; input_tokens: number; output_tokens: number } | undefined;
    return row ? { text: row.text, inputTokens: row.input_tokens, outputTokens: row.output_tokens } : null;
  }

  /** Keep the first response stored under `key`: a later identical request is answered from it. */
  cacheResponse(key: string, model: string, response: CachedResponse): void {
    this.#insertResponse.run(key, model, response.text, response.inputTokens, response.outputTokens, new Date().toISOString());
  }

  recordCall(call: CallRecord): void {
    this.#insertCall.run(
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
    const rows = this.#db
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
    const rows = this.#db
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
}
