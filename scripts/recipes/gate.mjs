// The start-model gate (see gate-base-f.sh): reads two finished runs and prints each check.
// Exit code 1 when a check fails.
import { episodeOutcomes, RunStore, wilson } from '../../dist/src/index.js';

const [candidateDir, baseDir] = process.argv.slice(2);
if (!candidateDir || !baseDir) {
  console.error('usage: node scripts/recipes/gate.mjs <candidate-run> <base-run>');
  process.exit(2);
}

function read(dir) {
  const store = RunStore.open(dir, { create: false });
  const outcomes = episodeOutcomes(store.episodes({ status: 'done' }), (condition) => condition !== 'none');
  store.close();
  const of = (condition) => outcomes.filter((o) => o.condition === condition);
  const solvedBy = (list, k) => list.filter((o) => o.solvedAt !== null && o.solvedAt <= k).length;
  const later = of('scripted').flatMap((o) => o.answers.slice(1));
  const turns = Math.max(...outcomes.map((o) => o.answers.length));
  return { of, solvedBy, later, turns };
}

const c = read(candidateDir);
const b = read(baseDir);
const pct = (x) => `${(100 * x).toFixed(1)}%`;
const acc1 = (r) => r.solvedBy(r.of('none'), 1) / r.of('none').length;
const noAnswer = c.later.filter((a) => a === null).length / Math.max(1, c.later.length);
const K = c.turns;
const [s, u] = [c.of('scripted'), c.of('unary')];
const [sLo, sHi] = wilson(c.solvedBy(s, K), s.length);
const [uLo, uHi] = wilson(c.solvedBy(u, K), u.length);
const checks = [
  // One-sided: the start must not be weaker than models/base at turn 1. A stronger one is no
  // problem for the comparison (every RL method starts from it), so it passes.
  [`turn-1 accuracy ${pct(acc1(c))} vs base ${pct(acc1(b))} (at most 5 points below)`, acc1(c) >= acc1(b) - 0.05],
  [
    `no final answer after feedback ${pct(noAnswer)} of ${c.later.length} later attempts (base ${pct(b.later.filter((a) => a === null).length / Math.max(1, b.later.length))}; at most 3%)`,
    noAnswer <= 0.03,
  ],
  [
    `scripted ${pct(c.solvedBy(s, K) / s.length)} [${pct(sLo)}, ${pct(sHi)}] ≈ unary ${pct(c.solvedBy(u, K) / u.length)} [${pct(uLo)}, ${pct(uHi)}] at turn ${K} (intervals overlap)`,
    sLo <= uHi && uLo <= sHi,
  ],
];
for (const [text, ok] of checks) console.log(`${ok ? 'pass' : 'FAIL'}  ${text}`);
process.exit(checks.every(([, ok]) => ok) ? 0 : 1);
