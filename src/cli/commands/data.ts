import { type Command, Option } from 'commander';
import { DIALOGUE_KINDS } from '../../data/dialogues.js';
import {
  type DialogueDataOptions,
  type SingleTurnDataOptions,
  type SyntheticDataOptions,
  writeDialogueData,
  writeSingleTurnData,
  writeSyntheticData,
} from '../../data/files.js';
import { SYNTHETIC_DOMAINS, SYNTHETIC_FEEDBACK } from '../../data/synthetic.js';
import { type ExportOptions, exportTaskData } from '../../data/export.js';
import { EXPORT_FORMATS } from '../../data/export-formats.js';
import { boundedNumber, list, nonNegativeInt, numberList, positiveInt } from '../options.js';

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
      "chat examples from the dialogues of a run, as JSONL for `train sft`: the attempts that solved a task (solved), each wrong attempt's feedback followed by the reference answer (corrected), or the answers reached after feedback as single-turn examples (consolidated)",
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
  data
    .command('synthetic')
    .description(
      'synthetic dialogues for a start that can take a second turn: earlier wrong attempts and real scripted feedback before a trained reply that shows its working, as JSONL',
    )
    .requiredOption('--domain <name>', `domain (${SYNTHETIC_DOMAINS.join(', ')})`)
    .option('--n <count>', 'examples per difficulty level', positiveInt('--n'), 10000)
    .option('--seed <seed>', 'generator seed', nonNegativeInt('--seed'), 1)
    .option('--difficulty <levels>', "difficulty levels, comma-separated (default: the domain's default)", numberList)
    .option(
      '--dialogue-share <p>',
      'share of examples that are dialogues (the rest are single-turn)',
      boundedNumber('--dialogue-share', { min: 0, max: 1 }),
      0.5,
    )
    .option('--max-earlier <k>', 'most earlier wrong attempts in a dialogue', positiveInt('--max-earlier'), 3)
    .addOption(
      new Option(
        '--feedback <how>',
        'shuffled: each feedback is about a different wrong attempt, so it carries no information; true: about the attempt shown',
      )
        .choices(SYNTHETIC_FEEDBACK)
        .default('shuffled'),
    )
    .requiredOption('--out <file>', 'JSONL file to write')
    .action(async (opts: SyntheticDataOptions) => {
      const made = await writeSyntheticData(opts);
      process.stderr.write(`wrote ${made.examples} examples (${made.dialogues} dialogues) to ${opts.out}\n`);
    });
  data
    .command('export')
    .description('prompt datasets for RL trainers (verl, OpenRLHF, TRL, SkyRL, verifiers) whose rollouts call `didactic env serve`')
    .requiredOption('--format <name>', `trainer layout (${EXPORT_FORMATS.join(', ')})`)
    .requiredOption('--domain <names>', 'one or more domains, comma-separated', list)
    .option('--data <file>', 'export the tasks of this JSONL file (start the server with the same --data)')
    .option('--n <count>', 'tasks per domain', positiveInt('--n'), 1000)
    .option('--seed <seed>', 'generator seed', nonNegativeInt('--seed'), 1)
    .option('--difficulty <level>', "generator difficulty (default: each domain's default)", positiveInt('--difficulty'))
    .option('--max-attempts <k>', 'attempts per episode, written into each task reference', positiveInt('--max-attempts'), 3)
    .option('--discount <d>', 'reward discount per extra attempt, in (0, 1]', boundedNumber('--discount', { above: 0, max: 1 }), 0.7)
    .option('--teacher <name>', "teacher the episodes ask the server for (default: the server's default)")
    .option('--split <name>', 'split name written into extra_info', 'train')
    .option('--include-answers', 'write reference answers into the reward-side column (never into the prompt)')
    .requiredOption('--out <file>', '.jsonl, .json (JSON Lines) or .parquet')
    .action(async (opts: ExportOptions) => {
      const made = await exportTaskData(opts);
      process.stderr.write(`wrote ${made.rows} ${made.format} rows to ${made.file} (${made.fileFormat})\n`);
    });
}
