import type { Domain } from '../../core/types.js';
import { sharedSandbox } from '../../sandbox/index.js';
import { defineDomain } from '../define.js';
import { extractCode, normalizeCode } from './extract.js';
import { codeFeedback } from './feedback.js';
import { codeLeaks } from './leaks.js';
import { CODE_DIFFICULTIES } from './families.js';
import { generateCodeTasks } from './generate.js';
import { parseCodeRecord } from './load.js';
import type { CodeDetails, CodePrivileged } from './types.js';
import { verifyCode } from './verify.js';

export const codeDomain: Domain<CodePrivileged, CodeDetails> = defineDomain({
  name: 'code',
  description: 'Python functions checked by unit tests in a sandbox; seeded small tasks, HumanEval and MBPP JSONL files.',
  difficulties: CODE_DIFFICULTIES,
  defaultDifficulty: 1,
  systemPrompt: 'Write Python code that solves the task. Give the complete function in one ```python code block.',
  generate: generateCodeTasks,
  parseRecord: parseCodeRecord,
  referenceAttempt: (task) => `\`\`\`python\n${task.privileged.answer}\n\`\`\``,
  extract: (attempt) => extractCode(attempt),
  verify: (task, attempt) => verifyCode(task, attempt, sharedSandbox()),
  sameAnswer: (a, b) => normalizeCode(a) === normalizeCode(b),
  scriptedFeedback: codeFeedback,
  leaks: codeLeaks,
});

export type { CodeDetails, CodePrivileged, CodeTest } from './types.js';
export { verifyCode } from './verify.js';
