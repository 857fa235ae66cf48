import type { SyncDomain } from '../../core/types.js';
import { defineDomain } from '../define.js';
import { normalizeExpression } from './expression.js';
import { extractExpression } from './extract.js';
import { countdownFeedback } from './feedback.js';
import { countdownLeaks } from './leaks.js';
import { COUNTDOWN_DIFFICULTIES, generateCountdownTasks } from './generate.js';
import { parseCountdownRecord } from './load.js';
import type { CountdownDetails, CountdownPrivileged } from './types.js';
import { verifyCountdown } from './verify.js';

export const countdownDomain: SyncDomain<CountdownPrivileged, CountdownDetails> = defineDomain({
  name: 'countdown',
  description: 'Countdown numbers rounds: reach the target with + - × ÷, each number at most once, whole intermediate results.',
  difficulties: COUNTDOWN_DIFFICULTIES,
  defaultDifficulty: 2,
  systemPrompt:
    'Solve the Countdown numbers round. Reason briefly if you like, then give one arithmetic expression on its own last line as "Answer: <expression>".',
  generate: generateCountdownTasks,
  parseRecord: parseCountdownRecord,
  extract: extractExpression,
  verify: verifyCountdown,
  sameAnswer: (a, b) => normalizeExpression(a).replace(/\s+/g, '') === normalizeExpression(b).replace(/\s+/g, ''),
  scriptedFeedback: countdownFeedback,
  leaks: countdownLeaks,
});

export type { CountdownDetails, CountdownPrivileged } from './types.js';
export { evaluateExpression, solves } from './expression.js';
export { reachableValues } from './solve.js';
