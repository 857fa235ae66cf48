import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDomain } from '../../src/domains/registry.js';
import { runCli } from '../helpers/cli.js';
import { call, type EnvServer, startEnvServer } from '../helpers/env-server.js';
import { type FakeServer, type ScriptedRequest, startFakeServer } from '../helpers/fake-llm-server.js';

// A model teacher named at server start (`--teacher tutor=llm:<spec>`), called through the
// runner's call layer (retries, limits) and the leak guard, against a local chat-model server.

const tasks = getDomain('math').generate({ n: 6, seed: 31, difficulty: 2 });
let model: FakeServer;
let server: EnvServer;

const taskOf = (r: ScriptedRequest) => tasks.find((t) => r.messages.some((m) => m.content.includes(t.prompt)));
/** The first text for task 0 gives the answer away; everything else is honest feedback. */
let leakedOnce = false;
const script = (r: ScriptedRequest): string => {
  const task = taskOf(r);
  if (task === tasks[0] && !leakedOnce) {
    leakedOnce = true;
    return `Close! The answer is ${task?.privileged.answer}.`;
  }
  return 'Check the order of operations in your second step.';
};

beforeAll(async () => {
  model = await startFakeServer(script);
  server = await startEnvServer(['--teacher', `tutor=llm:openai-compatible:${model.url}/v1#teacher-model`]);
}, 30_000);
afterAll(async () => {
  await server?.stop();
  await model?.close();
});

const startAndMiss = async (key: string, index: number) => {
  const id = (
    await call(server.url, 'POST', '/v1/episodes', { episode_key: key, task: { domain: 'math', id: tasks[index]?.id }, teacher: 'tutor' })
  ).body.episode_id;
  return call(server.url, 'POST', `/v1/episodes/${id}/attempts`, {
    attempt: 1,
    text: `Answer: ${Number(tasks[index]?.privileged.answer) + 5}`,
  });
};

describe('didactic env serve --teacher name=llm:<spec>', () => {
  it('offers the teacher by its name only', async () => {
    const health = await call(server.url, 'GET', '/v1/health');
    expect(health.body.teachers).toEqual(['scripted', 'unary', 'tutor']);
    const byUrl = await call(server.url, 'POST', '/v1/episodes', {
      episode_key: 'url',
      task: { domain: 'math', seed: 1, index: 0 },
      teacher: `llm:openai-compatible:${model.url}/v1#x`,
    });
    expect(byUrl.status).toBe(400);
    expect(byUrl.body.error.code).toBe('unknown_teacher');
  });

  it('blocks a leaking text, asks again, and sends only the safe one', async () => {
    const before = model.requests.length;
    const r = await startAndMiss('leak', 0);
    expect(r.status).toBe(200);
    expect(r.body.feedback.content).toBe('Check the order of operations in your second step.');
    expect(model.requests.length - before).toBe(2);
    // The teacher saw the reference answer privately; the student never does.
    expect(model.requests.at(-1)?.messages.some((m) => m.content.includes(String(tasks[0]?.privileged.answer)))).toBe(true);
  });

  it('retries a failed model call through the call runner', async () => {
    model.faults.push({ type: 'status', status: 503, headers: { 'retry-after': '0' } });
    const before = model.requests.length;
    const r = await startAndMiss('retry', 1);
    expect(r.body).toMatchObject({ done: false, feedback: { role: 'user' } });
    expect(model.requests.length - before).toBe(2);
  });

  it('ends the episode as infra_error, unscored, when the teacher cannot answer', async () => {
    model.faults.push({
      type: 'status',
      status: 400,
      body: JSON.stringify({ error: { message: 'bad request', type: 'invalid_request_error' } }),
    });
    const r = await startAndMiss('broken', 2);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ done: true, reason: 'infra_error', feedback: null, reward: { step: null, episode: null } });
    expect(r.body.verdict).toMatchObject({ correct: false, status: 'ok' });
  });

  it('refuses a teacher that is not an llm: spec at start, before listening', async () => {
    const r = await runCli(['env', 'serve', '--port', '0', '--teacher', 'tutor=openai:gpt-4o-mini']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--teacher tutor=openai:gpt-4o-mini: the teacher must be llm:<model spec>');
  });

  it('answers 429 + Retry-After when the teacher pool is full', async () => {
    const slow = await startFakeServer(() => 'Look again at the second step.', { delayMs: 1500 });
    const busy = await startEnvServer([
      '--teacher',
      `tutor=llm:openai-compatible:${slow.url}/v1#slow`,
      '--teacher-concurrency',
      '1',
      '--queue-limit',
      '1',
      '--max-wait',
      '0.3',
    ]);
    try {
      const replies = await Promise.all(
        tasks.map(async (task, i) => {
          const id = (
            await call(busy.url, 'POST', '/v1/episodes', {
              episode_key: `pool/${i}`,
              task: { domain: 'math', id: task.id },
              teacher: 'tutor',
            })
          ).body.episode_id;
          return call(busy.url, 'POST', `/v1/episodes/${id}/attempts`, {
            attempt: 1,
            text: `Answer: ${Number(task.privileged.answer) + 5}`,
          });
        }),
      );
      const refused = replies.filter((r) => r.status === 429);
      expect(refused.length).toBeGreaterThanOrEqual(tasks.length - 2);
      for (const r of refused) {
        expect(r.body.error).toMatchObject({ code: 'busy', retryable: true, pool: 'teacher' });
        expect(r.headers.get('retry-after')).toBe('1');
      }
      expect(replies.filter((r) => r.status === 200).every((r) => r.body.feedback?.content === 'Look again at the second step.')).toBe(
        true,
      );
    } finally {
      await busy.stop();
      await slow.close();
    }
  }, 30_000);
});
