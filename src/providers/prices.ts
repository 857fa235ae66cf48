import type { TokenUsage } from '../core/types.js';

/**
 * ESTIMATES ONLY: list prices in US dollars per million tokens (input, output) as the providers
 * published them in 2025, for standard (non-batch, non-cached) use. Providers change prices and
 * bill extras (cached input, long contexts, reasoning tokens) that this table ignores; check the
 * provider's pricing page before relying on a figure. Unknown models cost null, never 0.
 */
export const PRICE_TABLE_NOTE = 'estimated from 2025 list prices; unknown models are not priced';

const PRICES: Record<string, Record<string, [input: number, output: number]>> = {
  openai: {
    'gpt-4o-mini': [0.15, 0.6],
    'gpt-4o': [2.5, 10],
    'gpt-4.1-nano': [0.1, 0.4],
    'gpt-4.1-mini': [0.4, 1.6],
    'gpt-4.1': [2, 8],
    'gpt-5-nano': [0.05, 0.4],
    'gpt-5-mini': [0.25, 2],
    'gpt-5': [1.25, 10],
    'o4-mini': [1.1, 4.4],
  },
  anthropic: {
    'claude-3-5-haiku': [0.8, 4],
    'claude-3-5-sonnet': [3, 15],
    'claude-3-7-sonnet': [3, 15],
    'claude-sonnet-4': [3, 15],
    'claude-opus-4': [15, 75],
  },
  google: {
    'gemini-2.0-flash-lite': [0.075, 0.3],
    'gemini-2.0-flash': [0.1, 0.4],
    'gemini-2.5-flash-lite': [0.1, 0.4],
    'gemini-2.5-flash': [0.3, 2.5],
    'gemini-2.5-pro': [1.25, 10],
  },
};

/** Price per million tokens for a model spec, matching dated variants by the longest known prefix. */
export function priceOf(spec: string): [number, number] | null {
  const colon = spec.indexOf(':');
  if (colon < 0) return null;
  // didactic's own models run on this machine: no bill, whatever the name.
  if (spec.slice(0, colon) === 'embedded') return [0, 0];
  const table = PRICES[spec.slice(0, colon)];
  if (!table) return null;
  const name = spec.slice(colon + 1);
  const match = Object.keys(table)
    .filter((known) => name === known || name.startsWith(`${known}-`))
    .sort((a, b) => b.length - a.length)[0];
  return match ? (table[match] ?? null) : null;
}

/** Estimated cost in dollars of one call, or null when the model is not in the table. */
export function estimateCost(spec: string, usage: TokenUsage): number | null {
  const price = priceOf(spec);
  return price ? (usage.inputTokens * price[0] + usage.outputTokens * price[1]) / 1e6 : null;
}
