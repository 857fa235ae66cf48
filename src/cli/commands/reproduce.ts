import type { Command } from 'commander';
import { reproduce, type ReproduceOptions } from '../../reproduce/index.js';
import { METHODS, SIZES } from '../../reproduce/methods.js';
import { embeddedModelDir, list, nonNegativeInt, positiveInt } from '../options.js';

/** The options as typed: `--base` is still a spec here, and the two switches may be absent. */
type ReproduceFlags = Omit<ReproduceOptions, 'quick' | 'train' | 'log'> & { quick?: boolean; train?: boolean };

export function registerReproduce(program: Command): void {
  program
    .command('reproduce')
    .description(
      "the paper's comparison: evaluate base, single-turn SFT, single-turn RL, RL²F and RL²F + teacher modelling in and out of distribution, and write its tables",
    )
    .option('--out <dir>', 'where the runs, report.md, reproduce.json and the figure go', 'runs/reproduce')
    .option('--quick', `${SIZES.quick.tasks} tasks per domain instead of ${SIZES.full.tasks} (with --train: smoke-sized training too)`)
    .option('--train', 'retrain the four models with their recipes (scripts/recipes/train-*.sh) into <out>/models first')
    .option('--models <dir>', 'directory holding sft-single, rl-single, rl2f, rl2f-tm (default: the shipped models/)')
    .option(
      '--base <spec>',
      'another starting model in place of models/base (embedded:<name|path>): evaluated as "base", and with --train what the recipes start from',
    )
    .option('--methods <names>', `only these methods, comma-separated (${METHODS.map((m) => m.name).join(', ')})`, list)
    .option('--tasks <n>', 'tasks per domain (overrides the size)', positiveInt('--tasks'))
    .option('--seed <seed>', 'evaluation seed', nonNegativeInt('--seed'), 1)
    .option('--concurrency <n>', 'episodes in flight at once in each evaluation', positiveInt('--concurrency'), 16)
    .action(async (f: ReproduceFlags) => {
      const { result, files } = await reproduce({
        ...f,
        quick: f.quick === true,
        train: f.train === true,
        ...(f.base === undefined ? {} : { base: embeddedModelDir('--base', f.base) }),
        log: (line) => process.stderr.write(`${line}\n`),
      });
      for (const c of result.comparisons) {
        const pts = (x: number): string => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}`;
        process.stdout.write(
          `${c.holds ? 'holds  ' : 'not here'} ${c.claim}: ${pts(c.estimate)} points [${pts(c.interval95[0])}, ${pts(c.interval95[1])}]\n`,
        );
      }
      process.stdout.write(
        `reproduction (${result.mode}) took ${(result.seconds / 60).toFixed(1)} min; report written to ${files[1]}, figure to ${files[3]}, numbers to ${files[0]}\n`,
      );
    });
}
