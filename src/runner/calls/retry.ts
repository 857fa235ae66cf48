import { ProviderCallError } from '../../providers/call-error.js';

export interface RetryPolicy {
  /** Retries after the first try; 0 disables retrying. */
  maxRetries: number;
  /** First backoff delay; doubled each retry, with ±50% jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Per-try time limit. */
  timeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 5, baseDelayMs: 1000, maxDelayMs: 60_000, timeoutMs: 120_000 };

/** A longest wait a server may ask for before we give the call up instead. */
const MAX_RETRY_AFTER_MS = 5 * 60_000;

/** Exponential backoff with jitter, so many clients hit by one 429 do not return in lockstep. */
export function backoffMs(policy: RetryPolicy, retry: number, random: () => number = Math.random): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.round(exponential * (0.5 + random()));
}

/** How long to wait before the next try, or null if the error is not worth retrying. */
export function retryDelay(policy: RetryPolicy, error: unknown, retry: number, random?: () => number): number | null {
  if (retry >= policy.maxRetries) return null;
  if (!(error instanceof ProviderCallError) || !error.retryable) return null;
  if (error.retryAfterMs !== undefined) return error.retryAfterMs <= MAX_RETRY_AFTER_MS ? error.retryAfterMs : null;
  return backoffMs(policy, retry, random);
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
