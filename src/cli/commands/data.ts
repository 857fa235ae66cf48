import type { Command } from 'commander';
import { writeDialogueData, writeSingleTurnData, type DialogueDataOptions, type SingleTurnDataOptions } from '../../data/files.js';
import { DIALOGUE_KINDS } from '../../data/dialogues.js';
import { list, nonNegativeInt, numberList, positiveInt } from '../options.js';

export function registerData(program: Command): void {
  const data = program.command('data').description('write training data');
  data
    .command('sft')
    .description('single-turn chat examples (system prompt + task → "Answer: <reference>") from domain generators, as JSONL')
    .requiredOption('--domain <names>', 'one or more domains, comma-separated (math, maze)', list)
    .option('--n <count>', 'examples per domain', positiveInt('--n'), 20000)
    .option('--seed <seed>', 'generator seed', nonNegativeInt('--seed'), 1)
    .option('--difficulty <levels>', "difficulty levels, comma-separated (default: each domain's default)", numberList)
    .requiredOption('--out <file>', 'JSONL file to write')
    .action((opts: SingleTurnDataOptions) => {
      const written = writeSingleTurnData(opts);
      process.stderr.write(`wrote ${written} examples to ${opts.out}\n`);
    });
  data
    .command('dialogues')
    .description(
      "chat examples from the dialogues of a run, as JSONL for `train sft`: the attempts that solved a task (solved), or each wrong attempt's feedback followed by the reference answer (corrected)",
    )
    .argument('<run>', 'run directory')
    .option('--kind <kind>', `which examples (${DIALOGUE_KINDS.join(', ')})`, 'solved')
    .option('--condition <names>', 'only these conditions, comma-separated (default: all)', list)
    .requiredOption('--out <file>', 'JSONL file to write')
    .action(async (dir: string, opts: DialogueDataOptions) => {
      const made = await writeDialogueData(dir, opts);
      const skipped = made.skipped ? `; ${made.skipped} corrections left out (no reference reply passes the verifier)` : '';
      process.stderr.write(`wrote ${made.examples} ${made.kind} examples from ${made.episodes} episodes to ${opts.out}${skipped}\n`);
    });
}
