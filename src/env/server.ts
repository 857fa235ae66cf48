import type { Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import { UsageError } from '../core/errors.js';
import { chooseSandbox, closeSharedSandbox, parseSandboxKind } from '../sandbox/index.js';
import { createEnvApp } from './app.js';
import { attachOpenEnv, type OpenEnvGate } from './openenv.js';
import { Pool } from './pool.js';
import { EnvService } from './service.js';
import { ServerStats } from './stats.js';
import { EnvStore } from './store.js';
import { TaskResolver } from './tasks.js';
import { loadDomains } from '../domains/registry.js';
import { openEnvTeachers } from './teachers.js';

// `didactic env serve` as a function: open the store, load the task files, build the teachers
// and pools, listen, and sweep idle episodes. Everything is checked before the port opens.

export interface EnvServeOptions {
  host: string;
  port: number;
  /** Directory of env.sqlite; none: an in-memory store. */
  store?: string;
  data: string[];
  /** `name=llm:<spec>` or `name=module:<file.js>`. */
  teacher: string[];
  /** Domains served besides the built-ins: module:<file.js> plug-ins or `command` (loaded before the server starts). */
  domain?: string[];
  leakJudge?: string;
  token?: string;
  /** Longest wait for a pool slot, seconds. */
  maxWait: number;
  /** Idle time after which an open episode expires, seconds. */
  episodeTtl: number;
  /** Requests that may wait for a pool slot. */
  queueLimit: number;
  sandbox?: string;
  sandboxWorkers: number;
  teacherConcurrency: number;
  maxAttempts: number;
  discount: number;
  maxBodyBytes: number;
  leakRetries: number;
  openenvMaxSessions: number;
}

export interface RunningEnvServer {
  url: string;
  port: number;
  service: EnvService;
  close(): Promise<void>;
}

export async function startEnvServer(o: EnvServeOptions): Promise<RunningEnvServer> {
  if (!(o.discount > 0 && o.discount <= 1)) throw new UsageError(`--discount must be in (0, 1], got ${o.discount}`);
  const tasks = await TaskResolver.create(o.data, await loadDomains(o.domain ?? []));
  chooseSandbox(parseSandboxKind(o.sandbox ?? process.env.DIDACTIC_SANDBOX ?? 'pyodide'), { workers: o.sandboxWorkers });
  const teachers = await openEnvTeachers({
    specs: o.teacher,
    ...(o.leakJudge ? { leakJudge: o.leakJudge } : {}),
    ...(o.store ? { storeDir: o.store } : {}),
    maxCalls: o.teacherConcurrency,
  });
  const store = new EnvStore(o.store);
  const stats = new ServerStats();
  const maxWaitMs = o.maxWait * 1000;
  const pools = {
    sandbox: new Pool({ name: 'sandbox', size: o.sandboxWorkers, maxQueue: o.queueLimit, maxWaitMs }),
    teacher: new Pool({ name: 'teacher', size: o.teacherConcurrency, maxQueue: o.queueLimit, maxWaitMs }),
  };
  const service = new EnvService({
    store,
    tasks,
    teachers,
    pools,
    stats,
    leakRetries: o.leakRetries,
    defaults: { teacher: 'scripted', maxAttempts: o.maxAttempts, discount: o.discount },
    ttlMs: o.episodeTtl * 1000,
  });
  const gate: OpenEnvGate = { maxSessions: o.openenvMaxSessions, active: 0 };
  const app = createEnvApp({
    service,
    stats,
    maxBodyBytes: o.maxBodyBytes,
    ...(o.token ? { token: o.token } : {}),
    extraStats: () => ({ openenv_sessions: { active: gate.active, max: gate.maxSessions } }),
  });
  const server = createAdaptorServer({ fetch: app.fetch }) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new UsageError(`cannot listen on ${o.host}:${o.port} (${error.code ?? error.message})`)),
    );
    // Thousands of rollouts connect at once when a training step starts; with Node's default
    // backlog (511) the rest of their SYNs are dropped and retried seconds later.
    server.listen({ port: o.port, host: o.host, backlog: 4096 }, () => resolve());
  });
  // Keep-alive sockets from thousands of rollouts stay open between attempts.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const closeSockets = attachOpenEnv(server, {
    service,
    stats,
    gate,
    maxBodyBytes: o.maxBodyBytes,
    ...(o.token ? { token: o.token } : {}),
  });
  const sweep = setInterval(() => service.sweep(), Math.max(250, Math.min(30_000, (o.episodeTtl * 1000) / 4)));
  sweep.unref();
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : o.port;
  const host = o.host.includes(':') ? `[${o.host}]` : o.host;
  return {
    url: `http://${host}:${port}`,
    port,
    service,
    close: async () => {
      clearInterval(sweep);
      closeSockets();
      await new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
      await teachers.close();
      await closeSharedSandbox();
      store.close();
    },
  };
}
