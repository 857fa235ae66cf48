import { z } from 'zod';
import type { EpisodeQuery } from '../store/run-store.js';

// The listing's query string, checked before it reaches SQL; a bad value is a 400 naming the field.

export const PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v === '' ? undefined : v));

const listingSchema = z.object({
  domain: optionalText,
  condition: optionalText,
  outcome: z
    .enum(['', 'solved', 'unsolved', 'errored', 'running'], { error: 'must be one of solved, unsolved, errored, running' })
    .optional()
    .transform((v) => (v === '' ? undefined : v)),
  solvedAt: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v === '' ? undefined : Number(v)))
    .refine((v) => v === undefined || (Number.isInteger(v) && v >= 1), { error: 'must be an integer ≥ 1' }),
  q: z.string().max(200).optional(),
  offset: z.coerce
    .number({ error: 'must be an integer ≥ 0' })
    .int({ error: 'must be an integer ≥ 0' })
    .min(0, { error: 'must be an integer ≥ 0' })
    .default(0),
  limit: z.coerce
    .number({ error: `must be an integer from 1 to ${MAX_PAGE_SIZE}` })
    .int({ error: `must be an integer from 1 to ${MAX_PAGE_SIZE}` })
    .min(1, { error: `must be an integer from 1 to ${MAX_PAGE_SIZE}` })
    .max(MAX_PAGE_SIZE, { error: `must be an integer from 1 to ${MAX_PAGE_SIZE}` })
    .default(PAGE_SIZE),
});

export type ListingParseResult = { ok: true; query: EpisodeQuery } | { ok: false; error: string };

export function parseListingQuery(params: Record<string, string>): ListingParseResult {
  const parsed = listingSchema.safeParse(params);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') ?? 'query';
    return { ok: false, error: `query parameter "${field}": ${issue?.message ?? 'invalid'}` };
  }
  const p = parsed.data;
  const query: EpisodeQuery = { offset: p.offset, limit: p.limit };
  if (p.domain !== undefined) query.domain = p.domain;
  if (p.condition !== undefined) query.condition = p.condition;
  if (p.outcome !== undefined) query.outcome = p.outcome;
  if (p.solvedAt !== undefined) query.solvedAt = p.solvedAt;
  const text = p.q?.trim();
  if (text) query.text = text;
  return { ok: true, query };
}
