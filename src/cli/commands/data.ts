import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import { DIALOGUE_KINDS, dialogueExamples, type DialogueKind } from '../../data/dialogues.js';
import { getDomain } from '../../domains/registry.js';
import { singleTurnExamples } from '../../embedded/sft-data.js';
import { closeSharedSandbox } from '../../sandbox/index.js';
import { RunStore } from '../../store/run-store.js';
import { list, nonNegativeInt, positiveInt } from '../options.js';

export function registerData(program: Command): void {
  const data = program.command('data').description('write training data');
  data
    .command('sft')
    .description('single-turn chat examples (system prompt + task → "Answer: <reference>") from domain generators, as JSONL')
    .requiredOption('--domain <names>', 'one or more domains, comma-separated (math, maze)', list)
    .option('--n <count>', 'examples per domain', positiveInt('--n'), 20000)
    .option('--seed <seed>', 'generator seed', nonNegativeInt('--seed'), 1)
    .option('--difficulty <levels>', "difficulty levels, comma-separated (default: each domain's default)", list)
    .requiredOption('--out <file>', 'JSONL file to write')
    .action((opts: { domain: string[]; n: number; seed: number; difficulty?: string[]; out: string }) => {
      const lines: string[] = [];
      for (const name of opts.domain) {
        const domain = getDomain(name);
        const difficulties = (opts.difficulty ?? [String(domain.defaultDifficulty)]).map(Number);
        for (const d of difficulties) {
          if (!domain.difficulties.includes(d))
            throw new UsageError(`--difficulty for ${domain.name} must be among ${domain.difficulties.join(', ')}, got ${d}`);
        }
        for (const example of singleTurnExamples(domain, { n: opts.n, seed: opts.seed, difficulties })) lines.push(JSON.stringify(example));
      }
      writeFileSync(opts.out, `${lines.join('\n')}\n`);
      process.stderr.write(`wrote ${lines.length} examples to ${opts.out}\n`);
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
    .action(async (dir: string, opts: { kind: string; condition?: string[]; out: string }) => {
      if (!(DIALOGUE_KINDS as readonly string[]).includes(opts.kind))
        throw new UsageError(`--kind must be one of ${DIALOGUE_KINDS.join(', ')}, got "${opts.kind}"`);
      const store = RunStore.open(dir, { create: false });
      try {
        const conditions = opts.condition;
        const all = store.episodes();
        const known = new Set(all.map((e) => e.condition));
        for (const c of conditions ?? [])
          if (!known.has(c)) throw new UsageError(`--condition ${c}: the run in ${dir} has only ${[...known].join(', ')}`);
        const episodes = all.filter((e) => conditions === undefined || conditions.includes(e.condition));
        const made = await dialogueExamples(
          episodes,
          { task: (d, id) => store.task(d, id), domain: getDomain },
          opts.kind as DialogueKind,
        ).finally(closeSharedSandbox);
        writeFileSync(opts.out, made.examples.map((e) => `${JSON.stringify(e)}\n`).join(''));
        const skipped = made.skipped ? `; ${made.skipped} corrections left out (no reference reply passes the verifier)` : '';
        process.stderr.write(
          `wrote ${made.examples.length} ${opts.kind} examples from ${made.episodes} episodes to ${opts.out}${skipped}\n`,
        );
      } finally {
        store.close();
      }
    });
}
