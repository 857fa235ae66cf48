import { spawn, type ChildProcess } from 'node:child_process';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.js';
import { tinyModelDir } from '../helpers/tiny-model.js';

// `didactic serve` started as a user would, then driven by the official openai client.

let server: ChildProcess;
let baseURL = '';

beforeAll(async () => {
  const dir = tinyModelDir(2);
  server = spawn(process.execPath, [CLI, 'serve', '--model', `embedded:${dir}`, '--port', '0', '--name', 'tiny'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  baseURL = await new Promise<string>((resolve, reject) => {
    let out = '';
    server.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /at (http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    server.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    server.once('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
});

afterAll(() => {
  server?.kill('SIGTERM');
});

describe('didactic serve (OpenAI-compatible)', () => {
  it('lists the model and answers a chat completion', async () => {
    const client = new OpenAI({ baseURL, apiKey: 'unused' });
    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toEqual(['tiny']);
    const completion = await client.chat.completions.create({
      model: 'tiny',
      messages: [
        { role: 'system', content: 'Solve the problem.' },
        { role: 'user', content: 'What is 2 + 3?' },
      ],
      max_tokens: 5,
      temperature: 0.8,
      seed: 4,
    });
    expect(completion.object).toBe('chat.completion');
    expect(completion.choices[0]?.message.role).toBe('assistant');
    expect(typeof completion.choices[0]?.message.content).toBe('string');
    expect(completion.usage?.completion_tokens).toBeGreaterThan(0);
    expect(completion.usage?.completion_tokens).toBeLessThanOrEqual(5);
    expect(['stop', 'length']).toContain(completion.choices[0]?.finish_reason);
  });

  it('streams the same text as the non-streamed answer for the same seed', async () => {
    const client = new OpenAI({ baseURL, apiKey: 'unused' });
    const request = {
      model: 'tiny',
      messages: [{ role: 'user' as const, content: 'What is the answer?' }],
      max_tokens: 8,
      temperature: 1,
      seed: 9,
    };
    const whole = await client.chat.completions.create(request);
    const stream = await client.chat.completions.create({ ...request, stream: true, stream_options: { include_usage: true } });
    let text = '';
    let finish: string | null = null;
    let chunks = 0;
    let usage = 0;
    for await (const chunk of stream) {
      chunks++;
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      usage = chunk.usage?.completion_tokens ?? usage;
    }
    expect(chunks).toBeGreaterThan(2);
    expect(text).toBe(whole.choices[0]?.message.content);
    expect(finish).toBe(whole.choices[0]?.finish_reason);
    expect(usage).toBe(whole.usage?.completion_tokens);
  });

  it('rejects malformed requests with OpenAI-style error bodies', async () => {
    const post = async (body: string) => {
      const response = await fetch(`${baseURL}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      return {
        status: response.status,
        body: (await response.json()) as { error: { message: string; type: string; param: string | null } },
      };
    };
    const notJson = await post('{"model": "tiny", ');
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.type).toBe('invalid_request_error');

    const noMessages = await post(JSON.stringify({ model: 'tiny' }));
    expect(noMessages.status).toBe(400);
    expect(noMessages.body.error.param).toBe('messages');

    const badRole = await post(JSON.stringify({ model: 'tiny', messages: [{ role: 'wizard', content: 'hi' }] }));
    expect(badRole.status).toBe(400);
    expect(badRole.body.error.param).toBe('messages.0.role');

    const unknownModel = await post(JSON.stringify({ model: 'gpt-9', messages: [{ role: 'user', content: 'hi' }] }));
    expect(unknownModel.status).toBe(404);
    expect(unknownModel.body.error.message).toContain('gpt-9');

    const client = new OpenAI({ baseURL, apiKey: 'unused', maxRetries: 0 });
    const error = await client.chat.completions
      .create({ model: 'tiny', messages: [{ role: 'user', content: 'hi' }], temperature: 7 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('temperature');

    const missing = await fetch(`${baseURL}/completions`, { method: 'POST', body: '{}' });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { type: string } }).error.type).toBe('not_found_error');
  });
});
