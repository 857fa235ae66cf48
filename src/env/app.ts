import { timingSafeEqual } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { VERSION } from '../version.js';
import { runBatch } from './batch.js';
import { EnvError, toEnvError } from './errors.js';
import { PROTOCOL, parseJson } from './protocol.js';
import type { EnvService } from './service.js';
import type { ServerStats } from './stats.js';

// The native JSON API of protocol version 1 (docs/env-server.md). Handlers read the body as text
// (so malformed JSON is our 400, not a framework's), call the service, and every failure becomes
// `{error:{code, message, retryable}}` in one place.

export interface AppOptions {
  service: EnvService;
  stats: ServerStats;
  /** Require `Authorization: Bearer <token>` on everything but the health checks. */
  token?: string;
  maxBodyBytes: number;
  /** Extra figures for /v1/stats (OpenEnv sessions). */
  extraStats?: () => Record<string, unknown>;
}

const OPEN_PATHS = new Set(['/v1/health', '/openenv/health', '/health']);

export function createEnvApp(o: AppOptions): Hono {
  const app = new Hono();
  const { service, stats } = o;
  const fail = (c: Context, error: unknown): Response => {
    const e = toEnvError(error);
    stats.error(e.code);
    if (e.retryAfter !== undefined) c.header('Retry-After', String(e.retryAfter));
    return c.json(e.body(), e.status);
  };
  const body = async (c: Context): Promise<unknown> => {
    const text = await c.req.text();
    return text.trim() === '' ? undefined : parseJson(text);
  };

  app.use('*', async (c, next) => {
    stats.request();
    if (o.token && !OPEN_PATHS.has(c.req.path) && !authorized(c.req.header('authorization'), o.token)) {
      return fail(c, new EnvError(401, 'unauthorized', 'this server needs "Authorization: Bearer <token>"'));
    }
    await next();
  });
  app.use(
    '*',
    bodyLimit({
      maxSize: o.maxBodyBytes,
      onError: (c) => fail(c, new EnvError(413, 'body_too_large', `the body is larger than ${o.maxBodyBytes} bytes`)),
    }),
  );
  app.onError((error, c) => fail(c, error));
  app.notFound((c) => fail(c, new EnvError(404, 'not_found', `no route ${c.req.method} ${c.req.path}`)));

  app.get('/v1/health', (c) =>
    c.json({
      status: 'ok',
      protocol: PROTOCOL,
      version: VERSION,
      domains: service.o.tasks.domainNames(),
      teachers: [...service.o.teachers.byName.keys()],
    }),
  );

  app.get('/v1/stats', (c) =>
    c.json({
      episodes_open: service.o.store.openEpisodes(),
      queues: { sandbox: service.o.pools.sandbox.stats(), teacher: service.o.pools.teacher.stats() },
      ...stats.snapshot(),
      rejections: { busy: service.o.pools.sandbox.stats().rejected + service.o.pools.teacher.stats().rejected },
      memory: memory(),
      uptime_s: Math.round(process.uptime()),
      ...o.extraStats?.(),
    }),
  );

  app.post('/v1/episodes', async (c) => {
    const started = performance.now();
    const { created, reply } = service.start(await body(c));
    stats.time('start', performance.now() - started);
    return c.json(reply, created ? 201 : 200);
  });

  app.get('/v1/episodes', (c) => {
    const key = c.req.query('key');
    if (!key)
      throw new EnvError(400, 'invalid_request', 'query "key": give ?key=<episode_key>, or GET /v1/episodes/<episode_id>', {
        field: 'key',
      });
    return c.json(service.stateByKey(key));
  });

  app.get('/v1/episodes/:id', (c) => c.json(service.state(c.req.param('id'))));

  app.post('/v1/episodes/:id/attempts', async (c) => {
    const payload = await body(c);
    // Timed from a complete body: reading it is the transport's time, and other requests run meanwhile.
    const started = performance.now();
    const { replay, reply, workMs } = await service.attempt(c.req.param('id'), payload);
    const total = performance.now() - started;
    stats.time('attempt', total);
    stats.time('attempt_overhead', total - workMs);
    if (replay) c.header('Idempotent-Replay', 'true');
    // The bench (and an operator) can tell verifier and teacher work from the server's own time.
    c.header('Server-Timing', `work;dur=${workMs.toFixed(3)}, total;dur=${total.toFixed(3)}`);
    return c.json(reply, 200);
  });

  app.post('/v1/episodes/:id/finish', async (c) => c.json(await service.finish(c.req.param('id'), await body(c))));

  app.post('/v1/batch', async (c) => c.json(await runBatch(service, await body(c), (e) => stats.error(e.code))));

  app.post('/v1/score', async (c) => c.json(await service.score(await body(c))));

  addOpenEnvRoutes(app);
  return app;
}

function authorized(header: string | undefined, token: string): boolean {
  const m = /^Bearer (.+)$/i.exec(header ?? '');
  if (!m?.[1]) return false;
  const given = Buffer.from(m[1]);
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

function memory(): { rss_bytes: number; heap_used_bytes: number } {
  const m = process.memoryUsage();
  return { rss_bytes: m.rss, heap_used_bytes: m.heapUsed };
}

/** OpenEnv's HTTP discovery routes, beside its WebSocket (openenv.ts). */
export function addOpenEnvRoutes(app: Hono): void {
  const schema = {
    action: {
      type: 'object',
      properties: { message: { type: 'string', description: 'the assistant reply (one attempt)' } },
      required: ['message'],
    },
    observation: {
      type: 'object',
      properties: {
        episode_id: { type: 'string' },
        messages: { type: 'array', items: { type: 'object', properties: { role: { type: 'string' }, content: { type: 'string' } } } },
        feedback: { type: ['string', 'null'] },
        attempt: { type: 'integer' },
        max_attempts: { type: 'integer' },
        verdict: { type: ['object', 'null'] },
        reason: { type: ['string', 'null'] },
      },
    },
    state: { type: 'object', properties: { episode_id: { type: ['string', 'null'] }, step_count: { type: 'integer' } } },
  };
  const metadata = {
    name: 'didactic',
    description:
      'Didactic dialogues: a checkable task, attempts judged by a verifier, corrective feedback from a teacher who knows the solution.',
    version: VERSION,
    documentation_url: 'docs/env-server.md',
  };
  for (const prefix of ['', '/openenv']) {
    app.get(`${prefix}/health`, (c) => c.json({ status: 'healthy' }));
    app.get(`${prefix}/schema`, (c) => c.json(schema));
    app.get(`${prefix}/metadata`, (c) => c.json(metadata));
  }
}
