// What both counterfactual scripts share: their command line (model directories, --tasks,
// --samples) and how they print shares and paired differences.
import { parseArgs } from 'node:util';

/** The model directories and sizes of a counterfactual run; exits with `usage` on bad input. */
export function counterfactualArgs(usage) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { tasks: { type: 'string', default: '300' }, samples: { type: 'string', default: '8' } },
  });
  const tasks = Number(values.tasks);
  const samples = Number(values.samples);
  if (positionals.length === 0 || !(tasks >= 1) || !(samples >= 1)) {
    console.error(`usage: ${usage}`);
    process.exit(2);
  }
  return { models: positionals, tasks, samples };
}

export const pct = (x) => `${(100 * x).toFixed(1)}%`;
export const pts = (x) => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)}`;
export const mean = (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
