/**
 * A failed call to a model provider, already classified for the runner's retry policy.
 * Its message never contains an API key: providers redact their secrets before throwing.
 */
export type CallErrorKind = 'http' | 'timeout' | 'network' | 'malformed' | 'other';

export class ProviderCallError extends Error {
  readonly kind: CallErrorKind;
  readonly status: number | undefined;
  /** How long the server asked us to wait (Retry-After / retry-after-ms), if it said. */
  readonly retryAfterMs: number | undefined;
  readonly retryable: boolean;

  constructor(message: string, fields: { kind: CallErrorKind; retryable: boolean; status?: number; retryAfterMs?: number }) {
    super(message);
    this.name = 'ProviderCallError';
    this.kind = fields.kind;
    this.retryable = fields.retryable;
    this.status = fields.status;
    this.retryAfterMs = fields.retryAfterMs;
  }
}

/** Retry-After is either seconds or an HTTP date; OpenAI also sends retry-after-ms. */
export function retryAfterMs(headers: Record<string, string> | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const lower = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  const ms = Number(lower.get('retry-after-ms'));
  if (lower.has('retry-after-ms') && Number.isFinite(ms) && ms >= 0) return ms;
  const value = lower.get('retry-after');
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (value.trim() !== '' && Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Replace every secret in a text; secrets shorter than 6 characters are not worth hiding (and would mangle text). */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 6) out = out.split(secret).join('[redacted]');
  return out;
}
