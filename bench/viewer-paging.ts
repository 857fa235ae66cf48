import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunStore, type EpisodeQuery } from '../src/store/run-store.js';
import { writeGeneratedRun } from './fixtures/generated-run.js';

// The viewer must stay responsive on large runs: a page of episodes is filtered, counted and cut in
// SQLite. This bench times the viewer's queries on a small and a 10× larger run, and against
// reading the whole run the way `didactic show` does. Ratios are measured in the same process.
//   node dist/bench/viewer-paging.js [small-episodes]   (default 1000; large = 10×)

const small = Number(process.argv[2] ?? 1000);
const sizes = [small, small * 10];
const queries: Array<[string, EpisodeQuery]> = [
  ['first page', { offset: 0, limit: 50 }],
  ['filtered page', { condition: 'unary', solvedAt: 2, offset: 0, limit: 50 }],
  ['last page', { offset: small * 10 - 50, limit: 50 }],
  ['text search', { text: 'of episode 777.', offset: 0, limit: 50 }],
];

function time(fn: () => unknown, repeat: number): number {
  fn(); // warm the page cache and the statement cache
  const start = process.hrtime.bigint();
  for (let i = 0; i < repeat; i++) fn();
  return Number(process.hrtime.bigint() - start) / 1e6 / repeat;
}

const root = mkdtempSync(join(tmpdir(), 'didactic-bench-viewer-'));
try {
  const results = new Map<number, Map<string, number>>();
  for (const n of sizes) {
    const dir = join(root, String(n));
    writeGeneratedRun(dir, n);
    const store = RunStore.open(dir, { create: false });
    const row = new Map<string, number>();
    for (const [name, query] of queries)
      row.set(
        name,
        time(() => store.findEpisodes({ ...query, offset: Math.min(query.offset, n - 50) }), 20),
      );
    row.set(
      'open one episode',
      time(() => store.episode(Math.floor(n / 2)), 50),
    );
    row.set(
      'read whole run',
      time(() => store.episodes(), 2),
    );
    store.close();
    results.set(n, row);
  }
  const [a, b] = sizes as [number, number];
  const ra = results.get(a) as Map<string, number>;
  const rb = results.get(b) as Map<string, number>;
  console.log(`viewer queries, ms per call (${a.toLocaleString('en-US')} vs ${b.toLocaleString('en-US')} episodes)`);
  console.log('| query | small | large | large ÷ small | large: whole-run read ÷ this |');
  console.log('| :-- | --: | --: | --: | --: |');
  const whole = rb.get('read whole run') ?? 0;
  for (const name of ra.keys()) {
    const x = ra.get(name) ?? 0;
    const y = rb.get(name) ?? 0;
    console.log(`| ${name} | ${x.toFixed(2)} | ${y.toFixed(2)} | ${(y / x).toFixed(1)}× | ${(whole / y).toFixed(0)}× |`);
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
