import { z } from 'zod';
import { EnvError, invalidField } from './errors.js';

// The request bodies of protocol version 1, as zod schemas. A body that does not fit is refused
// with 400 naming the first bad field (`task.domain`, `attempt`), never with a stack trace.
// Unknown fields are ignored, so a newer client can send more than this server reads.

export const PROTOCOL = 1;

const keyText = z.string().min(1).max(512);

const taskById = z.object({ domain: z.string().min(1).max(64), id: z.string().min(1).max(512) });
const taskBySeed = z.object({
  domain: z.string().min(1).max(64),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1),
  difficulty: z.number().int().min(1).optional(),
  index: z.number().int().min(0).max(100_000),
});
export type TaskRef = z.infer<typeof taskById> | z.infer<typeof taskBySeed>;

/** `{domain, id}` or `{domain, seed, difficulty?, index}`: which one is told by the presence of `id`. */
const taskRef = z.custom<TaskRef>().superRefine((value, ctx) => {
  const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
  const schema = isObject && 'id' in value ? taskById : taskBySeed;
  const parsed = schema.safeParse(value);
  if (!parsed.success) for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, path: issue.path } as never);
});

export const startSchema = z.object({
  episode_key: keyText,
  task: taskRef,
  teacher: z.string().min(1).max(128).optional(),
  max_attempts: z.number().int().min(1).max(64).optional(),
  discount: z.number().gt(0).max(1).optional(),
});
export type StartRequest = z.infer<typeof startSchema>;

export const attemptSchema = z.object({
  attempt: z.number().int().min(1),
  text: z.string().max(1_000_000),
});
export type AttemptRequest = z.infer<typeof attemptSchema>;

export const finishSchema = z.object({
  reason: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,31}$/, 'a lower-case word such as "truncated"')
    .optional(),
});
export type FinishRequest = z.infer<typeof finishSchema>;

export const batchSchema = z.object({
  ops: z
    .array(z.object({ op: z.enum(['start', 'attempt', 'finish']) }).loose())
    .min(1)
    .max(1024),
});

export const scoreSchema = z.object({
  task: taskRef,
  attempts: z.array(z.string().max(1_000_000)).min(1).max(64),
  discount: z.number().gt(0).max(1).optional(),
});
export type ScoreRequest = z.infer<typeof scoreSchema>;

/** Decode a body as JSON, or fail with 400 invalid_json. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new EnvError(400, 'invalid_json', `the body is not valid JSON (${(error as Error).message})`);
  }
}

/** Check a decoded body against a schema; the first bad field names the error. */
export function parseBody<T>(schema: z.ZodType<T>, value: unknown, prefix = ''): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue?.path.map(String).join('.') ?? '';
  const field = [prefix, path].filter(Boolean).join('.') || '(body)';
  throw invalidField(field, issue ? describeIssue(issue) : 'invalid');
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') return `expected ${issue.expected}`;
  return issue.message;
}

// ---------------------------------------------------------------------------
// Replies (the shapes the server sends; documented in docs/env-server.md)
// ---------------------------------------------------------------------------

export interface Message {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export type VerdictStatus = 'ok' | 'no_answer' | 'timeout' | 'infra_error';
export type DoneReason = 'solved' | 'max_attempts' | 'infra_error';

export interface PublicVerdict {
  correct: boolean;
  extracted: string | null;
  status: VerdictStatus;
}

export interface PublicTask {
  domain: string;
  id: string;
  difficulty: number | null;
}

export interface StartReply {
  episode_id: string;
  episode_key: string;
  status: 'awaiting_attempt';
  attempt: 0;
  max_attempts: number;
  messages: Message[];
  task: PublicTask;
}

export interface AttemptReply {
  episode_id: string;
  attempt: number;
  verdict: PublicVerdict;
  done: boolean;
  reason: DoneReason | null;
  feedback: { role: 'user'; content: string } | null;
  reward: { step: number | null; episode: number | null };
}

export type EpisodeStatus = 'awaiting_attempt' | 'done' | 'expired';

export interface EpisodeState {
  episode_id: string;
  episode_key: string;
  status: EpisodeStatus;
  attempt: number;
  max_attempts: number;
  discount: number;
  teacher: string;
  done: boolean;
  /** solved | max_attempts | infra_error, a finish reason, or `expired`. */
  reason: string | null;
  solved_at: number | null;
  reward: { episode: number | null };
  messages: Message[];
  verdicts: Array<PublicVerdict & { attempt: number }>;
  task: PublicTask;
}
