import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { getDomain } from '../../src/domains/registry.js';
import { call, type EnvServer, startEnvServer } from '../helpers/env-server.js';

// OpenEnv's WebSocket session protocol (reset / step / state / close), as OpenEnv's EnvClient
// speaks it: base URL + "/ws", one session a socket, `{type, data}` messages.

let server: EnvServer;
const tasks = getDomain('math').generate({ n: 4, seed: 21, difficulty: 1 });

beforeAll(async () => {
  server = await startEnvServer(['--openenv-max-sessions', '2']);
}, 30_000);
afterAll(async () => {
  await server?.stop();
});

/** A server message; `data` is free-form JSON whose fields the expectations check. */
// biome-ignore lint/suspicious/noExplicitAny: read by field name in expectations, which fail on a wrong name
type Message = { type: string; data: Record<string, any> };

interface Session {
  ws: WebSocket;
  send(message: unknown): Promise<Message>;
  receive(): Promise<Message>;
  closed: Promise<number>;
}

async function open(path = '/openenv/ws'): Promise<Session> {
  const ws = new WebSocket(server.url.replace('http://', 'ws://') + path);
  const inbox: Array<Message> = [];
  const waiting: Array<(m: Message) => void> = [];
  ws.on('message', (raw) => {
    const message = JSON.parse(raw.toString());
    const next = waiting.shift();
    if (next) next(message);
    else inbox.push(message);
  });
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const receive = () =>
    new Promise<Message>((resolve) => {
      const queued = inbox.shift();
      if (queued) resolve(queued);
      else waiting.push(resolve);
    });
  return {
    ws,
    closed,
    receive,
    send: (message) => {
      ws.send(typeof message === 'string' ? message : JSON.stringify(message));
      return receive();
    },
  };
}

describe('OpenEnv WebSocket sessions', () => {
  it('runs an episode with reset, step, state and close', async () => {
    const s = await open();
    const reset = await s.send({
      type: 'reset',
      data: { task: { domain: 'math', id: tasks[0]?.id }, episode_key: 'oe/1', max_attempts: 3 },
    });
    expect(reset.type).toBe('observation');
    expect(reset.data).toMatchObject({ reward: null, done: false });
    expect(reset.data.observation).toMatchObject({ attempt: 0, max_attempts: 3, feedback: null, verdict: null });
    expect(reset.data.observation.messages.map((m: { role: string }) => m.role)).toEqual(['system', 'user']);
    expect(reset.data.observation.messages[1].content).toBe(tasks[0]?.prompt);

    const wrong = await s.send({ type: 'step', data: { message: `Answer: ${Number(tasks[0]?.privileged.answer) + 3}` } });
    expect(wrong.data).toMatchObject({ reward: 0, done: false });
    expect(wrong.data.observation).toMatchObject({ attempt: 1, verdict: { correct: false, status: 'ok' } });
    expect(typeof wrong.data.observation.feedback).toBe('string');
    expect(wrong.data.observation.messages).toEqual([{ role: 'user', content: wrong.data.observation.feedback }]);

    const right = await s.send({ type: 'step', data: { message: `Answer: ${tasks[0]?.privileged.answer}` } });
    expect(right.data).toMatchObject({ done: true, observation: { attempt: 2, reason: 'solved', feedback: null } });
    expect(right.data.reward).toBeCloseTo(0.7, 12);

    const state = await s.send({ type: 'state' });
    expect(state.type).toBe('state');
    expect(state.data).toMatchObject({ step_count: 2, episode_key: 'oe/1', status: 'done', solved_at: 2 });
    // The same episode is visible over HTTP.
    const http = await call(server.url, 'GET', '/v1/episodes?key=oe%2F1');
    expect(http.body).toMatchObject({ episode_id: state.data.episode_id, solved_at: 2 });

    s.ws.send(JSON.stringify({ type: 'close' }));
    expect(await s.closed).toBe(1000);
  });

  it('answers bad messages with OpenEnv error codes and keeps the session', async () => {
    const s = await open('/ws');
    expect((await s.send('{not json')).data.code).toBe('INVALID_JSON');
    expect((await s.send({ type: 'jump' })).data.code).toBe('UNKNOWN_TYPE');
    expect((await s.send({ type: 'step', data: { message: 'x' } })).data.code).toBe('SESSION_ERROR');
    const bad = await s.send({ type: 'reset', data: { task: { domain: 'chess', seed: 1, index: 0 } } });
    expect(bad.data).toMatchObject({ code: 'VALIDATION_ERROR', didactic: { code: 'unknown_domain', field: 'task.domain' } });
    const reset = await s.send({ type: 'reset', data: { seed: 4 } });
    expect(reset.data.observation.attempt).toBe(0);
    expect((await s.send({ type: 'step', data: { text: 'x' } })).data.code).toBe('VALIDATION_ERROR');
    s.ws.close();
    await s.closed;
  });

  it('refuses a session over --openenv-max-sessions with CAPACITY_REACHED', async () => {
    const a = await open();
    const b = await open();
    const c = await open();
    const refused = await c.receive();
    expect(refused).toMatchObject({ type: 'error', data: { code: 'CAPACITY_REACHED', active_sessions: 2, max_sessions: 2 } });
    expect(await c.closed).toBe(1013);
    a.ws.close();
    await a.closed;
    // A slot is free again.
    const d = await open();
    expect((await d.send({ type: 'reset', data: { seed: 5 } })).type).toBe('observation');
    for (const s of [b, d]) s.ws.close();
    await Promise.all([b.closed, d.closed]);
  });

  it('serves OpenEnv discovery routes', async () => {
    const schema = await call(server.url, 'GET', '/openenv/schema');
    expect(schema.body.action.required).toEqual(['message']);
    expect((await call(server.url, 'GET', '/openenv/health')).body).toEqual({ status: 'healthy' });
    expect((await call(server.url, 'GET', '/metadata')).body.name).toBe('didactic');
  });
});
