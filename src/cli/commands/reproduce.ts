import { type Command, Option } from 'commander';
import { reproduce, type ReproduceOptions } from '../../reproduce/index.js';
import { FIRST, SUITE_F, SUITES, type SuiteName } from '../../reproduce/methods.js';
import { embeddedModelDir, list, nonNegativeInt, positiveInt } from '../options.js';

/** The options as typed: `--base` is still a spec here, and the two switches may be absent. */
type ReproduceFlags = Omit<ReproduceOptions, 'quick' | 'train' | 'log' | 'suite'> & { quick?: boolean; train?: boolean; suite: SuiteName };

const names = (suite: { methods: readonly { name: string }[] }): string => suite.methods.map((m) => m.name).join(', ');

export function registerReproduce(program: Command): void {
  program
    .command('reproduce')
    .description(
      "the paper's comparison: evaluate base, single-turn SFT, single-turn RL, RL²F and RL²F + teacher modelling in and out of distribution, and write its tables",
    )
    .option('--out <dir>', 'where the runs, report.md, reproduce.json and the figure go', 'runs/reproduce')
    .addOption(
      new Option(
        '--suite <name>',
        `which comparison: first (the first reproduction: ${names(FIRST)}, from models/base) or f (the second, with per-turn credit, matched steps and matched tokens: ${names(SUITE_F)}, from models/base-f, in, near and out of distribution); first is the default while the models of f are not shipped`,
      )
        .choices(Object.keys(SUITES))
        .default('first'),
    )
    .option(
      '--quick',
      `${FIRST.sizes.quick.tasks} tasks per split instead of ${FIRST.sizes.full.tasks}, and ${SUITE_F.sizes.full.inDistribution} in distribution in suite f (with --train: smoke-sized training too)`,
    )
    .option(
      '--train',
      "retrain the suite's models with their recipes (scripts/recipes/train-*.sh, scripts/recipes/f/) into <out>/models first",
    )
    .option('--models <dir>', "directory holding the suite's trained models (default: the shipped models/)")
    .option(
      '--base <spec>',
      'another starting model in place of models/base or models/base-f (embedded:<name|path>): evaluated as the start, and with --train what the recipes start from',
    )
    .option('--methods <names>', `only these methods of the suite, comma-separated (first: ${names(FIRST)}; f: ${names(SUITE_F)})`, list)
    .option('--tasks <n>', 'tasks per split (overrides the size)', positiveInt('--tasks'))
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
