import type { SyncDomain } from '../../core/types.js';
import { defineDomain } from '../define.js';
import { equivalent } from './equivalence.js';
import { extractMathAnswer } from './extract.js';
import { mathFeedback } from './feedback.js';
import { mathLeaks } from './leaks.js';
import { generateMathTasks, MATH_DIFFICULTIES } from './generate.js';
import { parseMathRecord } from './load.js';
import type { MathDetails, MathPrivileged } from './types.js';
import { verifyMath } from './verify.js';

export const mathDomain: SyncDomain<MathPrivileged, MathDetails> = defineDomain({
  name: 'math',
  description: 'Arithmetic, linear equations, fraction and percent word problems; GSM8K, MATH and plain JSONL files.',
  difficulties: MATH_DIFFICULTIES,
  // The level at which the shipped embedded model is neither hopeless nor perfect on turn 1;
  // pass --difficulty for stronger models.
  defaultDifficulty: 1,
  systemPrompt:
    'Solve the problem. Think step by step and show your working, then give the final answer on its own last line as "Answer: <answer>".',
  generate: generateMathTasks,
  parseRecord: parseMathRecord,
  extract: extractMathAnswer,
  verify: verifyMath,
  sameAnswer: equivalent,
  scriptedFeedback: mathFeedback,
  leaks: mathLeaks,
});

export { equivalent, parseAnswer, numericValue, normalizeAnswer } from './equivalence.js';
export { extractMathAnswer, lastBoxed } from './extract.js';
export type { MathDetails, MathPrivileged, MathStep } from './types.js';
