import { z } from 'zod';
import { UsageError } from '../../core/errors.js';
import type { Domain, Privileged, Task } from '../../core/types.js';
import { detailsText } from '../../loop/relay.js';
import { checkRecord, isObject, parseNativeTask, recordId, type RecordLocation } from '../records.js';
import { bwrapWorks, type CheckLimits, createCheckRunner } from './run-check.js';

// `--domain command --check '<command>'`: any checker, in any language, as a didactic domain.
// Tasks come from a JSONL file; each attempt goes to the command, which answers with a verdict.

export interface CommandDomainOptions {
  /** The shell command that checks one attempt. */
  check: string;
  /** Run the command on the host when bubblewrap is not available (it then sees everything the user can). */
  unsafeHostCheck?: boolean;
  limits?: Partial<CheckLimits>;
}

export interface CommandDetails {
  /** What the check command said, for the teacher. */
  details: unknown;
}

const plainSchema = z.object({
  id: z.union([z.string(), z.number()]).optional(),
  prompt: z.string().min(1),
  answer: z.string().optional(),
  privileged: z.record(z.string(), z.unknown()).optional(),
});

export const COMMAND_SYSTEM_PROMPT =
  'Solve the task. Your whole reply is given to an automatic checker, so reply with the answer in the form the task asks for.';

function parseCommandRecord(record: unknown, where: RecordLocation): Task {
  if (isObject(record) && 'domain' in record) return parseNativeTask(record, where, 'command');
  const r = checkRecord(plainSchema, record, where, 'command task ({"prompt", "answer"?, "privileged"?})');
  const privileged: Privileged = {
    ...r.privileged,
    answer: r.answer ?? (typeof r.privileged?.answer === 'string' ? r.privileged.answer : ''),
  };
  return {
    id: recordId(isObject(record) ? record : {}, where),
    domain: 'command',
    prompt: r.prompt,
    privileged,
    metadata: { source: where.file },
  };
}

export function createCommandDomain(options: CommandDomainOptions): Domain<Privileged, CommandDetails> {
  const limits: CheckLimits = { timeoutMs: options.limits?.timeoutMs ?? 10_000, memoryMb: options.limits?.memoryMb ?? 1024 };
  let where: 'bwrap' | 'host';
  if (bwrapWorks()) where = 'bwrap';
  else if (options.unsafeHostCheck) where = 'host';
  else
    throw new UsageError(
      '--domain command runs --check under bubblewrap, which is not available here (install it with "apt-get install -y bubblewrap"); ' +
        'pass --unsafe-host-check to run the command on this machine without a sandbox',
    );
  const runner = createCheckRunner(options.check, where, limits);
  return {
    name: 'command',
    description: `attempts checked by \`${options.check}\` (${where === 'bwrap' ? 'under bubblewrap' : 'on the host, unsandboxed'})`,
    difficulties: [1],
    defaultDifficulty: 1,
    systemPrompt: COMMAND_SYSTEM_PROMPT,
    generate() {
      throw new UsageError('--domain command has no generator: give the tasks with --data <file.jsonl>');
    },
    parseRecord: parseCommandRecord,
    extract: (attempt) => (attempt.trim() ? attempt.trim() : null),
    async verify(task, attempt) {
      const extracted = attempt.trim() ? attempt.trim() : null;
      const outcome = await runner.run(attempt, task.privileged);
      if (outcome.kind === 'timeout')
        return { correct: false, extracted, summary: `the check took longer than ${outcome.timeoutMs} ms`, details: { details: null } };
      if (outcome.kind === 'failed') throw new Error(`check command \`${options.check}\` ${outcome.problem}`);
      return {
        correct: outcome.correct,
        extracted,
        summary: outcome.summary ?? (outcome.correct ? 'accepted by the check' : 'rejected by the check'),
        details: { details: outcome.details ?? null },
      };
    },
    sameAnswer: (a, b) => a.trim() === b.trim(),
    scriptedFeedback(_task, verdict) {
      const details = detailsText(verdict.details.details);
      return [`That is not accepted yet: ${verdict.summary}.`, details, 'Fix it and answer again.'].filter(Boolean).join('\n\n');
    },
    leaks(task, text) {
      const answer = task.privileged.answer.trim().toLowerCase();
      return answer.length > 0 && text.toLowerCase().includes(answer);
    },
  };
}
