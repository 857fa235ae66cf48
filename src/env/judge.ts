import { guardedFeedback } from '../core/leak-guard.js';
import { createRng, deriveSeed } from '../core/random.js';
import type { ChatMessage, Domain, Task, Verdict } from '../core/types.js';
import { EnvError } from './errors.js';
import type { Pool } from './pool.js';
import type { PublicVerdict, VerdictStatus } from './protocol.js';
import type { ServerStats } from './stats.js';
import type { EnvTeachers } from './teachers.js';

// The two pieces of work behind an attempt: judging it (the domain's verifier; code runs in the
// sandbox, through the sandbox pool) and the teacher's feedback (through the leak guard; model
// teachers through the teacher pool). A full pool is a 429 the client retries; a verifier or
// teacher that fails is an `infra_error`, never a wrong answer.

export interface JudgeContext {
  teachers: EnvTeachers;
  pools: { sandbox: Pool; teacher: Pool };
  stats: ServerStats;
  leakRetries: number;
}

export interface Judged {
  verdict: Verdict | null;
  status: VerdictStatus;
  /** Time spent verifying, ms (waiting for a pool slot excluded). */
  verifyMs: number;
}

/** Domains whose verifier runs the attempt as code, and so needs a sandbox slot. */
const SANDBOXED = new Set(['code']);

export async function judge(ctx: JudgeContext, domain: Domain, task: Task, text: string): Promise<Judged> {
  let verifyMs = 0;
  const verify = async (): Promise<Verdict> => {
    const started = performance.now();
    try {
      return await domain.verify(task, text);
    } finally {
      verifyMs = performance.now() - started;
      ctx.stats.time('verify', verifyMs);
    }
  };
  let verdict: Verdict;
  try {
    verdict = SANDBOXED.has(domain.name) ? await ctx.pools.sandbox.run(verify) : await verify();
  } catch (error) {
    if (error instanceof EnvError) throw error;
    ctx.stats.error('verify_failed');
    return { verdict: null, status: 'infra_error', verifyMs };
  }
  return { verdict, status: statusOf(verdict), verifyMs };
}

function statusOf(verdict: Verdict): VerdictStatus {
  // A program that runs past its time limit may be an infinite loop or a slow machine; the
  // environment cannot tell, so it is never scored as a wrong answer.
  if ((verdict.details as { outcome?: string } | null)?.outcome === 'timeout') return 'timeout';
  if (!verdict.correct && verdict.extracted === null) return 'no_answer';
  return 'ok';
}

export function publicVerdict(j: Judged): PublicVerdict {
  return { correct: j.verdict?.correct ?? false, extracted: j.verdict?.extracted ?? null, status: j.status };
}

export interface FeedbackInput {
  teacherName: string;
  domain: Domain;
  task: Task;
  /** What the student has seen, ending with its latest attempt. */
  transcript: ChatMessage[];
  verdict: Verdict;
  attempt: number;
  episodeKey: string;
}

/** The teacher's next user turn; null when the teacher failed (the episode ends as infra_error). */
export async function feedback(ctx: JudgeContext, input: FeedbackInput): Promise<{ text: string | null; teacherMs: number }> {
  const teacher = ctx.teachers.byName.get(input.teacherName);
  if (!teacher) throw new Error(`teacher "${input.teacherName}" is not offered by this server`);
  const modelBacked = ctx.teachers.modelBacked.has(input.teacherName);
  let teacherMs = 0;
  const ask = async (): Promise<string> => {
    const started = performance.now();
    try {
      const guarded = await guardedFeedback(
        teacher,
        {
          task: input.task,
          domain: input.domain,
          transcript: input.transcript,
          verdict: input.verdict,
          attempt: input.attempt,
          // Seeded by the episode key and attempt: a restarted server writes the same text.
          rng: createRng(deriveSeed('env-feedback', input.episodeKey, input.attempt)),
        },
        ctx.leakRetries,
        modelBacked ? ctx.teachers.leakJudge : undefined,
      );
      return guarded.text;
    } finally {
      teacherMs = performance.now() - started;
      ctx.stats.time('teacher', teacherMs);
    }
  };
  try {
    return { text: modelBacked ? await ctx.pools.teacher.run(ask) : await ask(), teacherMs };
  } catch (error) {
    if (error instanceof EnvError) throw error;
    ctx.stats.error('teacher_failed');
    return { text: null, teacherMs };
  }
}
