import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import { getDomain } from '../../domains/registry.js';
import { singleTurnExamples } from '../../embedded/sft-data.js';
import { list, nonNegativeInt, positiveInt } from '../options.js';

export function registerData(program: Command): void {
  const data = program.command('data').description('write training data');
  data
    .command('sft')
    .description('single-turn chat examples (system prompt + task → "Answer: <reference>") from domain generators, as JSONL')
    .requiredOption('--domain <names>', 'one or more domains, comma-separated (math, maze)', list)
    .option('--n <count>', 'examples per domain', positiveInt('--n'), 20000)
    .option('--seed <seed>', 'generator seed', nonNegativeInt('--seed'), 1)
    .option('--difficulty <levels>', 'difficulty levels, comma-separated (default: each domain\'s default)', list)
    .requiredOption('--out <file>', 'JSONL file to write')
    .action((opts: { domain: string[]; n: number; seed: number; difficulty?: string[]; out: string }) => {
      const lines: string[] = [];
      for (const name of opts.domain) {
        const domain = getDomain(name);
        const difficulties = (opts.difficulty ?? [String(domain.defaultDifficulty)]).map(Number);
        for (const d of difficulties) {
          if (!domain.difficulties.includes(d)) throw new UsageError(`--difficulty for ${domain.name} must be among ${domain.difficulties.join(', ')}, got ${d}`);
        }
        for (const example of singleTurnExamples(domain, { n: opts.n, seed: opts.seed, difficulties })) lines.push(JSON.stringify(example));
      }
      writeFileSync(opts.out, `${lines.join('\n')}\n`);
      process.stderr.write(`wrote ${lines.length} examples to ${opts.out}\n`);
    });
}
