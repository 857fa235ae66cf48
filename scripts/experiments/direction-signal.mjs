#!/usr/bin/env node
// How much reward there is for following the feedback's direction, measured on finished
// `didactic eval` runs. For every attempt that follows one whose verdict points somewhere (math:
// too low or too high; maze: the move where the path fails, or the end of a short one), it counts
// whether the answer moved the way the verdict points (`directedMoves`) and whether that attempt
// solved the task. Under `scripted` the model was told the direction; under
// `unary` and `none` it was not, so those rows are the controls: a model that does not read the
// direction moves the right way about as often under all three.
//   node scripts/experiments/direction-signal.mjs <run-dir>...     (after `npm run build`)
import { directedMoves } from '../../dist/src/metrics/feedback-use.js';
import { RunStore } from '../../dist/src/store/run-store.js';

const dirs = process.argv.slice(2);
if (dirs.length === 0) {
  console.error('usage: node scripts/experiments/direction-signal.mjs <run-dir>...');
  process.exit(2);
}
const pct = (n, d) => (d ? `${((100 * n) / d).toFixed(1)}%` : '–');
console.log('| run | condition | directed attempts | moved the right way | solved, moved right | solved, moved wrong |');
console.log('| :-- | :-- | --: | --: | --: | --: |');
for (const dir of dirs) {
  const store = RunStore.open(dir, { create: false });
  try {
    const rows = new Map();
    for (const e of store.episodes()) {
      if (e.status !== 'done') continue;
      const attempts = e.turns.flatMap(({ turn }) => (turn.role === 'student' ? [turn] : []));
      const row = rows.get(e.condition) ?? { directed: 0, right: 0, solvedRight: 0, wrong: 0, solvedWrong: 0 };
      rows.set(e.condition, row);
      const moves = directedMoves(attempts.map((t) => ({ extracted: t.extracted, summary: t.verdict.summary })));
      for (const [i, moved] of moves.entries()) {
        if (moved === null) continue;
        row.directed++;
        const solved = attempts[i].verdict.correct ? 1 : 0;
        if (moved) {
          row.right++;
          row.solvedRight += solved;
        } else {
          row.wrong++;
          row.solvedWrong += solved;
        }
      }
    }
    for (const [condition, r] of rows) {
      console.log(
        `| ${dir.split('/').filter(Boolean).pop()} | ${condition} | ${r.directed} | ${pct(r.right, r.directed)} | ${pct(r.solvedRight, r.right)} | ${pct(r.solvedWrong, r.wrong)} |`,
      );
    }
  } finally {
    store.close();
  }
}
