import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDomain } from '../../src/domains/registry.js';
import { runCli } from '../helpers/cli.js';
import { call, type EnvServer, startEnvServer } from '../helpers/env-server.js';

// The native JSON API as a trainer meets it: a server in a subprocess, real HTTP.

let server: EnvServer;
let base = '';
const math = getDomain('math');
const tasks = math.generate({ n: 20, seed: 7, difficulty: 1 });
const answer = (i: number): string => tasks[i]?.privileged.answer ?? '';
const wrong = (i: number, by = 1): string => `I think so.\nAnswer: ${Number(answer(i)) + by}`;

beforeAll(async () => {
  server = await startEnvServer(['--max-body', '4096']);
  base = server.url;
}, 30_000);

afterAll(async () => {
  await server?.stop();
});

const start = (key: string, task: unknown = { domain: 'math', seed: 7, index: 0 }, extra: Record<string, unknown> = {}) =>
  call(base, 'POST', '/v1/episodes', { episode_key: key, task, ...extra });

describe('didactic env serve: episodes', () => {
  it('reports health: protocol 1, the domains and the teachers on offer', async () => {
    const r = await call(base, 'GET', '/v1/health');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'ok', protocol: 1, teachers: ['scripted', 'unary'] });
    expect(r.body.domains).toEqual(expect.arrayContaining(['math', 'maze', 'code', 'wordle', 'countdown', 'arc']));
  });

  it('starts an episode (201), replays it (200), refuses the key with another body (409)', async () => {
    const first = await start('start-1', { domain: 'math', seed: 7, index: 3 });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ episode_key: 'start-1', status: 'awaiting_attempt', attempt: 0, max_attempts: 3 });
    expect(first.body.task).toEqual({ domain: 'math', id: 'math-d1-s7-3', difficulty: 1 });
    expect(first.body.messages).toEqual([
      { role: 'system', content: math.systemPrompt },
      { role: 'user', content: tasks[3]?.prompt },
    ]);
    // The same task named by the id `didactic tasks --json` prints is the same start.
    const again = await start('start-1', { domain: 'math', id: 'math-d1-s7-3' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const other = await start('start-1', { domain: 'math', seed: 7, index: 4 });
    expect(other.status).toBe(409);
    expect(other.body.error).toMatchObject({ code: 'key_conflict', retryable: false });
  });

  it('rewards a solve at attempt k with discount^(k−1), on the last step only', async () => {
    const s = await start('reward-1', { domain: 'math', seed: 7, index: 1 }, { discount: 0.7, max_attempts: 4 });
    const id = s.body.episode_id;
    const a1 = await call(base, 'POST', `/v1/episodes/${id}/attempts`, { attempt: 1, text: wrong(1) });
    expect(a1.status).toBe(200);
    expect(a1.body).toMatchObject({ attempt: 1, done: false, reason: null, reward: { step: 0, episode: null } });
    expect(a1.body.verdict).toEqual({ correct: false, extracted: String(Number(answer(1)) + 1), status: 'ok' });
    expect(a1.body.feedback.role).toBe('user');
    expect(a1.body.feedback.content.length).toBeGreaterThan(0);
    const a2 = await call(base, 'POST', `/v1/episodes/${id}/attempts`, { attempt: 2, text: 'no idea' });
    expect(a2.body.verdict.status).toBe('no_answer');
    const a3 = await call(base, 'POST', `/v1/episodes/${id}/attempts`, { attempt: 3, text: `Answer: ${answer(1)}` });
    expect(a3.body).toMatchObject({ done: true, reason: 'solved', feedback: null, verdict: { correct: true, status: 'ok' } });
    expect(a3.body.reward.episode).toBeCloseTo(0.49, 12);
    expect(a3.body.reward.step).toBe(a3.body.reward.episode);
    const state = await call(base, 'GET', `/v1/episodes/${id}`);
    expect(state.body).toMatchObject({ status: 'done', done: true, reason: 'solved', solved_at: 3, attempt: 3 });
    expect(state.body.messages.map((m: { role: string }) => m.role)).toEqual([
      'system',
      'user',
      'assistant',
      'user',
      'assistant',
      'user',
      'assistant',
    ]);
    expect(state.body.verdicts.map((v: { status: string }) => v.status)).toEqual(['ok', 'no_answer', 'ok']);
  });

  it('ends unsolved at max_attempts with reward 0', async () => {
    const id = (await start('max-1', { domain: 'math', seed: 7, index: 2 }, { max_attempts: 2 })).body.episode_id;
    await call(base, 'POST', `/v1/episodes/${id}/attempts`, { attempt: 1, text: wrong(2) });
    const last = await call(base, 'POST', `/v1/episodes/${id}/attempts`, { attempt: 2, text: wrong(2, 2) });
    expect(last.body).toMatchObject({ done: true, reason: 'max_attempts', feedback: null, reward: { step: 0, episode: 0 } });
  });

  it('answers a replayed attempt from the store; other text, order or a done episode are 409', async () => {
    const id = (await start('idem-1', { domain: 'math', seed: 7, index: 5 })).body.episode_id;
    const path = `/v1/episodes/${id}/attempts`;
    const first = await call(base, 'POST', path, { attempt: 1, text: wrong(5) });
    const replay = await call(base, 'POST', path, { attempt: 1, text: wrong(5) });
    expect(replay.status).toBe(200);
    expect(replay.headers.get('idempotent-replay')).toBe('true');
    expect(replay.body).toEqual(first.body);
    const changed = await call(base, 'POST', path, { attempt: 1, text: wrong(5, 3) });
    expect(changed.status).toBe(409);
    expect(changed.body.error).toMatchObject({ code: 'attempt_conflict', field: 'text' });
    const skipped = await call(base, 'POST', path, { attempt: 3, text: wrong(5) });
    expect(skipped.status).toBe(409);
    expect(skipped.body.error).toMatchObject({ code: 'out_of_order', expected: 2 });
    expect(skipped.body.error.message).toContain('expected attempt 2');
    await call(base, 'POST', path, { attempt: 2, text: `Answer: ${answer(5)}` });
    const after = await call(base, 'POST', path, { attempt: 3, text: wrong(5) });
    expect(after.status).toBe(409);
    expect(after.body.error.code).toBe('episode_done');
    expect(after.body.error.state).toMatchObject({ status: 'done', reason: 'solved', solved_at: 2 });
  });

  it('judges concurrent duplicates of one attempt once', async () => {
    const id = (await start('dup-1', { domain: 'math', seed: 7, index: 6 })).body.episode_id;
    const replies = await Promise.all(
      Array.from({ length: 8 }, () => call(base, 'POST', `/v1/episodes/${id}/attempts`, { attempt: 1, text: wrong(6) })),
    );
    expect(new Set(replies.map((r) => r.status))).toEqual(new Set([200]));
    for (const r of replies) expect(r.body).toEqual(replies[0]?.body);
    const state = await call(base, 'GET', `/v1/episodes/${id}`);
    expect(state.body.attempt).toBe(1);
  });

  it('finds an episode by key, finishes it early, and finishing again changes nothing', async () => {
    const s = await start('finish-1', { domain: 'math', seed: 7, index: 7 });
    const byKey = await call(base, 'GET', '/v1/episodes?key=finish-1');
    expect(byKey.body).toMatchObject({ episode_id: s.body.episode_id, status: 'awaiting_attempt', attempt: 0 });
    const done = await call(base, 'POST', `/v1/episodes/${s.body.episode_id}/finish`, { reason: 'truncated' });
    expect(done.body).toMatchObject({ status: 'done', reason: 'truncated', reward: { episode: 0 } });
    const again = await call(base, 'POST', `/v1/episodes/${s.body.episode_id}/finish`, {});
    expect(again.body).toEqual(done.body);
    const missing = await call(base, 'GET', '/v1/episodes?key=never-started');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('episode_not_found');
  });

  it('runs a batch of start, attempt and finish ops, with per-item errors, in order', async () => {
    const id = (await start('batch-0', { domain: 'math', seed: 7, index: 8 })).body.episode_id;
    const r = await call(base, 'POST', '/v1/batch', {
      ops: [
        { op: 'start', episode_key: 'batch-1', task: { domain: 'math', seed: 7, index: 9 } },
        { op: 'attempt', episode_id: id, attempt: 1, text: `Answer: ${answer(8)}` },
        { op: 'start', episode_key: 'batch-2', task: { domain: 'nope', seed: 1, index: 0 } },
        { op: 'attempt', episode_id: 'ep_missing', attempt: 1, text: 'x' },
        { op: 'finish', episode_id: id },
      ],
    });
    expect(r.status).toBe(200);
    const [started, solved, badDomain, missing, finished] = r.body.results;
    expect(started).toMatchObject({ episode_key: 'batch-1', status: 'awaiting_attempt' });
    expect(solved).toMatchObject({ done: true, reason: 'solved', reward: { episode: 1 } });
    expect(badDomain.error).toMatchObject({ code: 'unknown_domain', field: 'task.domain' });
    expect(missing.error.code).toBe('episode_not_found');
    expect(finished).toMatchObject({ status: 'done', reason: 'solved' });
  });

  it('scores a finished dialogue statelessly', async () => {
    const r = await call(base, 'POST', '/v1/score', {
      task: { domain: 'math', id: 'math-d1-s7-10' },
      attempts: [wrong(10), 'hmm', `Answer: ${answer(10)}`],
      discount: 0.5,
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ reward: 0.25, solved_at: 3 });
    expect(r.body.verdicts.map((v: { status: string; correct: boolean }) => [v.status, v.correct])).toEqual([
      ['ok', false],
      ['no_answer', false],
      ['ok', true],
    ]);
  });
});

describe('didactic env serve: bad input', () => {
  it.each([
    ['malformed JSON', '/v1/episodes', '{"episode_key": ', 400, 'invalid_json', undefined],
    [
      'a wrong type',
      '/v1/episodes',
      { episode_key: 'b1', task: { domain: 'math', seed: 'seven', index: 0 } },
      400,
      'invalid_request',
      'task.seed',
    ],
    ['a missing field', '/v1/episodes', { task: { domain: 'math', seed: 1, index: 0 } }, 400, 'invalid_request', 'episode_key'],
    [
      'an unknown domain',
      '/v1/episodes',
      { episode_key: 'b2', task: { domain: 'chess', seed: 1, index: 0 } },
      400,
      'unknown_domain',
      'task.domain',
    ],
    [
      'an unknown teacher',
      '/v1/episodes',
      { episode_key: 'b3', task: { domain: 'math', seed: 1, index: 0 }, teacher: 'llm:openai:gpt-4o' },
      400,
      'unknown_teacher',
      'teacher',
    ],
    ['an unknown task id', '/v1/episodes', { episode_key: 'b4', task: { domain: 'math', id: 'gsm8k-17' } }, 404, 'unknown_task', 'task.id'],
    [
      'a bad difficulty',
      '/v1/episodes',
      { episode_key: 'b5', task: { domain: 'math', seed: 1, difficulty: 9, index: 0 } },
      400,
      'invalid_request',
      'task.difficulty',
    ],
    [
      'a discount above 1',
      '/v1/episodes',
      { episode_key: 'b6', task: { domain: 'math', seed: 1, index: 0 }, discount: 1.5 },
      400,
      'invalid_request',
      'discount',
    ],
    [
      'an attempt of an unknown episode',
      '/v1/episodes/ep_nope/attempts',
      { attempt: 1, text: 'x' },
      404,
      'episode_not_found',
      'episode_id',
    ],
    [
      'an oversize body',
      '/v1/episodes',
      { episode_key: 'b7', task: { domain: 'math', seed: 1, index: 0 }, pad: 'x'.repeat(5000) },
      413,
      'body_too_large',
      undefined,
    ],
    ['a batch that is not a list', '/v1/batch', { ops: 'start' }, 400, 'invalid_request', 'ops'],
  ])('refuses %s with a 4xx naming the field, and stays up', async (_what, path, body, status, code, field) => {
    const r = await call(base, 'POST', path, body);
    expect(r.status).toBe(status);
    expect(r.body.error).toMatchObject({ code, retryable: false });
    expect(typeof r.body.error.message).toBe('string');
    if (field) {
      expect(r.body.error.field).toBe(field);
      expect(r.body.error.message).toContain(field);
    }
    expect((await call(base, 'GET', '/v1/health')).status).toBe(200);
  });

  it('answers an unknown route with a 404 in the same error shape', async () => {
    const r = await call(base, 'GET', '/v1/nothing');
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('not_found');
  });

  it('counts what it refused in /v1/stats', async () => {
    const r = await call(base, 'GET', '/v1/stats');
    expect(r.body.errors.invalid_json).toBeGreaterThanOrEqual(1);
    expect(r.body.episodes_open).toBeGreaterThanOrEqual(1);
    expect(r.body.latency_ms.attempt.p99).toBeGreaterThan(0);
    expect(r.body.queues.sandbox).toMatchObject({ size: 2, active: 0 });
  });
});

describe('didactic env serve --token', () => {
  let guarded: EnvServer;
  beforeAll(async () => {
    guarded = await startEnvServer([], { DIDACTIC_ENV_TOKEN: 's3cret-token' });
  }, 30_000);
  afterAll(async () => {
    await guarded?.stop();
  });

  it('needs the bearer token on every endpoint but health', async () => {
    const body = { episode_key: 't1', task: { domain: 'math', seed: 1, index: 0 } };
    expect((await call(guarded.url, 'POST', '/v1/episodes', body)).status).toBe(401);
    const wrongToken = await call(guarded.url, 'POST', '/v1/episodes', body, { authorization: 'Bearer s3cret-tokem' });
    expect(wrongToken.status).toBe(401);
    expect(wrongToken.body.error.code).toBe('unauthorized');
    expect((await call(guarded.url, 'GET', '/v1/stats')).status).toBe(401);
    expect((await call(guarded.url, 'POST', '/v1/episodes', body, { authorization: 'Bearer s3cret-token' })).status).toBe(201);
    expect((await call(guarded.url, 'GET', '/v1/health')).status).toBe(200);
  });

  it('listens on 127.0.0.1 unless told otherwise', () => {
    expect(guarded.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('says so plainly when the port is taken', async () => {
    const port = new URL(guarded.url).port;
    const r = await runCli(['env', 'serve', '--port', port]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`didactic: error: cannot listen on 127.0.0.1:${port} (EADDRINUSE)`);
  });
});
