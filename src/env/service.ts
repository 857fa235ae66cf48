import { randomBytes } from 'node:crypto';
import { openingMessages } from '../core/episode.js';
import type { Domain, Task } from '../core/types.js';
import { getDomain } from '../domains/registry.js';
import { attemptRefusal, runAttempt, textHash, type AttemptOutcome } from './attempt.js';
import { EnvError } from './errors.js';
import { judge, publicVerdict, type JudgeContext } from './judge.js';
import {
  attemptSchema,
  finishSchema,
  parseBody,
  scoreSchema,
  startSchema,
  type AttemptReply,
  type EpisodeState,
  type PublicTask,
  type PublicVerdict,
  type StartReply,
} from './protocol.js';
import type { EnvStore, EpisodeRow } from './store.js';
import type { TaskResolver } from './tasks.js';

// The protocol's verbs on episodes, independent of HTTP: the hono app and the OpenEnv socket
// both call these. Everything a reply depends on is in the store, so any reply can be given again.

export interface ServiceOptions extends JudgeContext {
  store: EnvStore;
  tasks: TaskResolver;
  defaults: { teacher: string; maxAttempts: number; discount: number };
  /** Idle time after which an open episode expires, ms. */
  ttlMs: number;
}

interface InFlight {
  attempt: number;
  hash: string;
  promise: Promise<AttemptOutcome>;
}

export class EnvService {
  /** Tasks by domain and id, shared by every episode of the task (the verifier caches per task object). */
  private readonly taskCache = new Map<string, Task>();
  private readonly inFlight = new Map<string, InFlight>();

  constructor(readonly o: ServiceOptions) {}

  start(body: unknown): { created: boolean; reply: StartReply } {
    const request = parseBody(startSchema, body);
    const { task, domain } = this.o.tasks.resolve(request.task);
    const teacher = request.teacher ?? this.o.defaults.teacher;
    if (!this.o.teachers.byName.has(teacher)) {
      throw new EnvError(
        400,
        'unknown_teacher',
        `field "teacher": unknown teacher "${teacher}"; this server offers ${[...this.o.teachers.byName.keys()].join(', ')}`,
        {
          field: 'teacher',
        },
      );
    }
    const maxAttempts = request.max_attempts ?? this.o.defaults.maxAttempts;
    const discount = request.discount ?? this.o.defaults.discount;
    // Two requests are the same start when they ask for the same episode, whatever the key order.
    const canonical = JSON.stringify({ key: request.episode_key, task: [task.domain, task.id], teacher, maxAttempts, discount });
    const existing = this.o.store.episodeByKey(request.episode_key);
    if (existing) {
      if (existing.request !== canonical) {
        throw new EnvError(409, 'key_conflict', `episode_key "${request.episode_key}" was used for a different episode`, {
          field: 'episode_key',
          episode_id: existing.id,
        });
      }
      return { created: false, reply: existing.startReply };
    }
    this.taskCache.set(cacheKey(task.domain, task.id), task);
    const messages = openingMessages(task, domain);
    const reply: StartReply = {
      episode_id: `ep_${randomBytes(12).toString('hex')}`,
      episode_key: request.episode_key,
      status: 'awaiting_attempt',
      attempt: 0,
      max_attempts: maxAttempts,
      messages,
      task: publicTask(task),
    };
    this.o.store.createEpisode({
      id: reply.episode_id,
      key: request.episode_key,
      request: canonical,
      task,
      teacher,
      maxAttempts,
      discount,
      transcript: messages,
      startReply: reply,
    });
    return { created: true, reply };
  }

  async attempt(id: string, body: unknown): Promise<{ replay: boolean; reply: AttemptReply; workMs: number }> {
    const request = parseBody(attemptSchema, body);
    const row = this.row(id);
    const hash = textHash(request.text);
    const stored = this.o.store.reply(id, request.attempt);
    if (stored) {
      if (stored.textHash !== hash) throw conflict(id, request.attempt);
      return { replay: true, reply: stored.reply, workMs: 0 };
    }
    const running = this.inFlight.get(id);
    if (running) {
      if (running.attempt !== request.attempt) {
        throw new EnvError(
          409,
          'out_of_order',
          `field "attempt": attempt ${running.attempt} is being judged; expected ${running.attempt}`,
          {
            field: 'attempt',
            expected: running.attempt,
          },
        );
      }
      if (running.hash !== hash) throw conflict(id, request.attempt);
      const outcome = await running.promise;
      return { replay: true, reply: outcome.reply, workMs: 0 };
    }
    const refusal = attemptRefusal(this.expireIfIdle(row), request.attempt, (r) => this.stateOf(r));
    if (refusal) throw refusal;
    const promise = runAttempt({ ...this.o }, row, this.taskOf(row), getDomain(row.startReply.task.domain), request.text);
    this.inFlight.set(id, { attempt: request.attempt, hash, promise });
    try {
      const outcome = await promise;
      return { replay: false, ...outcome };
    } finally {
      this.inFlight.delete(id);
    }
  }

  async finish(id: string, body: unknown): Promise<EpisodeState> {
    const request = parseBody(finishSchema, body ?? {});
    await this.inFlight.get(id)?.promise.catch(() => undefined);
    const row = this.expireIfIdle(this.row(id));
    if (row.status === 'awaiting_attempt') {
      this.o.store.advance(id, {
        status: 'done',
        attempt: row.attempt,
        reason: request.reason ?? 'finished',
        solvedAt: null,
        reward: 0,
        transcript: row.transcript,
      });
    }
    return this.state(id);
  }

  state(id: string): EpisodeState {
    return this.stateOf(this.expireIfIdle(this.row(id)));
  }

  stateByKey(key: string): EpisodeState {
    const row = this.o.store.episodeByKey(key);
    if (!row) throw new EnvError(404, 'episode_not_found', `no episode has episode_key "${key}"`, { field: 'key' });
    return this.stateOf(this.expireIfIdle(row));
  }

  /** Stateless: the reward of a finished dialogue from its assistant attempts alone. */
  async score(body: unknown): Promise<{ reward: number | null; solved_at: number | null; verdicts: PublicVerdict[] }> {
    const request = parseBody(scoreSchema, body);
    const { task, domain } = this.o.tasks.resolve(request.task);
    const discount = request.discount ?? this.o.defaults.discount;
    const verdicts: PublicVerdict[] = [];
    for (const [i, text] of request.attempts.entries()) {
      const verdict = publicVerdict(await judge(this.o, domain, task, text));
      verdicts.push(verdict);
      if (verdict.status === 'timeout' || verdict.status === 'infra_error') return { reward: null, solved_at: null, verdicts };
      if (verdict.correct) return { reward: discount ** i, solved_at: i + 1, verdicts };
    }
    return { reward: 0, solved_at: null, verdicts };
  }

  /** Mark every episode idle past the TTL expired; returns how many. */
  sweep(): number {
    // An episode whose attempt is being judged (a slow teacher call) is not idle.
    const idle = this.o.store.idleEpisodes(Date.now() - this.o.ttlMs).filter((id) => !this.inFlight.has(id));
    return this.o.store.expire(idle);
  }

  private row(id: string): EpisodeRow {
    const row = this.o.store.episode(id);
    if (!row) throw new EnvError(404, 'episode_not_found', `episode_id "${id}": no such episode`, { field: 'episode_id' });
    return row;
  }

  private expireIfIdle(row: EpisodeRow): EpisodeRow {
    if (row.status !== 'awaiting_attempt' || Date.now() - row.activeAt <= this.o.ttlMs || this.inFlight.has(row.id)) return row;
    this.o.store.advance(row.id, {
      status: 'expired',
      attempt: row.attempt,
      reason: 'expired',
      solvedAt: null,
      reward: null,
      transcript: row.transcript,
    });
    return { ...row, status: 'expired', reason: 'expired', reward: null };
  }

  private taskOf(row: EpisodeRow): Task {
    const { domain: name, id } = row.startReply.task;
    const key = cacheKey(name, id);
    let task = this.taskCache.get(key);
    if (!task) {
      // First use since a restart: the task comes back from the store, through the domain's own loader.
      const domain: Domain = getDomain(name);
      task = domain.parseRecord(JSON.parse(row.taskJson), { file: 'env.sqlite', line: 1 });
      this.taskCache.set(key, task);
    }
    return task;
  }

  stateOf(row: EpisodeRow): EpisodeState {
    return {
      episode_id: row.id,
      episode_key: row.key,
      status: row.status,
      attempt: row.attempt,
      max_attempts: row.maxAttempts,
      discount: row.discount,
      teacher: row.teacher,
      done: row.status !== 'awaiting_attempt',
      reason: row.reason,
      solved_at: row.solvedAt,
      reward: { episode: row.reward },
      messages: row.transcript,
      verdicts: this.o.store.verdicts(row.id),
      task: row.startReply.task,
    };
  }
}

function cacheKey(domain: string, id: string): string {
  return `${domain}\u241f${id}`;
}

function publicTask(task: Task): PublicTask {
  return { domain: task.domain, id: task.id, difficulty: task.metadata.difficulty ?? null };
}

function conflict(id: string, attempt: number): EnvError {
  return new EnvError(
    409,
    'attempt_conflict',
    `field "text": attempt ${attempt} of episode ${id} was already taken with a different text`,
    {
      field: 'text',
    },
  );
}
