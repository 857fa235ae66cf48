import type { Command } from 'commander';
import { TaskFormatError } from '../../core/errors.js';
import { createRng, deriveSeed } from '../../core/random.js';
import { getDomain } from '../../domains/registry.js';
import { chooseSandbox, closeSharedSandbox, parseSandboxKind } from '../../sandbox/index.js';

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
    .action(async (opts: { domain: string; task: string; attempt: string; json?: boolean; sandbox?: string }) => {
      // One attempt needs one warm interpreter, not a pool.
      chooseSandbox(parseSandboxKind(opts.sandbox ?? process.env.DIDACTIC_SANDBOX ?? 'pyodide'), { workers: 1 });
      const domain = getDomain(opts.domain);
      let record: unknown;
      try {
        record = JSON.parse(opts.task);
      } catch (error) {
        throw new TaskFormatError({ file: '--task', line: 1 }, `invalid JSON (${(error as Error).message})`);
      }
      const task = domain.parseRecord(record, { file: '--task', line: 1 });
      const verdict = await Promise.resolve(domain.verify(task, opts.attempt)).finally(closeSharedSandbox);
      const feedback = verdict.correct ? null : domain.scriptedFeedback(task, verdict, createRng(deriveSeed('verify', task.id)));
      if (opts.json) {
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
