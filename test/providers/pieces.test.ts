import { describe, expect, it } from 'vitest';
import { generationSettings } from '../../src/cli/settings.js';
import { redact, retryAfterMs } from '../../src/providers/call-error.js';
import { estimateCost, priceOf } from '../../src/providers/prices.js';
import { backoffMs, DEFAULT_RETRY_POLICY } from '../../src/runner/calls/retry.js';

describe('retry pieces', () => {
  it('reads Retry-After as seconds, as an HTTP date, and retry-after-ms', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs({ 'Retry-After': '3' }, now)).toBe(3000);
    expect(retryAfterMs({ 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }, now)).toBe(5000);
    expect(retryAfterMs({ 'retry-after-ms': '250', 'retry-after': '9' }, now)).toBe(250);
    expect(retryAfterMs({ 'retry-after': 'soon' }, now)).toBeUndefined();
    expect(retryAfterMs(undefined)).toBeUndefined();
  });

  it('backs off exponentially with jitter and a cap', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000 };
    expect([0, 1, 2, 3, 4].map((r) => backoffMs(policy, r, () => 0.5))).toEqual([100, 200, 400, 800, 1000]);
    expect(backoffMs(policy, 1, () => 0)).toBe(100);
    expect(backoffMs(policy, 1, () => 0.999)).toBe(300);
  });

  it('redacts every occurrence of a secret', () => {
    expect(redact('key sk-abcdef and again sk-abcdef', ['sk-abcdef'])).toBe('key [redacted] and again [redacted]');
  });
});

describe('price table', () => {
  it('matches dated model names by prefix and leaves unknown models unpriced', () => {
    expect(priceOf('openai:gpt-4o-mini-2024-07-18')).toEqual([0.15, 0.6]);
    expect(priceOf('openai:gpt-4o')).toEqual([2.5, 10]);
    expect(priceOf('embedded:base')).toEqual([0, 0]);
    expect(priceOf('openai:gpt-4omni')).toBeNull();
    expect(priceOf('openai-compatible:http://x/v1#gpt-4o')).toBeNull();
    expect(estimateCost('anthropic:claude-3-5-haiku-20241022', { inputTokens: 1_000_000, outputTokens: 1_000_000 })).toBeCloseTo(4.8, 10);
    expect(estimateCost('module:x.js', { inputTokens: 10, outputTokens: 10 })).toBeNull();
  });
});

describe('generation settings flags', () => {
  it('parses the fields and names a bad one', () => {
    expect(generationSettings('--teacher-settings')('temperature=0.2, topP=0.9,maxTokens=64,stop=###|END')).toEqual({
      temperature: 0.2,
      topP: 0.9,
      maxTokens: 64,
      stop: ['###', 'END'],
    });
    expect(() => generationSettings('--judge-settings')('maxTokens=0')).toThrow(
      /--judge-settings: field "maxTokens" must be an integer ≥ 1/,
    );
    expect(() => generationSettings('--judge-settings')('seed=3')).toThrow(/unknown field "seed"/);
  });
});
