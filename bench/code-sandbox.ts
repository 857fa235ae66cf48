// Sandboxed test runs per second: the warm Pyodide pool against spawning native python3 once per
// submission (the usual way to run untrusted code), in the same run on the same submissions, plus
// bubblewrap when it is installed. Then p50/p99 latency of one full verdict (extract, run, judge).
//
//   node dist/bench/code-sandbox.js [--submissions 200] [--workers 2]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { generateCodeTasks } from '../src/domains/code/generate.js';
import { verifyCode } from '../src/domains/code/verify.js';
import { BwrapSandbox, HARNESS_BOOTSTRAP } from '../src/sandbox/bwrap.js';
import { PyodidePool } from '../src/sandbox/pyodide-pool.js';
import type { SandboxJob } from '../src/sandbox/types.js';

function flag(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

const submissions = flag('submissions', 200);
const workers = flag('workers', Math.min(2, availableParallelism()));
const tasks = [1, 2, 3]
  .flatMap((difficulty) => generateCodeTasks({ n: Math.ceil(submissions / 3), seed: 7, difficulty }))
  .slice(0, submissions);
const jobs: SandboxJob[] = tasks.map((task) => ({
  code: task.privileged.answer,
  calls: task.privileged.tests.map((t) => (t.kind === 'equals' ? t.call : 'None')),
}));

/** Run every job with at most `concurrency` in flight; returns jobs per second. */
async function throughput(run: (job: SandboxJob) => Promise<boolean>, concurrency: number): Promise<{ perSecond: number; ok: number }> {
  let next = 0;
  let ok = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < jobs.length) {
        const job = jobs[next++] as SandboxJob;
        if (await run(job)) ok++;
      }
    }),
  );
  return { perSecond: jobs.length / ((performance.now() - started) / 1000), ok };
}

// The interpreter binary itself (not a shell shim), the same one bubblewrap runs.
const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

/** The same harness in a fresh native python3 per submission, no isolation at all. */
function nativeOnce(job: SandboxJob): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(python, ['-I', '-S', '-c', HARNESS_BOOTSTRAP], { stdio: ['pipe', 'ignore', 'ignore', 'pipe'] });
    const chunks: Buffer[] = [];
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (c: Buffer) => chunks.push(c));
    child.stdin?.end(JSON.stringify({ code: job.code, calls: job.calls, statements: [] }));
    child.on('close', () => resolve(Buffer.concat(chunks).toString().includes('"load": {"ok": true}')));
  });
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

const pool = new PyodidePool({ size: workers });
const warmStarted = performance.now();
await pool.warm();
const warmMs = performance.now() - warmStarted;

// Warm-up round for both, so neither pays first-use costs in the measurement.
await throughput(async (job) => (await pool.run(job)).status === 'completed', workers);
await throughput(nativeOnce, workers);

const pyodide = await throughput(async (job) => (await pool.run(job)).status === 'completed', workers);
const native = await throughput(nativeOnce, workers);
let bwrap: { perSecond: number; ok: number } | null = null;
if (spawnSync('bwrap', ['--version']).status === 0) {
  const sandbox = new BwrapSandbox();
  bwrap = await throughput(async (job) => (await sandbox.run(job)).status === 'completed', workers);
}

const latencies: number[] = [];
for (const task of tasks) {
  const started = performance.now();
  const verdict = await verifyCode(task, `\`\`\`python\n${task.privileged.answer}\`\`\``, pool);
  latencies.push(performance.now() - started);
  if (!verdict.correct) throw new Error(`reference solution of ${task.id} failed: ${verdict.summary}`);
}
await pool.close();

const row = (name: string, r: { perSecond: number; ok: number }): string =>
  `| ${name} | ${r.perSecond.toFixed(1)} | ${r.ok}/${jobs.length} | ${(r.perSecond / native.perSecond).toFixed(2)}× |`;
console.log(`${jobs.length} submissions (generated tasks, reference solutions), ${workers} in flight, ${availableParallelism()} CPUs`);
console.log(`Pyodide pool warm-up: ${(warmMs / 1000).toFixed(1)} s for ${workers} workers (once per process)\n`);
console.log('| runner | test runs / s | completed | vs native spawn |');
console.log('|---|---|---|---|');
console.log(row(`Pyodide warm pool (${workers} workers)`, pyodide));
console.log(row(`native ${python}, one spawn per submission (no isolation)`, native));
if (bwrap) console.log(row('bwrap + prlimit + python3, one per submission', bwrap));
console.log(`\nratio Pyodide pool / native spawn: ${(pyodide.perSecond / native.perSecond).toFixed(2)} (target ≥ 1)`);
console.log(
  `one verdict (extract, run in the warm pool, judge), ${latencies.length} sequential: p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms`,
);
