import { sha256 } from '../core/hash.js';
import type { Domain, Task } from '../core/types.js';
import { EnvError } from './errors.js';
import { feedback, judge, publicVerdict, type JudgeContext } from './judge.js';
import type { AttemptReply, Message } from './protocol.js';
import type { Advance, EnvStore, EpisodeRow } from './store.js';

// One attempt of an open episode: judge it, end the episode or ask the teacher for the next user
// turn, and commit the reply with the episode's new state before it is returned.

export function textHash(text: string): string {
  return sha256(text);
}

export interface AttemptOutcome {
  reply: AttemptReply;
  /** Time inside the verifier and the teacher, ms: the work that is not the server's own overhead. */
  workMs: number;
}

export async function runAttempt(
  ctx: JudgeContext & { store: EnvStore },
  row: EpisodeRow,
  task: Task,
  domain: Domain,
  text: string,
): Promise<AttemptOutcome> {
  const attempt = row.attempt + 1;
  const judged = await judge(ctx, domain, task, text);
  const verdict = publicVerdict(judged);
  const transcript: Message[] = [...row.transcript, { role: 'assistant', content: text }];
  let workMs = judged.verifyMs;
  let feedbackText: string | null = null;
  let reason: AttemptReply['reason'] = null;
  let reward: number | null = null;
  if (judged.status === 'timeout' || judged.status === 'infra_error' || judged.verdict === null) {
    reason = 'infra_error';
  } else if (judged.verdict.correct) {
    reason = 'solved';
    reward = row.discount ** (attempt - 1);
  } else if (attempt >= row.maxAttempts) {
    reason = 'max_attempts';
    reward = 0;
  } else {
    const given = await feedback(ctx, {
      teacherName: row.teacher,
      domain,
      task,
      transcript,
      verdict: judged.verdict,
      attempt,
      episodeKey: row.key,
    });
    workMs += given.teacherMs;
    if (given.text === null) reason = 'infra_error';
    else feedbackText = given.text;
  }
  const done = reason !== null;
  if (feedbackText !== null) transcript.push({ role: 'user', content: feedbackText });
  const reply: AttemptReply = {
    episode_id: row.id,
    attempt,
    verdict,
    done,
    reason,
    feedback: feedbackText === null ? null : { role: 'user', content: feedbackText },
    reward: done ? { step: reward, episode: reward } : { step: 0, episode: null },
  };
  const next: Advance = {
    status: done ? 'done' : 'awaiting_attempt',
    attempt,
    reason,
    solvedAt: reason === 'solved' ? attempt : null,
    reward,
    transcript,
  };
  ctx.store.recordTurn(row.id, attempt, textHash(text), verdict, reply, next);
  return { reply, workMs };
}

/** Why an attempt cannot be taken now, given what the store holds; null when it can. */
export function attemptRefusal(row: EpisodeRow, attempt: number, stateOf: (row: EpisodeRow) => unknown): EnvError | null {
  if (row.status === 'expired') {
    return new EnvError(410, 'episode_expired', `episode ${row.id} expired after being idle; start a new one`, { state: stateOf(row) });
  }
  if (row.status === 'done') {
    return new EnvError(409, 'episode_done', `episode ${row.id} is done (${row.reason}); no attempt is taken after the end`, {
      state: stateOf(row),
    });
  }
  if (attempt !== row.attempt + 1) {
    return new EnvError(409, 'out_of_order', `field "attempt": expected attempt ${row.attempt + 1}, got ${attempt}`, {
      field: 'attempt',
      expected: row.attempt + 1,
    });
  }
  return null;
}
