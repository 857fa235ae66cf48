import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { toEnvError } from './errors.js';
import type { EnvService } from './service.js';
import type { ServerStats } from './stats.js';

// OpenEnv's WebSocket session protocol, so OpenEnv clients (TRL's, SkyRL's and verifiers'
// integrations) drive didactic episodes with no Python adapter. One socket is one session; a
// `reset` starts an episode (through the same service as POST /v1/episodes) and each `step`
// is the next attempt. `/ws` and `/openenv/ws` both answer, so an OpenEnv client's base URL can
// be the server's root or `/openenv`.

export interface OpenEnvGate {
  maxSessions: number;
  active: number;
}

export interface OpenEnvOptions {
  service: EnvService;
  stats: ServerStats;
  gate: OpenEnvGate;
  maxBodyBytes: number;
  token?: string;
}

const PATHS = new Set(['/ws', '/openenv/ws']);

type OpenEnvCode = 'INVALID_JSON' | 'UNKNOWN_TYPE' | 'VALIDATION_ERROR' | 'EXECUTION_ERROR' | 'CAPACITY_REACHED' | 'SESSION_ERROR';

/** Answer WebSocket upgrades on the OpenEnv paths; returns a function that closes every session. */
export function attachOpenEnv(server: Server, o: OpenEnvOptions): () => void {
  const wss = new WebSocketServer({ noServer: true, maxPayload: o.maxBodyBytes });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (!PATHS.has(url.pathname)) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    if (o.token && !tokenMatches(request.headers.authorization, url.searchParams.get('token'), o.token)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => session(ws, o));
  });
  return () => {
    for (const ws of wss.clients) ws.terminate();
    wss.close();
  };
}

function session(ws: WebSocket, o: OpenEnvOptions): void {
  const send = (type: string, data: unknown): void => ws.send(JSON.stringify({ type, data }));
  const error = (code: OpenEnvCode, message: string, extra: Record<string, unknown> = {}): void =>
    send('error', { message, code, ...extra });
  if (o.gate.active >= o.gate.maxSessions) {
    o.stats.error('openenv_capacity');
    error('CAPACITY_REACHED', `the server has ${o.gate.maxSessions} OpenEnv sessions open already`, {
      active_sessions: o.gate.active,
      max_sessions: o.gate.maxSessions,
    });
    ws.close(1013, 'capacity reached');
    return;
  }
  o.gate.active++;
  ws.once('close', () => o.gate.active--);
  let episodeId: string | null = null;
  let attempt = 0;
  // Messages are handled one at a time, in order, as a trainer's session expects.
  let queue = Promise.resolve();
  ws.on('message', (raw) => {
    queue = queue.then(() => handle(raw.toString()));
  });

  const handle = async (raw: string): Promise<void> => {
    let message: { type?: unknown; data?: unknown };
    try {
      message = JSON.parse(raw) as typeof message;
    } catch (e) {
      return error('INVALID_JSON', `the message is not valid JSON (${(e as Error).message})`);
    }
    const data = (typeof message.data === 'object' && message.data !== null ? message.data : {}) as Record<string, unknown>;
    try {
      switch (message.type) {
        case 'reset': {
          const { reply } = o.service.start(startBody(data));
          episodeId = reply.episode_id;
          attempt = o.service.state(reply.episode_id).attempt;
          const observation = {
            episode_id: reply.episode_id,
            messages: reply.messages,
            feedback: null,
            attempt,
            max_attempts: reply.max_attempts,
            verdict: null,
            reason: null,
          };
          return send('observation', { observation, reward: null, done: false });
        }
        case 'step': {
          if (episodeId === null) return error('SESSION_ERROR', 'no episode in this session: send a reset first');
          if (typeof data.message !== 'string') return error('VALIDATION_ERROR', 'field "message": expected string (the assistant reply)');
          const { reply } = await o.service.attempt(episodeId, { attempt: attempt + 1, text: data.message });
          attempt = reply.attempt;
          const state = o.service.state(episodeId);
          const observation = {
            episode_id: episodeId,
            messages: reply.feedback ? [reply.feedback] : [],
            feedback: reply.feedback?.content ?? null,
            attempt: reply.attempt,
            max_attempts: state.max_attempts,
            verdict: reply.verdict,
            reason: reply.reason,
          };
          return send('observation', { observation, reward: reply.reward.step, done: reply.done });
        }
        case 'state': {
          if (episodeId === null) return send('state', { episode_id: null, step_count: 0 });
          const state = o.service.state(episodeId);
          return send('state', { ...state, step_count: state.attempt });
        }
        case 'close':
          ws.close(1000);
          return;
        default:
          return error('UNKNOWN_TYPE', `unknown message type ${JSON.stringify(message.type)}; use reset, step, state or close`);
      }
    } catch (caught) {
      const e = toEnvError(caught);
      o.stats.error(e.code);
      const code: OpenEnvCode = e.status < 500 && e.status !== 429 ? 'VALIDATION_ERROR' : 'EXECUTION_ERROR';
      error(code, e.message, { didactic: e.body().error, ...(e.retryAfter === undefined ? {} : { retry_after: e.retryAfter }) });
    }
  };
}

/** OpenEnv reset kwargs → a start request: `task` as in POST /v1/episodes, or a generated task from `seed`. */
function startBody(data: Record<string, unknown>): Record<string, unknown> {
  const key = data.episode_key ?? data.episode_id ?? `openenv/${randomUUID()}`;
  const task = data.task ?? { domain: data.domain ?? 'math', seed: data.seed ?? 0, index: data.index ?? 0 };
  const body: Record<string, unknown> = { episode_key: key, task };
  for (const field of ['teacher', 'max_attempts', 'discount']) if (data[field] !== undefined) body[field] = data[field];
  return body;
}

function tokenMatches(header: string | undefined, query: string | null, token: string): boolean {
  const given = /^Bearer (.+)$/i.exec(header ?? '')?.[1] ?? query ?? '';
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
