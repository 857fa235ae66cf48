import { resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import type { Domain, Task } from '../../core/types.js';
import { getDomain } from '../../domains/registry.js';
import { loadTaskFile } from '../../io/tasks.js';
import { createModel } from '../../models/registry.js';
import { runEval } from '../../runner/eval.js';
import { buildSummary, summaryTable, writeSummaryFiles } from '../../runner/summary-files.js';
import { RunStore, type RunConfig } from '../../store/run-store.js';
import { createTeacher } from '../../teachers/registry.js';
import { VERSION } from '../../version.js';
import { list, nonNegativeInt, positiveInt } from '../options.js';
import { createProgress } from '../progress.js';

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
  json?: boolean;
}

export function registerEval(program: Command): void {
  program
    .command('eval')
    .description('run didactic dialogues against a student and print cumulative accuracy per turn for each condition')
    .requiredOption('--student <spec>', 'the student model: embedded:<name>, module:<file.js>, …')
    .requiredOption('--out <dir>', 'run directory (an existing run there is resumed)')
    .option('--domain <names>', 'task domain(s), comma-separated', list, ['math'])
    .option('--teacher <names>', 'conditions, comma-separated: scripted, unary, none', list, ['scripted', 'unary', 'none'])
    .option('--turns <K>', 'turn budget: attempts per episode', positiveInt('--turns'), 5)
    .option('--tasks <n>', 'tasks per domain (generated, or the first n of --data)', positiveInt('--tasks'), 200)
    .option('--seed <seed>', 'seed for task generation and sampling', nonNegativeInt('--seed'), 1)
    .option('--difficulty <level>', 'generator difficulty (domain default if omitted)', positiveInt('--difficulty'))
    .option('--data <file.jsonl>', 'load tasks from a JSONL file instead of generating them (one domain)')
    .option('--concurrency <n>', 'episodes in flight at once', positiveInt('--concurrency'), 4)
    .option('--temperature <t>', 'student sampling temperature', Number)
    .option('--max-tokens <n>', 'student max output tokens', positiveInt('--max-tokens'))
    .option('--json', 'print summary.json instead of the table')
    .action(async (flags: EvalFlags) => {
      await evalCommand(flags);
    });
}

async function evalCommand(flags: EvalFlags): Promise<void> {
  const domains = new Map<string, Domain>(flags.domain.map((name) => [name, getDomain(name)]));
  const teachers = flags.teacher.map((name) => createTeacher(name));
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
    didacticVersion: VERSION,
  };

  const resuming = RunStore.exists(flags.out);
  const store = RunStore.open(flags.out, { create: true });
  try {
    const stored = store.config();
    if (stored) {
      assertSameRun(flags.out, stored, config);
    } else {
      store.initialize(config, tasks);
    }
    const student = await createModel(flags.student);
    const progress = createProgress('episodes');
    try {
      const result = await runEval({
        store,
        tasks: store.tasks(),
        domains,
        teachers,
        student,
        turns: flags.turns,
        seed: flags.seed,
        concurrency: flags.concurrency,
        settings,
        onProgress: ({ done, total }) => progress.update(done, total),
      });
      progress.stop();
      if (resuming && result.skipped > 0) process.stderr.write(`resumed ${flags.out}: ${result.skipped} episodes were already done\n`);
    } finally {
      await student.close?.();
    }
    const summary = buildSummary(store, stored ?? config, domains);
    writeSummaryFiles(flags.out, summary);
    if (flags.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    else {
      process.stdout.write(`${summaryTable(summary)}\n`);
      process.stdout.write(`leak rate ${(summary.leakRate * 100).toFixed(2)}% · summary written to ${flags.out}/summary.json and summary.md\n`);
    }
  } finally {
    store.close();
  }
}

/** A resume must ask for the same run; otherwise stop before touching anything. */
function assertSameRun(dir: string, stored: RunConfig, asked: RunConfig): void {
  const keys: Array<keyof RunConfig> = ['student', 'teachers', 'domains', 'turns', 'tasks', 'seed', 'difficulty', 'data', 'settings'];
  for (const key of keys) {
    if (JSON.stringify(stored[key]) !== JSON.stringify(asked[key])) {
      throw new UsageError(
        `${dir} holds a run with ${key} = ${JSON.stringify(stored[key])}, but this command asks for ${JSON.stringify(asked[key])}; ` +
          'rerun with the same settings to resume it, or choose another --out',
      );
    }
  }
}
