import pLimit from 'p-limit';
import { runEpisode } from '../core/episode.js';
import type { ChatModel, Domain, ExtractMode, GenerationSettings, LeakJudge, Task, Teacher } from '../core/types.js';
import { episodeKey, type RunStore } from '../store/run-store.js';
import { withCallContext, type CallContext } from './calls/context.js';

export interface EvalJob {
  task: Task;
  domain: Domain;
  teacher: Teacher;
}

export interface EvalProgress {
  done: number;
  total: number;
  /** Episodes already finished before this invocation (a resumed run). */
  skipped: number;
}

export interface RunEvalOptions {
  store: RunStore;
  tasks: Task[];
  domains: Map<string, Domain>;
  teachers: Teacher[];
  student: ChatModel;
  turns: number;
  seed: number;
  concurrency: number;
  settings?: GenerationSettings;
  /** How often a leaking feedback text is regenerated before the scripted fallback. */
  maxLeakRetries?: number;
  extract?: ExtractMode;
  /** A second leak check for model-written feedback (`llm:` teachers); scripted feedback is safe by construction. */
  leakJudge?: LeakJudge;
  onProgress?: (progress: EvalProgress) => void;
  signal?: AbortSignal;
}

/**
 * Run every (task × condition) episode not already done, `concurrency` at a time, committing
 * each turn to the store as it completes. Results do not depend on the concurrency: every
 * random draw is seeded by what it is for, and the summary is computed from the store.
 */
export async function runEval(options: RunEvalOptions): Promise<EvalProgress> {
  const { store, teachers } = options;
  store.resetUnfinished();
  const finished = store.finishedKeys();
  const jobs: EvalJob[] = [];
  // Task-major order: a run stopped early still has every condition for its first tasks.
  for (const task of options.tasks) {
    const domain = options.domains.get(task.domain);
    if (!domain) throw new Error(`no domain "${task.domain}" for task ${task.id}`);
    for (const teacher of teachers) {
      if (!finished.has(episodeKey(task.domain, teacher.name, task.id))) jobs.push({ task, domain, teacher });
    }
  }
  const progress: EvalProgress = { done: 0, total: jobs.length, skipped: options.tasks.length * teachers.length - jobs.length };
  options.onProgress?.({ ...progress });
  const limit = pLimit(Math.max(1, options.concurrency));
  await Promise.all(
    jobs.map((job) =>
      limit(async () => {
        if (options.signal?.aborted) return;
        const episodeId = store.startEpisode(job.task, job.teacher.name);
        // Model calls made inside the episode find their episode and turn here (the call log).
        const where: CallContext = { episodeId, turnIndex: 0 };
        const result = await withCallContext(where, () =>
          runEpisode({
            task: job.task,
            domain: job.domain,
            teacher: job.teacher,
            student: options.student,
            turns: options.turns,
            seed: options.seed,
            condition: job.teacher.name,
            ...(options.settings ? { settings: options.settings } : {}),
            ...(options.maxLeakRetries !== undefined ? { maxLeakRetries: options.maxLeakRetries } : {}),
            ...(options.extract ? { extract: options.extract } : {}),
            ...(options.leakJudge && job.teacher.name.startsWith('llm:') ? { leakJudge: options.leakJudge } : {}),
            ...(options.signal ? { signal: options.signal } : {}),
            onTurn: (turn) => store.addTurn(episodeId, where.turnIndex++, turn),
          }),
        );
        store.finishEpisode(episodeId, result);
        progress.done++;
        options.onProgress?.({ ...progress });
      }),
    ),
  );
  return progress;
}
