import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModel } from '../../src/models/registry.js';
import { type FakeServer, startFakeServer } from '../helpers/fake-llm-server.js';

// Reasoning-model settings reach each provider's wire format, and the model id the provider
// reports back (a dated version of an alias) comes back with the reply.

let server: FakeServer;
const KEY = 'sk-test-reasoning';
const ask = { messages: [{ role: 'user' as const, content: 'hello' }] };

beforeAll(async () => {
  server = await startFakeServer(() => 'Answer: 4', { reportModel: (asked) => `${asked}-2025-01-31` });
});
afterAll(async () => {
  await server.close();
});

describe('reasoning settings and reported model ids over HTTP', () => {
  it('openai: reasoning effort as reasoning_effort; the reported model id', async () => {
    process.env.OPENAI_API_KEY = KEY;
    process.env.OPENAI_BASE_URL = `${server.url}/v1`;
    const model = await createModel('openai:o3-mini');
    const out = await model.generate({ ...ask, settings: { reasoningEffort: 'high' } });
    expect(server.requests.at(-1)?.body).toMatchObject({ reasoning_effort: 'high' });
    expect(out.modelId).toBe('o3-mini-2025-01-31');
  });

  it('anthropic: a thinking budget as thinking.budget_tokens', async () => {
    process.env.ANTHROPIC_API_KEY = KEY;
    process.env.ANTHROPIC_BASE_URL = `${server.url}/v1`;
    const model = await createModel('anthropic:claude-sonnet-4-0');
    const out = await model.generate({ ...ask, settings: { thinkingBudget: 2048, maxTokens: 4096 } });
    expect(server.requests.at(-1)?.body).toMatchObject({ thinking: { type: 'enabled', budget_tokens: 2048 } });
    expect(out.modelId).toBe('claude-sonnet-4-0-2025-01-31');
  });

  it('google: a thinking budget as generationConfig.thinkingConfig.thinkingBudget', async () => {
    process.env.GOOGLE_GENERATIVE_AI_API_KEY = KEY;
    process.env.GOOGLE_GENERATIVE_AI_BASE_URL = `${server.url}/v1beta`;
    const model = await createModel('google:gemini-2.5-flash');
    await model.generate({ ...ask, settings: { thinkingBudget: 512 } });
    expect(server.requests.at(-1)?.body).toMatchObject({ generationConfig: { thinkingConfig: { thinkingBudget: 512 } } });
  });
});
