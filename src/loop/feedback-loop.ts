import { runEpisode } from '../core/episode.js';
import { UsageError } from '../core/errors.js';
import type { ChatMessage, ChatModel, Domain, EpisodeResult, Task, Teacher, Turn } from '../core/types.js';
import { registerDomain } from '../domains/registry.js';
import { createModel } from '../models/registry.js';
import { buildSummary, writeSummaryFiles } from '../results/summary.js';
import { RunStore } from '../store/run-store.js';
import { resolveTeachers } from '../teachers/resolve.js';
import { VERSION } from '../version.js';
import { relayFeedback, relayTeacher } from './relay.js';

// The didactic loop inside an app: the app brings its own checker (a compiler, a test run, a
// linter, a schema); the model attempts, the check judges, a teacher turns the verdict into the
// next user message, up to maxAttempts. The same episode loop as `didactic eval` runs it, so a
// recorded dialogue is a run like any other: `didactic show`, `report` and `data` read it.

/** What the app's check says about one attempt. */
export interface CheckVerdict {
  /** Whether the attempt is good enough to stop. */
  passed: boolean;
  /** One line: "2 type errors", "test 3 failed". */
  summary?: string;
  /** What the teacher relays: compiler diagnostics, the failing test, lint messages (text, a list, or any JSON). */
  details?: unknown;
}

export interface CheckContext {
  /** The request this attempt answers. */
  prompt: string;
  /** 1-based attempt number. */
  attempt: number;
}

export interface FeedbackLoopOptions {
  /** The model that writes attempts: a ChatModel, or a spec (`openai:gpt-4o-mini`, `embedded:base`, …). */
  model: ChatModel | string;
  check(attempt: string, context: CheckContext): CheckVerdict | Promise<CheckVerdict>;
  /** A Teacher, or a name: `llm:<spec>` for a model reviewer. Default: relay the verdict as a reviewer would. */
  teacher?: Teacher | string;
  maxAttempts: number;
  /** Tells the model how to answer. */
  systemPrompt?: string;
  /** Called after each student and teacher turn, before the next begins. */
  onTurn?(turn: Turn): void | Promise<void>;
  /** Record every dialogue into the run store in this directory (created, or added to). */
  record?: { dir: string; name?: string };
  /** Seed for the model's sampling; default 1. */
  seed?: number;
}

export interface FeedbackLoopResult {
  /** The last attempt (the passing one when passed). */
  attempt: string;
  passed: boolean;
  attempts: number;
  /** What the model saw and said, feedback included. */
  transcript: ChatMessage[];
  turns: Turn[];
  /** Set when a model or teacher call failed; the loop stopped there. */
  error?: string;
  /** The stored episode's id, when recording. */
  episodeId?: number;
}

export interface FeedbackLoop {
  run(prompt: string, options?: { id?: string; signal?: AbortSignal }): Promise<FeedbackLoopResult>;
  /** Close the model clients the loop opened and the run store. */
  close(): Promise<void>;
}

const DEFAULT_SYSTEM = 'You are a careful assistant. Answer the request; when told what is wrong, reply with the whole corrected answer.';

/**
 * A loop the app runs once per request. Model clients (for a spec) and the run store open on the
 * first `run`, so building one costs nothing and fails only on a bad maxAttempts.
 */
export function createFeedbackLoop(options: FeedbackLoopOptions): FeedbackLoop {
  if (!Number.isInteger(options.maxAttempts) || options.maxAttempts < 1)
    throw new UsageError(`maxAttempts must be an integer ≥ 1, got ${options.maxAttempts}`);
  let opened: Promise<FeedbackLoop> | undefined;
  const open = (): Promise<FeedbackLoop> => {
    opened ??= openFeedbackLoop(options);
    return opened;
  };
  return {
    run: async (prompt, runOptions) => (await open()).run(prompt, runOptions),
    close: async () => {
      if (opened) await (await opened).close();
    },
  };
}

async function openFeedbackLoop(options: FeedbackLoopOptions): Promise<FeedbackLoop> {
  const name = options.record?.name ?? 'app';
  const ownsModel = typeof options.model === 'string';
  const model = typeof options.model === 'string' ? await createModel(options.model) : options.model;
  let teacher: Teacher = relayTeacher;
  let closeTeacher = async (): Promise<void> => {};
  if (typeof options.teacher === 'string') {
    const resolved = await resolveTeachers([options.teacher], {
      studentSpec: model.id,
      student: model,
      createModel,
      wrap: (m) => m,
      feedback: 'both',
    });
    teacher = resolved.teachers[0] as Teacher;
    closeTeacher = () => resolved.close();
  } else if (options.teacher) {
    teacher = options.teacher;
  }
  const seed = options.seed ?? 1;
  const prompts = new Map<string, string>();
  const domain: Domain = {
    name,
    description: "an app's own check",
    difficulties: [1],
    defaultDifficulty: 1,
    systemPrompt: options.systemPrompt ?? DEFAULT_SYSTEM,
    generate: () => [],
    parseRecord: () => {
      throw new UsageError('a feedback loop takes its requests from the app, not from task files');
    },
    extract: (attempt) => attempt,
    async verify(task, attempt) {
      const attemptNumber = (attemptsSoFar.get(task.id) ?? 0) + 1;
      attemptsSoFar.set(task.id, attemptNumber);
      const verdict = await options.check(attempt, { prompt: prompts.get(task.id) ?? task.prompt, attempt: attemptNumber });
      return {
        correct: verdict.passed,
        extracted: attempt,
        summary: verdict.summary ?? (verdict.passed ? 'passed' : 'failed'),
        details: verdict.details ?? null,
      };
    },
    sameAnswer: (a, b) => a.trim() === b.trim(),
    scriptedFeedback: (_task, verdict) => relayFeedback(verdict),
    // The app holds no reference answer, so there is nothing feedback could give away.
    leaks: () => false,
  };
  const attemptsSoFar = new Map<string, number>();
  // Findable by name in this process, so code that reads the recorded run (data export) finds it.
  registerDomain(domain);
  const store = options.record ? openLoopStore(options.record.dir, model.id, teacher.name, domain, options.maxAttempts, seed) : undefined;
  let count = store?.tasks().length ?? 0;

  return {
    async run(prompt, runOptions = {}) {
      count++;
      const task: Task = {
        id: runOptions.id ?? `${name}-${count}`,
        domain: name,
        prompt,
        privileged: { answer: '' },
        metadata: { source: 'feedback-loop' },
      };
      prompts.set(task.id, prompt);
      store?.addTask(task);
      const episodeId = store?.startEpisode(task, teacher.name);
      let index = 0;
      const result: EpisodeResult = await runEpisode({
        task,
        domain,
        teacher,
        student: model,
        turns: options.maxAttempts,
        seed,
        onTurn: async (turn) => {
          if (episodeId !== undefined) store?.addTurn(episodeId, index++, turn);
          await options.onTurn?.(turn);
        },
        ...(runOptions.signal ? { signal: runOptions.signal } : {}),
      });
      if (episodeId !== undefined) store?.finishEpisode(episodeId, result);
      attemptsSoFar.delete(task.id);
      return loopResult(task, domain, result, episodeId);
    },
    async close() {
      if (store) {
        // summary.json lets `didactic report` read the run without this process's domain.
        const config = store.config();
        if (config && options.record) writeSummaryFiles(options.record.dir, buildSummary(store, config, new Map([[name, domain]])));
        store.close();
      }
      await closeTeacher();
      if (ownsModel) await model.close?.();
    },
  };
}

function openLoopStore(dir: string, student: string, teacher: string, domain: Domain, turns: number, seed: number): RunStore {
  const store = RunStore.open(dir, { create: true });
  if (!store.config()) {
    store.initialize(
      {
        student,
        teachers: [teacher],
        domains: [domain.name],
        turns,
        tasks: 0,
        seed,
        difficulty: null,
        data: null,
        settings: {},
        appSystemPrompt: domain.systemPrompt,
        didacticVersion: VERSION,
      },
      [],
    );
  }
  return store;
}

function loopResult(task: Task, domain: Domain, result: EpisodeResult, episodeId: number | undefined): FeedbackLoopResult {
  const transcript: ChatMessage[] = [
    { role: 'system', content: domain.systemPrompt },
    { role: 'user', content: task.prompt },
  ];
  let last = '';
  for (const turn of result.turns) {
    if (turn.role === 'student') last = turn.text;
    transcript.push({ role: turn.role === 'student' ? 'assistant' : 'user', content: turn.text });
  }
  return {
    attempt: last,
    passed: result.solvedAt !== null,
    attempts: result.attempts,
    transcript,
    turns: result.turns,
    ...(result.error ? { error: result.error } : {}),
    ...(episodeId === undefined ? {} : { episodeId }),
  };
}
