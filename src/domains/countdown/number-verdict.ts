import type { Verdict } from '../../core/types.js';
import type { numberProblem } from './expression.js';
import type { CountdownDetails } from './types.js';

/** The verdict on an expression that uses a number not given, or one more often than given (both rule sets). */
export function numberVerdict(
  p: NonNullable<ReturnType<typeof numberProblem>>,
  extracted: string,
  usedCount: number,
): Verdict<CountdownDetails> {
  if (p.kind === 'not-given') {
    return {
      correct: false,
      extracted,
      summary: `uses ${p.number}, which is not given`,
      details: { outcome: 'not-given', number: p.number, usedCount },
    };
  }
  return {
    correct: false,
    extracted,
    summary: `uses ${p.number} ${p.used} times, given ${p.given}`,
    details: { outcome: 'reused', number: p.number, timesUsed: p.used, timesGiven: p.given, usedCount },
  };
}
