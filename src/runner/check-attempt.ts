import { TaskFormatError } from '../core/errors.js';
import { createRng, deriveSeed } from '../core/random.js';
import type { Task, Verdict } from '../core/types.js';
import { loadDomain } from '../domains/registry.js';
import { chooseSandbox, closeSharedSandbox, parseSandboxKind } from '../sandbox/index.js';

// "Why was this marked wrong?" (`didactic verify`): one attempt at one task, through the same
// extraction and verifier an episode uses, and the feedback the scripted teacher would give.

export interface CheckAttemptOptions {
  /** The domain, by name. */
  domain: string;
  /** The task as JSON, in any format the domain loads. */
  task: string;
  attempt: string;
  /** Where code runs: pyodide or bwrap (default: $DIDACTIC_SANDBOX, else pyodide). */
  sandbox?: string;
}

export interface CheckedAttempt {
  task: Task;
  verdict: Verdict;
  /** The scripted teacher's feedback; null when the attempt is correct. */
  feedback: string | null;
}

export async function checkAttempt(o: CheckAttemptOptions): Promise<CheckedAttempt> {
  // One attempt needs one warm interpreter, not a pool.
  chooseSandbox(parseSandboxKind(o.sandbox ?? process.env.DIDACTIC_SANDBOX ?? 'pyodide'), { workers: 1 });
  const domain = await loadDomain(o.domain);
  let record: unknown;
  try {
    record = JSON.parse(o.task);
  } catch (error) {
    throw new TaskFormatError({ file: '--task', line: 1 }, `invalid JSON (${(error as Error).message})`);
  }
  const task = domain.parseRecord(record, { file: '--task', line: 1 });
  const verdict = await Promise.resolve(domain.verify(task, o.attempt)).finally(closeSharedSandbox);
  const feedback = verdict.correct ? null : domain.scriptedFeedback(task, verdict, createRng(deriveSeed('verify', task.id)));
  return { task, verdict, feedback };
}
