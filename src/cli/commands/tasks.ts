import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import { getDomain } from '../../domains/registry.js';
import { loadTaskFile } from '../../io/tasks.js';
import { nonNegativeInt, positiveInt } from '../options.js';

export function registerTasks(program: Command): void {
  program
    .command('tasks')
    .description('print generated (or loaded) tasks, with their privileged data')
    .requiredOption('--domain <name>', 'task domain (math, maze, …)')
    .option('--n <count>', 'how many tasks', positiveInt('--n'), 5)
    .option('--seed <seed>', 'generator seed', nonNegativeInt('--seed'), 1)
    .option('--difficulty <level>', 'difficulty level (domain-specific, 1 = easiest)', positiveInt('--difficulty'))
    .option('--data <file>', 'load tasks from a JSONL file instead of generating them')
    .option('--json', 'one task per line as JSON (the format every loader accepts)')
    .action((opts: { domain: string; n: number; seed: number; difficulty?: number; data?: string; json?: boolean }) => {
      const domain = getDomain(opts.domain);
      if (opts.difficulty !== undefined && !domain.difficulties.includes(opts.difficulty)) {
        throw new UsageError(`--difficulty for ${domain.name} must be one of ${domain.difficulties.join(', ')}`);
      }
      const tasks = opts.data
        ? loadTaskFile(opts.data, domain).slice(0, opts.n)
        : domain.generate({ n: opts.n, seed: opts.seed, difficulty: opts.difficulty ?? domain.defaultDifficulty });
      for (const task of tasks) {
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(task)}\n`);
          continue;
        }
        process.stdout.write(`── ${task.id}  (difficulty ${task.metadata.difficulty ?? '?'}, ${task.metadata.source})\n`);
        process.stdout.write(`${task.prompt}\n`);
        process.stdout.write(`   [hidden from the student] answer: ${task.privileged.answer}\n\n`);
      }
    });
}
