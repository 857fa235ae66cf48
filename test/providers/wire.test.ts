import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createModel } from '../../src/models/registry.js';
import { CallLimits } from '../../src/runner/calls/limits.js';
import { ModelCallFailed, ModelCalls } from '../../src/runner/calls/managed-model.js';
import { RunStore } from '../../src/store/run-store.js';
import { startFakeServer, type FakeServer } from '../helpers/fake-llm-server.js';

// Real HTTP against a node:http server speaking the OpenAI, Anthropic and Gemini wire formats.

const KEY = 'sk-test-0123456789abcdef-secret';
let server: FakeServer;
let dir: string;
const savedEnv = { ...process.env };

beforeAll(async () => {
  server = await startFakeServer((r) => `echo(${r.wire}:${r.model}) ${r.messages.at(-1)?.content ?? ''}`);
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  server.requests.length = 0;
  server.faults.length = 0;
  process.env = { ...savedEnv };
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function freshStore(): RunStore {
  dir = mkdtempSync(join(tmpdir(), 'didactic-wire-'));
  return RunStore.open(dir, { create: true });
}

const ask = {
  messages: [
    { role: 'system' as const, content: 'Be brief.' },
    { role: 'user' as const, content: 'hello' },
  ],
};

describe('providers over HTTP', () => {
  it('openai-compatible: sends chat completions with system, settings and bearer key', async () => {
    process.env.OPENAI_COMPATIBLE_API_KEY = KEY;
    const model = await createModel(`openai-compatible:${server.url}/v1#tiny`);
    const out = await model.generate({ ...ask, settings: { temperature: 0.3, maxTokens: 20, seed: 7, stop: ['###'] } });
    expect(out.text).toBe('echo(openai:tiny) hello');
    expect(out.usage.outputTokens).toBeGreaterThan(0);
    const req = server.requests[0]!;
    expect(req.system).toBe('Be brief.');
    expect(req.body).toMatchObject({ temperature: 0.3, max_tokens: 20, seed: 7, stop: ['###'] });
    expect(req.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('anthropic: speaks the messages API with x-api-key and a separate system prompt', async () => {
    process.env.ANTHROPIC_API_KEY = KEY;
    process.env.ANTHROPIC_BASE_URL = `${server.url}/v1`;
    const model = await createModel('anthropic:claude-3-5-haiku-latest');
    const out = await model.generate(ask);
    expect(out.text).toBe('echo(anthropic:claude-3-5-haiku-latest) hello');
    expect(server.requests[0]!.wire).toBe('anthropic');
    expect(server.requests[0]!.system).toBe('Be brief.');
    expect(server.requests[0]!.headers['x-api-key']).toBe(KEY);
  });

  it('openai and google: reach their endpoints; a missing key names the variable', async () => {
    process.env.OPENAI_API_KEY = KEY;
    process.env.OPENAI_BASE_URL = `${server.url}/v1`;
    process.env.GOOGLE_GENERATIVE_AI_API_KEY = KEY;
    process.env.GOOGLE_GENERATIVE_AI_BASE_URL = `${server.url}/v1beta`;
    expect((await (await createModel('openai:gpt-4o-mini')).generate(ask)).text).toBe('echo(openai:gpt-4o-mini) hello');
    expect((await (await createModel('google:gemini-2.5-flash')).generate(ask)).text).toBe('echo(google:gemini-2.5-flash) hello');
    delete process.env.ANTHROPIC_API_KEY;
    await expect(createModel('anthropic:claude-sonnet-4')).rejects.toThrow(/ANTHROPIC_API_KEY/);
    await expect(createModel('openai-compatible:not a url#m')).rejects.toThrow(/is not a URL/);
    await expect(createModel(`openai-compatible:${server.url}/v1`)).rejects.toThrow(/needs a model name after "#"/);
  });

  it('never puts the API key in an error, even when the server echoes it', async () => {
    process.env.OPENAI_COMPATIBLE_API_KEY = KEY;
    server.faults.push({ type: 'status', status: 401, body: JSON.stringify({ error: { message: `Incorrect API key provided: ${KEY}` } }) });
    const store = freshStore();
    const calls = new ModelCalls({ store, retry: { maxRetries: 3 } });
    const model = calls.wrap(await createModel(`openai-compatible:${server.url}/v1#tiny`), 'student');
    const error = (await model.generate(ask).then(
      () => new Error('expected the call to fail'),
      (e: unknown) => e,
    )) as Error;
    expect(error).toBeInstanceOf(ModelCallFailed);
    expect(error.message).toMatch(/401/);
    expect(error.message).not.toContain(KEY);
    expect(error.message).toContain('[redacted]');
    expect(server.requests).toHaveLength(1); // 401 is not retried
    const logged = store.calls();
    expect(logged[0]).toMatchObject({ status: 'error', httpStatus: 401 });
    expect(JSON.stringify(logged)).not.toContain(KEY);
    store.close();
  });
});

describe('the call runner: retries, timeouts, cache, limits', () => {
  async function setup(retry: Record<string, number> = {}) {
    const store = freshStore();
    const delays: number[] = [];
    const calls = new ModelCalls({
      store,
      retry: { maxRetries: 3, baseDelayMs: 100, timeoutMs: 400, ...retry },
      random: () => 0.5,
      sleep: async (ms) => {
        delays.push(ms);
      },
    });
    const model = calls.wrap(await createModel(`openai-compatible:${server.url}/v1#tiny`), 'student');
    return { store, delays, model };
  }

  it('retries 429 honouring Retry-After, then 500 with exponential backoff, and records every failure', async () => {
    const { store, delays, model } = await setup();
    server.faults.push({ type: 'status', status: 429, headers: { 'retry-after': '2' } }, { type: 'status', status: 500 });
    const out = await model.generate(ask);
    expect(out.text).toBe('echo(openai:tiny) hello');
    expect(server.requests).toHaveLength(3);
    expect(delays).toEqual([2000, 200]); // Retry-After wins; then base × 2^1 (jitter at its midpoint)
    expect(store.calls().map((c) => [c.try, c.status, c.httpStatus ?? null])).toEqual([
      [0, 'error', 429],
      [1, 'error', 500],
      [2, 'ok', null],
    ]);
    store.close();
  });

  it('treats a slow response past the timeout, a cut connection and malformed JSON as retryable', async () => {
    const { store, model } = await setup();
    server.faults.push({ type: 'slow', ms: 1500 }, { type: 'cut' }, { type: 'malformed' });
    const out = await model.generate(ask);
    expect(out.text).toBe('echo(openai:tiny) hello');
    expect(store.calls().map((c) => c.errorKind ?? c.status)).toEqual(['timeout', 'network', 'malformed', 'ok']);
    store.close();
  });

  it('retries the Anthropic messages API on 429 and overloaded 529 responses', async () => {
    process.env.ANTHROPIC_API_KEY = KEY;
    process.env.ANTHROPIC_BASE_URL = `${server.url}/v1`;
    const store = freshStore();
    const delays: number[] = [];
    const calls = new ModelCalls({ store, retry: { baseDelayMs: 100 }, random: () => 0.5, sleep: async (ms) => void delays.push(ms) });
    const model = calls.wrap(await createModel('anthropic:claude-sonnet-4-20250514'), 'teacher', { maxTokens: 50 });
    const error = (type: string) => JSON.stringify({ type: 'error', error: { type, message: type } });
    server.faults.push(
      { type: 'status', status: 429, headers: { 'retry-after': '1' }, body: error('rate_limit_error') },
      { type: 'status', status: 529, body: error('overloaded_error') },
    );
    const out = await model.generate(ask);
    expect(out.text).toBe('echo(anthropic:claude-sonnet-4-20250514) hello');
    expect(server.requests.map((r) => r.body.max_tokens)).toEqual([50, 50, 50]);
    expect(delays).toEqual([1000, 200]);
    expect(store.calls().map((c) => c.httpStatus ?? c.status)).toEqual([429, 529, 'ok']);
    expect(store.usageByRole().teacher?.estimatedCostUsd).toBeGreaterThan(0);
    store.close();
  });

  it('gives up after the last retry, and never caches the error', async () => {
    const { store, model } = await setup({ maxRetries: 2 });
    for (let i = 0; i < 3; i++) server.faults.push({ type: 'status', status: 503 });
    await expect(model.generate(ask)).rejects.toThrow(/gave up after 3 tries/);
    expect(server.requests).toHaveLength(3);
    const out = await model.generate(ask); // the server has recovered: a real call, not a cached error
    expect(out.text).toBe('echo(openai:tiny) hello');
    expect(server.requests).toHaveLength(4);
    store.close();
  });

  it('answers a repeated request from the cache; a different sample index or setting is a new call', async () => {
    const { store, model } = await setup();
    const first = await model.generate({ ...ask, settings: { seed: 1 } });
    const again = await model.generate({ ...ask, settings: { seed: 1 } });
    // The cache replays the text and its usage (not the model id the provider reported).
    expect({ text: again.text, usage: again.usage }).toEqual({ text: first.text, usage: first.usage });
    expect(server.requests).toHaveLength(1);
    await model.generate({ ...ask, settings: { seed: 1 }, sampleIndex: 1 });
    await model.generate({ ...ask, settings: { seed: 2 } });
    expect(server.requests).toHaveLength(3);
    expect(store.calls().map((c) => c.status)).toEqual(['ok', 'cached', 'ok', 'ok']);
    store.close();
  });

  it('holds per-provider and global concurrency limits', async () => {
    const slow = await startFakeServer(() => 'ok', { delayMs: 40 });
    try {
      const calls = new ModelCalls({ limits: new CallLimits({ global: 3, perProvider: { 'openai-compatible': 2 } }) });
      const model = calls.wrap(await createModel(`openai-compatible:${slow.url}/v1#m`), 'student');
      await Promise.all(Array.from({ length: 8 }, (_, i) => model.generate({ messages: [{ role: 'user', content: `q${i}` }] })));
      expect(slow.requests).toHaveLength(8);
      expect(slow.maxInFlight).toBe(2);
      const unlimited = new ModelCalls({ limits: new CallLimits({ global: 5 }) }).wrap(
        await createModel(`openai-compatible:${slow.url}/v1#m`),
        'student',
      );
      slow.maxInFlight = 0;
      await Promise.all(Array.from({ length: 10 }, (_, i) => unlimited.generate({ messages: [{ role: 'user', content: `r${i}` }] })));
      expect(slow.maxInFlight).toBe(5);
    } finally {
      await slow.close();
    }
  });

  it('prices known models and leaves unknown ones unpriced', async () => {
    process.env.OPENAI_API_KEY = KEY;
    process.env.OPENAI_BASE_URL = `${server.url}/v1`;
    const store = freshStore();
    const calls = new ModelCalls({ store });
    await calls.wrap(await createModel('openai:gpt-4o-mini'), 'teacher').generate(ask);
    await calls.wrap(await createModel(`openai-compatible:${server.url}/v1#tiny`), 'student').generate(ask);
    const usage = store.usageByRole();
    const teacher = usage.teacher!;
    expect(teacher.estimatedCostUsd).toBeCloseTo((teacher.inputTokens * 0.15 + teacher.outputTokens * 0.6) / 1e6, 12);
    expect(usage.student!.estimatedCostUsd).toBeNull();
    expect(usage.student!.unpricedCalls).toBe(1);
    // A role mixing priced and unpriced models sums what it can and says how much it could not.
    await calls
      .wrap(await createModel(`openai-compatible:${server.url}/v1#tiny`), 'teacher')
      .generate({ messages: [{ role: 'user', content: 'critique' }] });
    expect(store.usageByRole().teacher).toMatchObject({ estimatedCostUsd: teacher.estimatedCostUsd, unpricedCalls: 1 });
    store.close();
  });
});
