import { sha256 } from '../../core/hash.js';
import type { ChatRequest } from '../../core/types.js';

/**
 * The identity of a model call: model spec (provider and model), sampling settings, the whole
 * message history and the sample index. Equal keys are the same draw, so a stored answer can
 * stand in for a new call.
 */
export function cacheKey(model: string, request: ChatRequest): string {
  const s = request.settings ?? {};
  const settings = {
    temperature: s.temperature ?? null,
    topP: s.topP ?? null,
    maxTokens: s.maxTokens ?? null,
    seed: s.seed ?? null,
    stop: s.stop ?? null,
  };
  const identity = JSON.stringify({
    v: 1,
    model,
    settings,
    messages: request.messages,
    sampleIndex: request.sampleIndex ?? 0,
    // Only present when set, so keys of ordinary student calls stay as they were.
    ...(request.respondAs && request.respondAs !== 'assistant' ? { respondAs: request.respondAs } : {}),
  });
  return sha256(identity);
}
