// didactic as a trainer's environment, at trainer scale: `didactic env serve` in its own process,
// driven over keep-alive HTTP by a client-side instant student (it answers at once: wrong three
// times, right on the fourth, so every episode runs K = 4 attempts and three feedback turns).
// All in one run, so the ratios compare like with like:
//   - 4,096 concurrent math episodes: episodes/s, requests/s, errors;
//   - latency of an attempt against a trivial endpoint (GET /v1/health) sent by every 8th rollout
//     between its attempts, on the same sockets under the same load, and the server's own time per
//     attempt outside verify and teacher work (Server-Timing);
//   - the same with the store in memory instead of on disk: what committing every reply costs;
//   - memory per open episode, from the server's /v1/stats, with 8,192 episodes open at once;
//   - the same episodes with code tasks, through the sandbox pool.
//
//   node dist/bench/env-server.js [--episodes 4096] [--open 8192] [--code 256] [--sockets 4096]

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { getDomain } from '../src/domains/registry.js';

const { values } = parseArgs({
  options: {
    episodes: { type: 'string', default: '4096' },
    open: { type: 'string', default: '8192' },
    code: { type: 'string', default: '256' },
    sockets: { type: 'string', default: '4096' },
  },
});
const EPISODES = Number(values.episodes);
const OPEN = Number(values.open);
const CODE = Number(values.code);
const K = 4;
const PROMPTS = 512; // verl's default: 512 prompts × 8 rollouts

const agent = new Agent({ keepAlive: true, maxSockets: Number(values.sockets) });
let errors = 0;
let requests = 0;
const errorCodes = new Map<string, number>();

interface Reply {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: replies are read by field name; the bench counts anything unexpected as an error
  body: any;
  serverTiming: string | undefined;
}

function send(base: URL, method: string, path: string, body?: unknown): Promise<Reply> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  requests++;
  return new Promise((done, fail) => {
    const req = request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method,
        path,
        headers: payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          done({
            status: res.statusCode ?? 0,
            body: text ? JSON.parse(text) : null,
            serverTiming: res.headers['server-timing'] as string | undefined,
          });
        });
      },
    );
    req.on('error', fail);
    req.end(payload);
  });
}

/** Retries only what the server says is retryable (429 from a full pool), after Retry-After. */
async function sendOk(base: URL, method: string, path: string, body?: unknown): Promise<Reply> {
  for (;;) {
    const r = await send(base, method, path, body);
    if (r.status === 429) {
      await new Promise((d) => setTimeout(d, 200));
      continue;
    }
    if (r.status >= 400) {
      errors++;
      const code = String(r.body?.error?.code ?? r.status);
      errorCodes.set(code, (errorCodes.get(code) ?? 0) + 1);
    }
    return r;
  }
}

function percentile(sorted: number[], q: number): number {
  return sorted.length ? (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number) : Number.NaN;
}
const ms = (x: number): string => `${x.toFixed(2)} ms`;

/** The server in its own process; `store` null keeps its store in memory. */
async function startServer(store: string | null, extra: string[] = []): Promise<{ url: URL; stop: () => Promise<void> }> {
  const cli = resolve(import.meta.dirname, '../src/cli/main.js');
  const storeArgs = store === null ? [] : ['--store', store];
  const child = spawn(process.execPath, [cli, 'env', 'serve', '--port', '0', ...storeArgs, '--max-attempts', String(K), ...extra], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<URL>((done, fail) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /at (http:\/\/\S+) \(port/.exec(out);
      if (m?.[1]) done(new URL(m[1]));
    });
    child.once('exit', (code) => fail(new Error(`env serve exited with ${code}`)));
  });
  const stop = (): Promise<void> =>
    new Promise((done) => {
      child.once('exit', () => done());
      child.kill('SIGTERM');
    });
  return { url, stop };
}

interface Phase {
  wallMs: number;
  episodes: number;
  requests: number;
  attemptMs: number[];
  trivialMs: number[];
  overheadMs: number[];
  workMs: number[];
}

/** `n` concurrent episodes of K attempts each, every one started and driven at once. */
async function runEpisodes(
  base: URL,
  domain: string,
  n: number,
  attemptText: (index: number, attempt: number) => string,
  keyPrefix: string,
): Promise<Phase> {
  const phase: Phase = { wallMs: 0, episodes: 0, requests: 0, attemptMs: [], trivialMs: [], overheadMs: [], workMs: [] };
  const before = requests;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const index = i % PROMPTS;
      const s = await sendOk(base, 'POST', '/v1/episodes', { episode_key: `${keyPrefix}/${i}`, task: { domain, seed: 1, index } });
      const id = s.body.episode_id as string;
      for (let a = 1; a <= K; a++) {
        const t = performance.now();
        const r = await sendOk(base, 'POST', `/v1/episodes/${id}/attempts`, { attempt: a, text: attemptText(index, a) });
        phase.attemptMs.push(performance.now() - t);
        const timing = /work;dur=([\d.]+), total;dur=([\d.]+)/.exec(r.serverTiming ?? '');
        if (timing) {
          phase.workMs.push(Number(timing[1]));
          phase.overheadMs.push(Number(timing[2]) - Number(timing[1]));
        }
        if (i % 8 === 0) {
          const h = performance.now();
          await sendOk(base, 'GET', '/v1/health');
          phase.trivialMs.push(performance.now() - h);
        }
        if (r.body?.done) break;
      }
      phase.episodes++;
    }),
  );
  phase.wallMs = performance.now() - started;
  phase.requests = requests - before;
  return phase;
}

function report(name: string, phase: Phase): void {
  const sorted = (xs: number[]) => xs.slice().sort((a, b) => a - b);
  const attempt = sorted(phase.attemptMs);
  const overhead = sorted(phase.overheadMs);
  const work = sorted(phase.workMs);
  console.log(
    `${name}: ${phase.episodes} episodes × K=${K} in ${(phase.wallMs / 1000).toFixed(2)} s — ` +
      `${(phase.episodes / (phase.wallMs / 1000)).toFixed(0)} episodes/s, ${(phase.requests / (phase.wallMs / 1000)).toFixed(0)} requests/s`,
  );
  console.log(`  attempt latency at the client   p50 ${ms(percentile(attempt, 0.5))}  p99 ${ms(percentile(attempt, 0.99))}`);
  const trivial = sorted(phase.trivialMs);
  console.log(
    `  GET /v1/health, same sockets    p50 ${ms(percentile(trivial, 0.5))}  p99 ${ms(percentile(trivial, 0.99))}  (${trivial.length} requests)`,
  );
  console.log(
    `  attempt − trivial endpoint      p50 ${ms(percentile(attempt, 0.5) - percentile(trivial, 0.5))}  p99 ${ms(percentile(attempt, 0.99) - percentile(trivial, 0.99))}`,
  );
  console.log(`  verify + teacher work           p50 ${ms(percentile(work, 0.5))}  p99 ${ms(percentile(work, 0.99))}`);
  console.log(`  server overhead outside them    p50 ${ms(percentile(overhead, 0.5))}  p99 ${ms(percentile(overhead, 0.99))}`);
}

const dir = mkdtempSync(join(tmpdir(), 'didactic-env-bench-'));
try {
  const math = getDomain('math').generate({ n: PROMPTS, seed: 1, difficulty: 1 });
  const mathText = (i: number, a: number): string =>
    `Let me compute.\nAnswer: ${a < K ? Number(math[i]?.privileged.answer) + a : math[i]?.privileged.answer}`;
  const server = await startServer(join(dir, 'math'));
  try {
    // Warm up (first CAS calls, JIT), then the measured run.
    await runEpisodes(server.url, 'math', 256, mathText, 'warm');
    const phase = await runEpisodes(server.url, 'math', EPISODES, mathText, 'math');
    report(`math, ${EPISODES} concurrent, store on disk`, phase);

    const before = (await send(server.url, 'GET', '/v1/stats')).body;
    const opened = await Promise.all(
      Array.from({ length: OPEN }, (_, i) =>
        sendOk(server.url, 'POST', '/v1/episodes', { episode_key: `open/${i}`, task: { domain: 'math', seed: 1, index: i % PROMPTS } }),
      ),
    );
    const after = (await send(server.url, 'GET', '/v1/stats')).body;
    const rssPer = (after.memory.rss_bytes - before.memory.rss_bytes) / OPEN;
    const heapPer = (after.memory.heap_used_bytes - before.memory.heap_used_bytes) / OPEN;
    const dbBytes = statSync(join(dir, 'math', 'env.sqlite')).size + statSync(join(dir, 'math', 'env.sqlite-wal')).size;
    console.log(
      `open episodes: ${after.episodes_open} open at once (${opened.filter((r) => r.status === 201).length} just started); ` +
        `server RSS ${(after.memory.rss_bytes / 2 ** 20).toFixed(0)} MiB, +${(rssPer / 1024).toFixed(2)} KiB RSS and +${(heapPer / 1024).toFixed(2)} KiB heap per open episode; ` +
        `store ${(dbBytes / 2 ** 20).toFixed(1)} MiB on disk for ${after.episodes_open + EPISODES + 256} episodes`,
    );
  } finally {
    await server.stop();
  }

  const inMemory = await startServer(null);
  try {
    await runEpisodes(inMemory.url, 'math', 256, mathText, 'warm');
    report(`math, ${EPISODES} concurrent, store in memory`, await runEpisodes(inMemory.url, 'math', EPISODES, mathText, 'math'));
  } finally {
    await inMemory.stop();
  }

  if (CODE > 0) {
    const code = getDomain('code').generate({ n: PROMPTS, seed: 1, difficulty: 1 });
    const python = (source: string): string => `\`\`\`python\n${source}\n\`\`\``;
    const codeText = (i: number, a: number): string => {
      const task = code[i];
      if (!task) throw new Error('no task');
      return a < K ? python(`def ${task.privileged.entryPoint}(*args):\n    return ${a}`) : python(task.privileged.answer);
    };
    const sandboxed = await startServer(join(dir, 'code'), ['--max-wait', '120']);
    try {
      await runEpisodes(sandboxed.url, 'code', 16, codeText, 'warm');
      const phase = await runEpisodes(sandboxed.url, 'code', CODE, codeText, 'code');
      report(`code, ${CODE} concurrent (sandbox pool of 2 Pyodide workers; overhead includes the wait for a sandbox slot)`, phase);
    } finally {
      await sandboxed.stop();
    }
  }
  console.log(
    `machine: ${availableParallelism()} cores, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} at the end (other work shares the cores)`,
  );
  console.log(`errors: ${errors}${errorCodes.size ? ` (${[...errorCodes].map(([c, n]) => `${c} ×${n}`).join(', ')})` : ''}`);
} finally {
  agent.destroy();
  rmSync(dir, { recursive: true, force: true });
}
