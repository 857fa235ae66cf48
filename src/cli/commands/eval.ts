import type { Command } from 'commander';
import { evaluate, type EvaluateOptions } from '../../runner/evaluate.js';
import { checkGates, failedGates, parseGates } from '../../results/gates.js';
import { summaryTable } from '../../results/summary.js';
import { FEEDBACK_STYLES } from '../../teachers/llm/index.js';
import { boundedNumber, list, nonNegativeInt, positiveInt } from '../options.js';
import { createProgress } from '../progress.js';
import { generationSettings, providerLimits } from '../settings.js';
import { usageLines } from '../usage-report.js';

type EvalFlags = Omit<EvaluateOptions, 'onProgress'> & { json?: boolean; failUnder?: string };

export function registerEval(program: Command): void {
  program
    .command('eval')
    .description('run didactic dialogues against a student and print cumulative accuracy per turn for each condition')
    .requiredOption(
      '--student <spec>',
      'the student model: embedded:<name|path>, openai:<model>, anthropic:<model>, google:<model>, openai-compatible:<baseURL>#<model>, module:<file.js>, …',
    )
    .requiredOption('--out <dir>', 'run directory (an existing run there is resumed)')
    .option('--domain <names>', 'task domain(s), comma-separated', list, ['math'])
    .option('--teacher <names>', 'conditions, comma-separated: scripted, unary, none, placebo, maintain, self, llm:<spec>', list, [
      'scripted',
      'unary',
      'none',
    ])
    .option('--turns <K>', 'turn budget: attempts per episode', positiveInt('--turns'), 5)
    .option('--tasks <n>', 'tasks per domain (generated, or the first n of --data)', positiveInt('--tasks'), 200)
    .option('--seed <seed>', 'seed for task generation and sampling', nonNegativeInt('--seed'), 1)
    .option('--difficulty <level>', 'generator difficulty (domain default if omitted)', positiveInt('--difficulty'))
    .option(
      '--data <path>',
      'load tasks from a file or directory (JSONL, JSON, CSV, Parquet, gzipped or not) instead of generating them (one domain)',
    )
    .option(
      '--since <date>',
      'only loaded tasks with a contest date on or after this day (LiveCodeBench contest_date; a contamination window)',
    )
    .option('--until <date>', 'only loaded tasks with a contest date on or before this day')
    .option('--concurrency <n>', 'episodes in flight at once', positiveInt('--concurrency'), 4)
    // A plain conversion: evaluate() checks the value, since it also takes one from code.
    .option('--temperature <t>', 'student sampling temperature', boundedNumber('--temperature', { min: 0 }, { usage: true }))
    .option('--max-tokens <n>', 'student max output tokens', positiveInt('--max-tokens'))
    .option(
      '--student-settings <k=v,…>',
      'student generation settings: temperature, topP, maxTokens, stop (a|b)',
      generationSettings('--student-settings'),
    )
    .option('--teacher-settings <k=v,…>', 'settings for llm:<spec> and self teacher calls', generationSettings('--teacher-settings'))
    .option('--judge-settings <k=v,…>', 'settings for --leak-judge calls', generationSettings('--judge-settings'))
    .option('--feedback <style>', `llm teacher feedback style (LLF-Bench): ${FEEDBACK_STYLES.join(', ')}`, 'both')
    .option('--teacher-prompt <file>', 'replace the llm teacher prompt template (see prompts/teacher.md)')
    .option('--leak-judge <spec>', 'also ask this model whether llm teacher feedback gives the answer away')
    .option('--leak-retries <n>', 'regenerations of leaking feedback before the scripted fallback', nonNegativeInt('--leak-retries'), 2)
    .option('--max-calls <n>', 'model calls in flight at once, over all providers', positiveInt('--max-calls'), 16)
    .option('--provider-concurrency <p=n,…>', 'per-provider call limits, e.g. openai=8,anthropic=2', providerLimits)
    .option('--max-retries <n>', 'retries of a failed call (429, 5xx, timeout, dropped connection)', nonNegativeInt('--max-retries'), 5)
    .option('--retry-base-ms <ms>', 'first retry delay; doubles each retry, with jitter', nonNegativeInt('--retry-base-ms'), 1000)
    .option('--timeout <ms>', 'time limit of one model call', positiveInt('--timeout'), 120_000)
    .option('--sandbox <kind>', 'where code tasks run: pyodide (default) or bwrap (native python3 under bubblewrap)')
    .option(
      '--repeats <n>',
      'independent episodes per task and condition; the summary splits the variance between tasks and repeats',
      positiveInt('--repeats'),
    )
    .option('--extract <mode>', 'answer extraction: lenient (falls back to the last number) or strict (a \\boxed{} or an answer line only)')
    .option('--fail-under <cond@k=x,…>', 'exit 1 when acc@k of a condition is below x in any domain (a CI gate), e.g. scripted@3=0.6')
    .option('--json', 'print summary.json instead of the table')
    .action(async ({ json, failUnder, ...options }: EvalFlags) => {
      const gates = failUnder ? parseGates(failUnder) : [];
      checkGates(gates, options.teacher, options.turns);
      const progress = createProgress('episodes');
      const { summary, usage, resumed, skipped, errored } = await evaluate({
        ...options,
        onProgress: ({ done, total }) => progress.update(done, total),
      });
      progress.stop();
      if (resumed && skipped > 0) process.stderr.write(`resumed ${options.out}: ${skipped} episodes were already done\n`);
      const first = errored[0];
      if (first) {
        // Errored episodes are excluded from accuracy; say why, so a bad key or model name is not missed.
        process.stderr.write(
          `${errored.length} episode(s) errored and are excluded from accuracy (rerun the command to retry them; \`didactic show ${options.out} --episode ${first.id}\` for details). First error: ${first.error}\n`,
        );
      }
      if (json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      else {
        process.stdout.write(`${summaryTable(summary)}\n`);
        for (const line of usageLines(usage)) process.stdout.write(`${line}\n`);
        process.stdout.write(
          `leak rate ${(summary.leakRate * 100).toFixed(2)}% · summary written to ${options.out}/summary.json and summary.md, model usage to usage.json\n`,
        );
      }
      const failed = failedGates(gates, summary);
      for (const line of failed) process.stderr.write(`didactic: --fail-under: ${line}\n`);
      if (failed.length > 0) process.exitCode = 1;
    });
}
