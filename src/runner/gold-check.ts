import type { Domain, Task } from '../core/types.js';

// The gold self-check (`didactic tasks --check`): each task's reference answer, written the way
// the system prompt asks, must verify as correct against its own task. A reference that does not
// means the verifier would score right answers as wrong (a tuple it cannot compare, an answer it
// cannot parse), and it is better found before a run than in its results.

export interface GoldProblem {
  taskId: string;
  reference: string;
  /** What the verifier read from the reference attempt; null when it could not parse it. */
  extracted: string | null;
  /** `unparsed`: no answer could be read; `rejected`: read but judged wrong; `error`: the verifier failed. */
  problem: 'unparsed' | 'rejected' | 'error';
  detail: string;
}

export interface GoldCheck {
  checked: number;
  problems: GoldProblem[];
}

export async function checkGold(domain: Domain, tasks: Task[]): Promise<GoldCheck> {
  const problems: GoldProblem[] = [];
  for (const task of tasks) {
    const attempt = domain.referenceAttempt?.(task) ?? `Answer: ${task.privileged.answer}`;
    const base = { taskId: task.id, reference: task.privileged.answer };
    try {
      const verdict = await domain.verify(task, attempt, { extract: 'strict' });
      if (verdict.correct) continue;
      problems.push({
        ...base,
        extracted: verdict.extracted,
        problem: verdict.extracted === null ? 'unparsed' : 'rejected',
        detail: verdict.summary,
      });
    } catch (error) {
      problems.push({ ...base, extracted: null, problem: 'error', detail: error instanceof Error ? error.message : String(error) });
    }
  }
  return { checked: tasks.length, problems };
}
