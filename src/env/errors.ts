// Every failure the environment server reports has one shape, `{error:{code, message, retryable}}`,
// plus optional fields (`expected`, `field`, `state`) a client can act on. Handlers throw EnvError;
// the app turns it into the response, so no handler writes an error body itself.

export type ErrorCode =
  | 'invalid_json'
  | 'invalid_request'
  | 'unknown_domain'
  | 'unknown_teacher'
  | 'unknown_task'
  | 'unauthorized'
  | 'not_found'
  | 'episode_not_found'
  | 'key_conflict'
  | 'attempt_conflict'
  | 'out_of_order'
  | 'episode_done'
  | 'episode_expired'
  | 'body_too_large'
  | 'busy'
  | 'internal';

export type ErrorStatus = 400 | 401 | 404 | 409 | 410 | 413 | 429 | 500;

export interface ErrorBody {
  error: { code: ErrorCode; message: string; retryable: boolean; [extra: string]: unknown };
}

export class EnvError extends Error {
  constructor(
    readonly status: ErrorStatus,
    readonly code: ErrorCode,
    message: string,
    readonly extra: Record<string, unknown> = {},
    /** Seconds a client should wait before retrying (sent as Retry-After). */
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'EnvError';
  }

  get retryable(): boolean {
    return this.status === 429 || this.status >= 500;
  }

  body(): ErrorBody {
    return { error: { code: this.code, message: this.message, retryable: this.retryable, ...this.extra } };
  }
}

export function invalidField(field: string, problem: string): EnvError {
  return new EnvError(400, 'invalid_request', `field "${field}": ${problem}`, { field });
}

/** Any failure as an EnvError: unknown ones are internal (500) and keep their message. */
export function toEnvError(error: unknown): EnvError {
  if (error instanceof EnvError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new EnvError(500, 'internal', `internal error: ${message}`);
}
