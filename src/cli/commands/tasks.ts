import type { Command } from 'commander';
import { domainTasks, type TaskSelection } from '../../io/tasks.js';
import { nonNegativeInt, positiveInt } from '../options.js';

type TasksFlags = TaskSelection & { domain: string; json?: boolean };

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
    .action(async ({ domain, json, ...selection }: TasksFlags) => {
      for (const task of await domainTasks(domain, selection)) {
        if (json) {
          process.stdout.write(`${JSON.stringify(task)}\n`);
          continue;
        }
        process.stdout.write(`── ${task.id}  (difficulty ${task.metadata.difficulty ?? '?'}, ${task.metadata.source})\n`);
        process.stdout.write(`${task.prompt}\n`);
        process.stdout.write(`   [hidden from the student] answer: ${task.privileged.answer}\n\n`);
      }
    });
}
