import pLimit, { type LimitFunction } from 'p-limit';

/**
 * How many model calls may be in flight: at most `global` overall and at most
 * `perProvider[prefix]` to one provider (`openai`, `anthropic`, `openai-compatible`, …).
 * Waiting for a retry does not hold a slot.
 */
export class CallLimits {
  private readonly global: LimitFunction;
  private readonly providers = new Map<string, LimitFunction>();
  private readonly perProvider: Record<string, number>;

  constructor(options: { global: number; perProvider?: Record<string, number> }) {
    this.global = pLimit(Math.max(1, options.global));
    this.perProvider = options.perProvider ?? {};
  }

  run<T>(provider: string, call: () => Promise<T>): Promise<T> {
    const cap = this.perProvider[provider];
    if (cap === undefined) return this.global(call);
    let limit = this.providers.get(provider);
    if (!limit) {
      limit = pLimit(Math.max(1, cap));
      this.providers.set(provider, limit);
    }
    const providerLimit = limit;
    // Provider slot first, so a saturated provider does not sit on global slots others could use.
    return providerLimit(() => this.global(call));
  }
}

/** The provider part of a model spec (`openai-compatible:http://…#m` → `openai-compatible`). */
export function providerOf(spec: string): string {
  const colon = spec.indexOf(':');
  return colon < 0 ? spec : spec.slice(0, colon);
}
