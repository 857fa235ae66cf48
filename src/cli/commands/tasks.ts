import type { Command } from 'commander';
import { getDomain } from '../../domains/registry.js';
import { domainTasks, type TaskSelection } from '../../io/tasks.js';
import { checkGold } from '../../runner/gold-check.js';
import { closeSharedSandbox } from '../../sandbox/index.js';
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
    .option('--data <path>', 'load tasks from a file or directory (JSONL, JSON, CSV, Parquet, gzipped or not) instead of generating them')
    .option(
      '--since <date>',
      'only loaded tasks with a contest date on or after this day (LiveCodeBench contest_date; a contamination window)',
    )
    .option('--until <date>', 'only loaded tasks with a contest date on or before this day')
    .option('--json', 'one task per line as JSON (the format every loader accepts)')
    // `--check` is a program-wide flag (with a command it is --domain command's checker, see
    // main.ts); given bare to `tasks`, it is the gold self-check.
    .addHelpText(
      'after',
      "\n  --check  (bare) verify each task's reference answer against the task itself; list those the verifier cannot read or rejects",
    )
    .action(async ({ domain, json, ...selection }: TasksFlags, command: Command) => {
      const tasks = await domainTasks(domain, selection);
      if (command.optsWithGlobals<{ check?: string | boolean }>().check === true) {
        const result = await checkGold(getDomain(domain), tasks).finally(closeSharedSandbox);
        if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
        else {
          for (const p of result.problems) {
            const read = p.extracted === null ? 'nothing could be read' : `read as ${JSON.stringify(p.extracted)}`;
            process.stdout.write(`${p.taskId}: reference ${JSON.stringify(p.reference)}: ${p.problem} (${read}; ${p.detail})\n`);
          }
          const bad = result.problems.length;
          const unparsed = result.problems.filter((p) => p.problem === 'unparsed').length;
          process.stdout.write(
            `${result.checked - bad}/${result.checked} references verify against their own task` +
              (bad ? `; ${bad} do not (${unparsed} the verifier cannot parse)` : '') +
              '\n',
          );
        }
        // Non-zero so a CI step fails on a data set the verifier cannot score.
        if (result.problems.length > 0) process.exitCode = 1;
        return;
      }
      for (const task of tasks) {
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
