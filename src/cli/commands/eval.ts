import { resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import type { Domain, GenerationSettings, Task } from '../../core/types.js';
import { getDomain } from '../../domains/registry.js';
import { chooseSandbox, parseSandboxKind } from '../../sandbox/index.js';
import { loadTaskFile } from '../../io/tasks.js';
import { createModel } from '../../models/registry.js';
import { CallLimits } from '../../runner/calls/limits.js';
import { ModelCalls } from '../../runner/calls/managed-model.js';
import { runEval } from '../../runner/eval.js';
import { buildSummary, summaryTable, writeSummaryFiles } from '../../results/summary.js';
import { runUsage, writeUsageFile } from '../../results/usage.js';
import { RunStore, type RunConfig } from '../../store/run-store.js';
import { FEEDBACK_STYLES, prepareModelTeachers, type FeedbackStyle } from '../../teachers/llm/index.js';
import { createTeacher } from '../../teachers/registry.js';
import { VERSION } from '../../version.js';
import { list, nonNegativeInt, positiveInt } from '../options.js';
import { createProgress } from '../progress.js';
import { generationSettings, providerLimits } from '../settings.js';
import { usageLines } from '../usage-report.js';

interface EvalFlags {
  domain: string[];
  teacher: string[];
  turns: number;
  tasks: number;
  seed: number;
  student: string;
  out: string;
  data?: string;
  difficulty?: number;
  concurrency: number;
  temperature?: number;
  maxTokens?: number;
  studentSettings?: GenerationSettings;
  teacherSettings?: GenerationSettings;
  judgeSettings?: GenerationSettings;
  feedback: FeedbackStyle;
  teacherPrompt?: string;
  leakJudge?: string;
  leakRetries: number;
  maxCalls: number;
  providerConcurrency?: Record<string, number>;
  maxRetries: number;
  retryBaseMs: number;
  timeout: number;
  json?: boolean;
  sandbox?: string;
}

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
    .option('--teacher <names>', 'conditions, comma-separated: scripted, unary, none, self, llm:<spec>', list, [
      'scripted',
      'unary',
      'none',
    ])
    .option('--turns <K>', 'turn budget: attempts per episode', positiveInt('--turns'), 5)
    .option('--tasks <n>', 'tasks per domain (generated, or the first n of --data)', positiveInt('--tasks'), 200)
    .option('--seed <seed>', 'seed for task generation and sampling', nonNegativeInt('--seed'), 1)
    .option('--difficulty <level>', 'generator difficulty (domain default if omitted)', positiveInt('--difficulty'))
    .option('--data <file.jsonl>', 'load tasks from a JSONL file instead of generating them (one domain)')
    .option('--concurrency <n>', 'episodes in flight at once', positiveInt('--concurrency'), 4)
    .option('--temperature <t>', 'student sampling temperature', Number)
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
    .option('--json', 'print summary.json instead of the table')
    .action(async (flags: EvalFlags) => {
      await evalCommand(flags);
    });
}

async function evalCommand(flags: EvalFlags): Promise<void> {
  if (flags.sandbox !== undefined) chooseSandbox(parseSandboxKind(flags.sandbox));
  const domains = new Map<string, Domain>(flags.domain.map((name) => [name, getDomain(name)]));
  if (!FEEDBACK_STYLES.includes(flags.feedback))
    throw new UsageError(`--feedback must be one of ${FEEDBACK_STYLES.join(', ')}, got "${flags.feedback}"`);
  if (new Set(flags.teacher).size !== flags.teacher.length) throw new UsageError('--teacher lists a condition twice');
  if (flags.data && domains.size !== 1) throw new UsageError('--data loads tasks for one domain; give exactly one --domain');
  for (const domain of domains.values()) {
    if (flags.difficulty !== undefined && !domain.difficulties.includes(flags.difficulty)) {
      throw new UsageError(`--difficulty for ${domain.name} must be one of ${domain.difficulties.join(', ')}`);
    }
  }
  const settings: Record<string, unknown> = {};
  if (flags.temperature !== undefined) {
    if (!Number.isFinite(flags.temperature) || flags.temperature < 0) throw new UsageError('--temperature must be a number ≥ 0');
    settings.temperature = flags.temperature;
  }
  if (flags.maxTokens !== undefined) settings.maxTokens = flags.maxTokens;
  Object.assign(settings, flags.studentSettings);
  const roleSettings = { teacher: flags.teacherSettings ?? {}, judge: flags.judgeSettings ?? {} };

  // Everything that can be wrong with the input is checked before any model is called.
  const tasks: Task[] = [];
  for (const domain of domains.values()) {
    if (flags.data) tasks.push(...loadTaskFile(flags.data, domain).slice(0, flags.tasks));
    else tasks.push(...domain.generate({ n: flags.tasks, seed: flags.seed, difficulty: flags.difficulty ?? domain.defaultDifficulty }));
  }
  const config: RunConfig = {
    student: flags.student,
    teachers: flags.teacher,
    domains: [...domains.keys()],
    turns: flags.turns,
    tasks: flags.tasks,
    seed: flags.seed,
    difficulty: flags.difficulty ?? null,
    data: flags.data ? resolve(flags.data) : null,
    settings,
    roleSettings,
    feedback: flags.feedback,
    teacherPrompt: flags.teacherPrompt ? resolve(flags.teacherPrompt) : null,
    leakJudge: flags.leakJudge ?? null,
    leakRetries: flags.leakRetries,
    didacticVersion: VERSION,
  };

  // Clients open (and keys, templates are checked) before the run directory is touched.
  const student = await createModel(flags.student);
  let closeTeachers = async (): Promise<void> => {};
  const closeAll = async (): Promise<void> => {
    await Promise.all([student.close?.(), closeTeachers()]);
  };

  const resuming = RunStore.exists(flags.out);
  let store: RunStore;
  try {
    store = RunStore.open(flags.out, { create: true });
  } catch (error) {
    await closeAll();
    throw error;
  }
  try {
    const calls = new ModelCalls({
      store,
      limits: new CallLimits({ global: flags.maxCalls, ...(flags.providerConcurrency ? { perProvider: flags.providerConcurrency } : {}) }),
      retry: { maxRetries: flags.maxRetries, baseDelayMs: flags.retryBaseMs, timeoutMs: flags.timeout },
    });
    const modelTeachers = await prepareModelTeachers(flags.teacher, {
      studentSpec: flags.student,
      student,
      createModel,
      wrap: (model, role) => calls.wrap(model, role, roleSettings[role]),
      feedback: flags.feedback,
      ...(flags.teacherPrompt ? { teacherPrompt: flags.teacherPrompt } : {}),
      ...(flags.leakJudge ? { leakJudge: flags.leakJudge } : {}),
    });
    closeTeachers = () => modelTeachers.close();
    const teachers = flags.teacher.map((name) => createTeacher(name, { resolveExtension: modelTeachers.resolveExtension }));
    const stored = store.config();
    if (stored) {
      assertSameRun(flags.out, stored, config);
    } else {
      store.initialize(config, tasks);
    }
    const progress = createProgress('episodes');
    const result = await runEval({
      store,
      tasks: store.tasks(),
      domains,
      teachers,
      student: calls.wrap(student, 'student'),
      turns: flags.turns,
      seed: flags.seed,
      concurrency: flags.concurrency,
      settings,
      maxLeakRetries: flags.leakRetries,
      ...(modelTeachers.leakJudge ? { leakJudge: modelTeachers.leakJudge } : {}),
      onProgress: ({ done, total }) => progress.update(done, total),
    });
    progress.stop();
    if (resuming && result.skipped > 0) process.stderr.write(`resumed ${flags.out}: ${result.skipped} episodes were already done\n`);
    const errored = store.episodes({ status: 'errored' });
    if (errored.length > 0) {
      // Errored episodes are excluded from accuracy; say why, so a bad key or model name is not missed.
      process.stderr.write(
        `${errored.length} episode(s) errored and are excluded from accuracy (rerun the command to retry them; \`didactic show ${flags.out} --episode ${errored[0]!.id}\` for details). First error: ${errored[0]!.error}\n`,
      );
    }
    const summary = buildSummary(store, stored ?? config, domains);
    writeSummaryFiles(flags.out, summary);
    const usage = runUsage(store);
    writeUsageFile(flags.out, usage);
    if (flags.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    else {
      process.stdout.write(`${summaryTable(summary)}\n`);
      for (const line of usageLines(usage)) process.stdout.write(`${line}\n`);
      process.stdout.write(
        `leak rate ${(summary.leakRate * 100).toFixed(2)}% · summary written to ${flags.out}/summary.json and summary.md, model usage to usage.json\n`,
      );
    }
  } finally {
    await closeAll();
    store.close();
  }
}

/** A resume must ask for the same run; otherwise stop before touching anything. */
function assertSameRun(dir: string, stored: RunConfig, asked: RunConfig): void {
  const keys: Array<keyof RunConfig> = [
    'student',
    'teachers',
    'domains',
    'turns',
    'tasks',
    'seed',
    'difficulty',
    'data',
    'settings',
    'roleSettings',
    'feedback',
    'teacherPrompt',
    'leakJudge',
    'leakRetries',
  ];
  // Runs written before a field existed stored nothing for it; the default is what they used.
  const defaults: Partial<Record<keyof RunConfig, unknown>> = {
    roleSettings: { teacher: {}, judge: {} },
    feedback: 'both',
    teacherPrompt: null,
    leakJudge: null,
    leakRetries: 2,
  };
  for (const key of keys) {
    const was = JSON.stringify(stored[key] ?? defaults[key] ?? null);
    const now = JSON.stringify(asked[key] ?? defaults[key] ?? null);
    if (was !== now) {
      throw new UsageError(
        `${dir} holds a run with ${key} = ${was}, but this command asks for ${now}; ` +
          'rerun with the same settings to resume it, or choose another --out',
      );
    }
  }
}
