import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { sha256 } from '../core/hash.js';
import type { Domain, ExtractMode, GenerationSettings, Task } from '../core/types.js';
import { loadDomains } from '../domains/registry.js';
import { resolveModelDir } from '../embedded/provider.js';
import { checkDifficulty, selectTasks } from '../io/tasks.js';
import { createModel } from '../models/registry.js';
import { chooseSandbox, parseSandboxKind } from '../sandbox/index.js';
import { RunStore, type RunConfig, type StoredEpisode } from '../store/run-store.js';
import { assertFeedbackStyle, type FeedbackStyle } from '../teachers/llm/index.js';
import { isModuleSpec } from '../plugins/module.js';
import { createTeacher, loadTeachers } from '../teachers/registry.js';
import { resolveTeachers } from '../teachers/resolve.js';
import { VERSION } from '../version.js';
import { CallLimits } from './calls/limits.js';
import { ModelCalls } from './calls/managed-model.js';
import { runEval, type EvalProgress } from './eval.js';
import { buildSummary, writeSummaryFiles, type Summary } from '../results/summary.js';
import { runProvenance } from '../results/provenance.js';
import { runUsage, writeUsageFile, type RunUsage } from '../results/usage.js';

// `didactic eval` as a function: check the input, load or generate the tasks, open the models
// and teachers, start or resume the run in `out`, run every episode not yet done, and write
// summary.json, summary.md and usage.json. The names of the options are those of the flags.

export interface EvaluateOptions {
  /** The student model's spec. */
  student: string;
  /** The run directory; a run already there is resumed (if it asks for the same run). */
  out: string;
  /** The domains, by name. */
  domain: string[];
  /** The conditions, by teacher name (scripted, unary, none, self, llm:<spec>). */
  teacher: string[];
  turns: number;
  /** Tasks per domain (generated, or the first of `data`). */
  tasks: number;
  seed: number;
  /** The generator's difficulty; each domain's default if absent. */
  difficulty?: number;
  /** A JSONL file of tasks, for one domain. */
  data?: string;
  /** Episodes in flight at once. */
  concurrency: number;
  temperature?: number;
  maxTokens?: number;
  /** The student's generation settings (after `temperature` and `maxTokens`, so they win). */
  studentSettings?: GenerationSettings;
  /** Settings of llm:<spec> and self teacher calls. */
  teacherSettings?: GenerationSettings;
  /** Settings of leak judge calls. */
  judgeSettings?: GenerationSettings;
  feedback: FeedbackStyle;
  /** A template replacing prompts/teacher.md for llm teachers. */
  teacherPrompt?: string;
  /** A model also asked whether llm teacher feedback gives the answer away. */
  leakJudge?: string;
  leakRetries: number;
  /** Model calls in flight at once, over all providers. */
  maxCalls: number;
  providerConcurrency?: Record<string, number>;
  maxRetries: number;
  retryBaseMs: number;
  /** Time limit of one model call, in ms. */
  timeout: number;
  /** Where code tasks run: pyodide or bwrap. */
  sandbox?: string;
  /** How answers are extracted: lenient (default) or strict (an explicit final answer only). */
  extract?: string;
  /** Contamination window on the loaded tasks' contest dates (LiveCodeBench `contest_date`), inclusive. */
  since?: string;
  until?: string;
  /** Independent episodes per task and condition (default 1); task i's repeats get ids `<id>#1` … `<id>#n`. */
  repeats?: number;
  onProgress?: (progress: EvalProgress) => void;
}

export interface EvaluateResult {
  summary: Summary;
  usage: RunUsage;
  /** `out` held a run already, and this call continued it. */
  resumed: boolean;
  /** Episodes that were already done before this call. */
  skipped: number;
  /** Episodes that ended in an error (excluded from accuracy), first one first. */
  errored: StoredEpisode[];
}

export async function evaluate(options: EvaluateOptions): Promise<EvaluateResult> {
  if (options.sandbox !== undefined) chooseSandbox(parseSandboxKind(options.sandbox));
  // Keyed by the domain's own name, which its tasks carry (a plug-in's differs from its module: spec).
  const domains = new Map<string, Domain>((await loadDomains(options.domain)).map((domain) => [domain.name, domain]));
  await loadTeachers(options.teacher);
  // Episodes are stored under the teacher's own name, so a module: teacher's condition is its name.
  const conditions = options.teacher.map((name) => (isModuleSpec(name) ? createTeacher(name).name : name));
  assertFeedbackStyle(options.feedback);
  if (new Set(conditions).size !== conditions.length) throw new UsageError('--teacher lists a condition twice');
  const extract = parseExtractMode(options.extract);
  if (options.data && domains.size !== 1) throw new UsageError('--data loads tasks for one domain; give exactly one --domain');
  for (const domain of domains.values()) checkDifficulty(domain, options.difficulty);
  const settings: Record<string, unknown> = {};
  if (options.temperature !== undefined) {
    if (!Number.isFinite(options.temperature) || options.temperature < 0) throw new UsageError('--temperature must be a number ≥ 0');
    settings.temperature = options.temperature;
  }
  if (options.maxTokens !== undefined) settings.maxTokens = options.maxTokens;
  Object.assign(settings, options.studentSettings);
  const roleSettings = { teacher: options.teacherSettings ?? {}, judge: options.judgeSettings ?? {} };

  // Everything that can be wrong with the input is checked before any model is called.
  const tasks: Task[] = [];
  for (const domain of domains.values()) {
    tasks.push(
      ...(await selectTasks(domain, {
        n: options.tasks,
        seed: options.seed,
        ...(options.difficulty === undefined ? {} : { difficulty: options.difficulty }),
        ...(options.data ? { data: options.data } : {}),
        ...(options.since === undefined ? {} : { since: options.since }),
        ...(options.until === undefined ? {} : { until: options.until }),
      })),
    );
  }
  const repeats = options.repeats ?? 1;
  if (!Number.isInteger(repeats) || repeats < 1) throw new UsageError('--repeats must be an integer ≥ 1');
  if (repeats > 1) tasks.splice(0, tasks.length, ...repeatTasks(tasks, repeats));
  const config: RunConfig = {
    student: options.student,
    teachers: conditions,
    domains: [...domains.keys()],
    turns: options.turns,
    tasks: options.tasks,
    seed: options.seed,
    difficulty: options.difficulty ?? null,
    data: options.data ? resolve(options.data) : null,
    settings,
    roleSettings,
    feedback: options.feedback,
    teacherPrompt: options.teacherPrompt ? resolve(options.teacherPrompt) : null,
    leakJudge: options.leakJudge ?? null,
    leakRetries: options.leakRetries,
    ...(extract === 'lenient' ? {} : { extract }),
    ...(repeats === 1 ? {} : { repeats }),
    ...(options.since === undefined && options.until === undefined
      ? {}
      : { contestWindow: { since: options.since ?? null, until: options.until ?? null } }),
    didacticVersion: VERSION,
  };

  // Clients open (and keys, templates are checked) before the run directory is touched.
  const student = await createModel(options.student);
  let closeTeachers = async (): Promise<void> => {};
  const closeAll = async (): Promise<void> => {
    await Promise.all([student.close?.(), closeTeachers()]);
  };

  const resumed = RunStore.exists(options.out);
  let store: RunStore;
  try {
    store = RunStore.open(options.out, { create: true });
  } catch (error) {
    await closeAll();
    throw error;
  }
  try {
    const calls = new ModelCalls({
      store,
      limits: new CallLimits({
        global: options.maxCalls,
        ...(options.providerConcurrency ? { perProvider: options.providerConcurrency } : {}),
      }),
      retry: { maxRetries: options.maxRetries, baseDelayMs: options.retryBaseMs, timeoutMs: options.timeout },
    });
    const teachers = await resolveTeachers(options.teacher, {
      studentSpec: options.student,
      student,
      createModel,
      wrap: (model, role) => calls.wrap(model, role, roleSettings[role]),
      feedback: options.feedback,
      ...(options.teacherPrompt ? { teacherPrompt: options.teacherPrompt } : {}),
      ...(options.leakJudge ? { leakJudge: options.leakJudge } : {}),
    });
    closeTeachers = () => teachers.close();
    const stored = store.config();
    const weights = embeddedWeightsSha256(options.student);
    if (stored) {
      // An embedded student is the same one when its weights are, wherever its directory now is
      // (a run carried to another checkout, or made from a copy of models/).
      const sameWeights = (): boolean =>
        weights !== null && weights === (store.meta(STUDENT_WEIGHTS) ?? embeddedWeightsSha256(stored.student));
      assertSameRun(options.out, stored, config, sameWeights);
    } else {
      store.initialize(config, tasks);
    }
    if (weights !== null && store.meta(STUDENT_WEIGHTS) === null) store.setMeta(STUDENT_WEIGHTS, weights);
    // Fingerprinted once, when the run starts: a resume continues the same run.
    if (store.meta('provenance') === null) {
      const provenance = runProvenance({
        tasks: store.tasks(),
        domains: [...domains.values()],
        teachers: options.teacher,
        teacherPrompt: options.teacherPrompt ?? null,
        feedback: options.feedback,
        leakJudge: options.leakJudge ?? null,
      });
      store.setMeta('provenance', JSON.stringify(provenance));
    }
    const progress = await runEval({
      store,
      tasks: store.tasks(),
      domains,
      teachers: teachers.teachers,
      student: calls.wrap(student, 'student'),
      turns: options.turns,
      seed: options.seed,
      concurrency: options.concurrency,
      settings,
      maxLeakRetries: options.leakRetries,
      extract,
      ...(teachers.leakJudge ? { leakJudge: teachers.leakJudge } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    const summary = buildSummary(store, stored ?? config, domains);
    writeSummaryFiles(options.out, summary);
    const usage = runUsage(store);
    writeUsageFile(options.out, usage);
    return { summary, usage, resumed, skipped: progress.skipped, errored: store.episodes({ status: 'errored' }) };
  } finally {
    await closeAll();
    store.close();
  }
}

/**
 * Each task n times, as distinct tasks: every random draw is seeded by the task id, so the repeats
 * are independent episodes, and the summary can split the variance between tasks and repeats.
 */
function repeatTasks(tasks: Task[], repeats: number): Task[] {
  return tasks.flatMap((task) =>
    Array.from({ length: repeats }, (_, i) => ({
      ...task,
      id: `${task.id}#${i + 1}`,
      metadata: { ...task.metadata, repeatOf: task.id, repeat: i + 1 },
    })),
  );
}

export function parseExtractMode(value: string | undefined): ExtractMode {
  if (value === undefined || value === 'lenient' || value === 'strict') return value ?? 'lenient';
  throw new UsageError(`--extract must be lenient or strict, got "${value}"`);
}

/** The run-store meta key of an embedded student's weights hash. */
const STUDENT_WEIGHTS = 'studentWeightsSha256';

/** The sha256 of an embedded student's model.safetensors, or null (another kind of student, or no such model here). */
export function embeddedWeightsSha256(spec: string): string | null {
  if (!spec.startsWith('embedded:')) return null;
  try {
    const file = join(resolveModelDir(spec.slice('embedded:'.length)), 'model.safetensors');
    return sha256(readFileSync(file));
  } catch {
    return null;
  }
}

/**
 * A resume must ask for the same run; otherwise stop before touching anything. `sameStudent`
 * may accept a student spec that differs in text but names the same model.
 */
export function assertSameRun(dir: string, stored: RunConfig, asked: RunConfig, sameStudent?: () => boolean): void {
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
    'extract',
    'repeats',
    'contestWindow',
  ];
  // Runs written before a field existed stored nothing for it; the default is what they used.
  const defaults: Partial<Record<keyof RunConfig, unknown>> = {
    roleSettings: { teacher: {}, judge: {} },
    feedback: 'both',
    teacherPrompt: null,
    leakJudge: null,
    leakRetries: 2,
    extract: 'lenient',
    repeats: 1,
  };
  for (const key of keys) {
    const was = JSON.stringify(stored[key] ?? defaults[key] ?? null);
    const now = JSON.stringify(asked[key] ?? defaults[key] ?? null);
    if (was !== now) {
      if (key === 'student' && sameStudent?.()) continue;
      throw new UsageError(
        `${dir} holds a run with ${key} = ${was}, but this command asks for ${now}; ` +
          'rerun with the same settings to resume it, or choose another --out',
      );
    }
  }
}
