import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDomain } from '../../src/domains/registry.js';
import { call, type EnvServer, startEnvServer } from '../helpers/env-server.js';

// Code attempts run in the sandbox pool. When its slots and queue are taken, the server answers
// 429 with Retry-After at once (or after --max-wait), never holding the request; the refused
// attempt was not taken, so the client retries the same attempt number and gets judged.

let server: EnvServer;
const tasks = getDomain('code').generate({ n: 12, seed: 5, difficulty: 1 });
const python = (source: string): string => `\`\`\`python\n${source}\n\`\`\``;
const MAX_WAIT_MS = 400;

beforeAll(async () => {
  server = await startEnvServer(['--sandbox-workers', '1', '--queue-limit', '2', '--max-wait', String(MAX_WAIT_MS / 1000)]);
}, 30_000);
afterAll(async () => {
  await server?.stop();
});

describe('didactic env serve: backpressure', () => {
  it('answers 429 + Retry-After when the sandbox pool is full, and judges the retried attempt', async () => {
    const ids: string[] = [];
    for (let i = 0; i < tasks.length; i++) {
      const r = await call(server.url, 'POST', '/v1/episodes', { episode_key: `bp/${i}`, task: { domain: 'code', seed: 5, index: i } });
      ids.push(r.body.episode_id);
    }
    const attempt = (i: number) => {
      const task = tasks[i];
      if (!task) throw new Error('no task');
      return call(server.url, 'POST', `/v1/episodes/${ids[i]}/attempts`, { attempt: 1, text: python(task.privileged.answer) });
    };
    // The first attempt holds the only slot while Python loads (seconds); the rest find it full.
    const timed = await Promise.all(
      tasks.map(async (_t, i) => {
        const t = performance.now();
        const r = await attempt(i);
        return { i, r, ms: performance.now() - t };
      }),
    );
    const refused = timed.filter(({ r }) => r.status === 429);
    expect(refused.length).toBeGreaterThanOrEqual(tasks.length - 3);
    for (const { r, ms } of refused) {
      expect(r.body.error).toMatchObject({ code: 'busy', retryable: true, pool: 'sandbox' });
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(ms).toBeLessThan(MAX_WAIT_MS + 1500);
    }
    // Retried with backoff, every refused attempt is judged, and the reference solution passes.
    for (const { i } of refused) {
      let r = await attempt(i);
      for (let tries = 0; r.status === 429 && tries < 50; tries++) {
        await new Promise((done) => setTimeout(done, 100));
        r = await attempt(i);
      }
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ done: true, reason: 'solved', verdict: { correct: true, status: 'ok' } });
    }
    const stats = await call(server.url, 'GET', '/v1/stats');
    expect(stats.body.queues.sandbox.rejected).toBeGreaterThanOrEqual(refused.length);
    expect(stats.body.rejections.busy).toBeGreaterThanOrEqual(refused.length);
  }, 60_000);

  it('gives code feedback through the sandbox, and never the reference solution', async () => {
    const task = tasks[0];
    if (!task) throw new Error('no task');
    const id = (await call(server.url, 'POST', '/v1/episodes', { episode_key: 'bp/fb', task: { domain: 'code', id: task.id } })).body
      .episode_id;
    const r = await call(server.url, 'POST', `/v1/episodes/${id}/attempts`, {
      attempt: 1,
      text: python(`def ${task.privileged.entryPoint}(*args):\n    return None`),
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ done: false, verdict: { correct: false, status: 'ok' } });
    expect(r.body.feedback.content).not.toContain(task.privileged.answer);
    expect(getDomain('code').leaks(task, r.body.feedback.content)).toBe(false);
  }, 30_000);

  it('ends an episode whose attempt times out in the sandbox as infra_error, unscored', async () => {
    const task = tasks[1];
    if (!task) throw new Error('no task');
    const id = (await call(server.url, 'POST', '/v1/episodes', { episode_key: 'bp/loop', task: { domain: 'code', id: task.id } })).body
      .episode_id;
    const r = await call(server.url, 'POST', `/v1/episodes/${id}/attempts`, {
      attempt: 1,
      text: python(`def ${task.privileged.entryPoint}(*args):\n    while True:\n        pass`),
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ done: true, reason: 'infra_error', feedback: null, verdict: { correct: false, status: 'timeout' } });
    expect(r.body.reward).toEqual({ step: null, episode: null });
  }, 30_000);
});
