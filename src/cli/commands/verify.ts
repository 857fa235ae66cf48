import type { Command } from 'commander';
import { checkAttempt, type CheckAttemptOptions } from '../../runner/check-attempt.js';

/** "Why was this marked wrong?": extraction, verdict and the scripted teacher's feedback for one attempt. */
export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('check one attempt against one task and show the feedback the scripted teacher would give')
    .requiredOption('--domain <name>', 'task domain')
    .requiredOption('--task <json>', 'the task as JSON, in any format the domain loads (GSM8K, MATH, plain, didactic task, …)')
    .requiredOption('--attempt <text>', "the student's attempt, as free text")
    .option('--json', 'print the result as JSON')
    .option('--sandbox <kind>', 'where code runs: pyodide (default) or bwrap (native python3 under bubblewrap)')
    .action(async ({ json, ...options }: CheckAttemptOptions & { json?: boolean }) => {
      const { task, verdict, feedback } = await checkAttempt(options);
      if (json) {
        process.stdout.write(
          `${JSON.stringify({ taskId: task.id, extracted: verdict.extracted, correct: verdict.correct, summary: verdict.summary, details: verdict.details, reference: task.privileged.answer, feedback }, null, 2)}\n`,
        );
        return;
      }
      process.stdout.write(`extracted answer: ${verdict.extracted ?? '(none found)'}\n`);
      process.stdout.write(`verdict:          ${verdict.correct ? 'correct' : 'wrong'} (${verdict.summary})\n`);
      process.stdout.write(`reference:        ${task.privileged.answer}   [hidden from the student]\n`);
      if (feedback !== null) process.stdout.write(`scripted feedback: ${feedback}\n`);
    });
}
