import type { ChatModel, ChatRequest, ChatResponse, GenerationSettings } from '../../core/types.js';
import { ProviderCallError } from '../../providers/call-error.js';
import { estimateCost } from '../../providers/prices.js';
import type { CallRecord, RunStore } from '../../store/run-store.js';
import { cacheKey } from './cache-key.js';
import { currentCallContext } from './context.js';
import { CallLimits, providerOf } from './limits.js';
import { DEFAULT_RETRY_POLICY, retryDelay, sleep, type RetryPolicy } from './retry.js';

export type ModelRole = 'student' | 'teacher' | 'judge';

export interface ModelCallsOptions {
  /** Where calls are logged and responses cached; without it calls are only retried and limited. */
  store?: RunStore;
  limits?: CallLimits;
  retry?: Partial<RetryPolicy>;
  /** Off only to measure the cache itself. */
  cache?: boolean;
  random?: () => number;
  /** How to wait between tries; replaceable so tests can see the delays without waiting them out. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** A call that failed for good: retries exhausted, or an error not worth retrying. */
export class ModelCallFailed extends Error {
  constructor(
    message: string,
    readonly tries: number,
  ) {
    super(message);
    this.name = 'ModelCallFailed';
  }
}

/**
 * Everything the runner adds around a raw model: the response cache, concurrency limits,
 * per-try timeout, retries with backoff and Retry-After, and the call log with tokens and
 * estimated cost. One instance is shared by all roles of a run so the limits are global.
 */
export class ModelCalls {
  private readonly policy: RetryPolicy;
  private readonly limits: CallLimits;
  /** Calls in flight by cache key: an identical request made meanwhile waits for the same answer. */
  private readonly inFlight = new Map<string, Promise<ChatResponse>>();

  constructor(private readonly options: ModelCallsOptions = {}) {
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.limits = options.limits ?? new CallLimits({ global: 64 });
  }

  /** The model as `role` sees it; `defaults` fill settings the caller leaves unset. */
  wrap(model: ChatModel, role: ModelRole, defaults: GenerationSettings = {}): ChatModel {
    return {
      id: model.id,
      ...(model.respondsAs ? { respondsAs: model.respondsAs } : {}),
      generate: (request) => this.generate(model, role, { ...request, settings: { ...defaults, ...request.settings } }),
    };
  }

  private async generate(model: ChatModel, role: ModelRole, request: ChatRequest): Promise<ChatResponse> {
    const { store } = this.options;
    const where = currentCallContext();
    const log = (fields: Omit<CallRecord, 'episodeId' | 'turnIndex' | 'role' | 'model'>): void =>
      store?.recordCall({ episodeId: where?.episodeId ?? null, turnIndex: where?.turnIndex ?? null, role, model: model.id, ...fields });
    const useCache = store !== undefined && this.options.cache !== false;
    const key = useCache ? cacheKey(model.id, request) : '';
    const hit = useCache ? store.cachedResponse(key) : null;
    if (hit) {
      log({ try: 0, status: 'cached', latencyMs: 0, inputTokens: hit.inputTokens, outputTokens: hit.outputTokens, costUsd: 0 });
      return { text: hit.text, usage: { inputTokens: hit.inputTokens, outputTokens: hit.outputTokens } };
    }
    if (!useCache) return this.callWithRetries(model, request, log, null);
    // Conditions share their first attempt (the same draw by design); with several episodes in
    // flight the same request can be made twice at once, and should be paid for once.
    const pending = this.inFlight.get(key);
    if (pending) {
      const shared = await pending;
      log({ try: 0, status: 'cached', latencyMs: 0, ...shared.usage, costUsd: 0 });
      return shared;
    }
    const call = this.callWithRetries(model, request, log, key);
    this.inFlight.set(key, call);
    try {
      return await call;
    } finally {
      this.inFlight.delete(key);
    }
  }

  private async callWithRetries(
    model: ChatModel,
    request: ChatRequest,
    log: (fields: Omit<CallRecord, 'episodeId' | 'turnIndex' | 'role' | 'model'>) => void,
    key: string | null,
  ): Promise<ChatResponse> {
    const { store } = this.options;
    for (let attempt = 0; ; attempt++) {
      let started = performance.now();
      let timedOut = false;
      let timer: NodeJS.Timeout | undefined;
      const controller = new AbortController();
      const onOuterAbort = (): void => controller.abort(request.signal?.reason);
      try {
        const response = await this.limits.run(providerOf(model.id), () => {
          // The clock starts when the call is sent, not while it waits for a slot.
          started = performance.now();
          timer = setTimeout(() => {
            timedOut = true;
            controller.abort(new DOMException('model call timed out', 'TimeoutError'));
          }, this.policy.timeoutMs);
          if (request.signal?.aborted) onOuterAbort();
          else request.signal?.addEventListener('abort', onOuterAbort, { once: true });
          return model.generate({ ...request, signal: controller.signal });
        });
        clearTimeout(timer);
        request.signal?.removeEventListener('abort', onOuterAbort);
        if (typeof response?.text !== 'string') {
          throw new ProviderCallError(`${model.id}: the model returned no text`, { kind: 'malformed', retryable: true });
        }
        const usage = { inputTokens: response.usage?.inputTokens ?? 0, outputTokens: response.usage?.outputTokens ?? 0 };
        log({ try: attempt, status: 'ok', latencyMs: performance.now() - started, ...usage, costUsd: estimateCost(model.id, usage) });
        if (key !== null) store?.cacheResponse(key, model.id, { text: response.text, ...usage });
        // Reasoning parts and their token count pass through (a cached answer replays the text alone).
        const reasoningTokens = response.usage?.reasoningTokens;
        return {
          text: response.text,
          usage: { ...usage, ...(reasoningTokens ? { reasoningTokens } : {}) },
          ...(response.reasoning ? { reasoning: response.reasoning } : {}),
          ...(response.modelId ? { modelId: response.modelId } : {}),
        };
      } catch (raw) {
        clearTimeout(timer);
        request.signal?.removeEventListener('abort', onOuterAbort);
        if (request.signal?.aborted) throw raw;
        const error = timedOut
          ? new ProviderCallError(`${model.id}: no response within ${this.policy.timeoutMs} ms`, { kind: 'timeout', retryable: true })
          : raw;
        const kind = error instanceof ProviderCallError ? error.kind : 'other';
        const message = error instanceof Error ? error.message : String(error);
        log({
          try: attempt,
          status: 'error',
          errorKind: kind,
          ...(error instanceof ProviderCallError && error.status !== undefined ? { httpStatus: error.status } : {}),
          error: message,
          latencyMs: performance.now() - started,
          inputTokens: 0,
          outputTokens: 0,
          costUsd: null,
        });
        const delay = retryDelay(this.policy, error, attempt, this.options.random);
        if (delay === null) {
          const why = error instanceof ProviderCallError && error.retryable ? `gave up after ${attempt + 1} tries` : 'not retryable';
          throw new ModelCallFailed(`${why}: ${message}`, attempt + 1);
        }
        await (this.options.sleep ?? sleep)(delay, request.signal);
      }
    }
  }
}
