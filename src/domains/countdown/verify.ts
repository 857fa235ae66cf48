import type { Task, Verdict } from '../../core/types.js';
import { evaluateExpression, numberProblem } from './expression.js';
import { extractExpression } from './extract.js';
import { numberVerdict } from './number-verdict.js';
import { verifyTinyZero } from './tinyzero.js';
import type { CountdownDetails, CountdownPrivileged } from './types.js';

// Checks run in the order a player would want to hear about them: can it be read, does it use
// only allowed operations, does it use only the given numbers (each at most once), are all
// divisions exact, and finally does it make the target.

export function verifyCountdown(task: Task<CountdownPrivileged>, attempt: string): Verdict<CountdownDetails> {
  if (task.privileged.rules === 'tinyzero') return verifyTinyZero(task, attempt);
  const extracted = extractExpression(attempt);
  const wrong = (summary: string, details: CountdownDetails): Verdict<CountdownDetails> => ({
    correct: false,
    extracted,
    summary,
    details,
  });
  if (extracted === null) return wrong('no expression found', { outcome: 'no-answer' });
  const { numbers, target } = task.privileged;
  const e = evaluateExpression(extracted);
  if (!e.ok) {
    switch (e.problem) {
      case 'syntax':
        return wrong(`not a readable expression (${e.message})`, { outcome: 'syntax', message: e.message });
      case 'disallowed':
        return wrong(`uses ${e.what}`, { outcome: 'disallowed', what: e.what });
      case 'not-integer':
        return wrong(`uses ${e.literal}, not a whole number`, { outcome: 'not-integer', what: String(e.literal) });
      default: {
        // A division broke a rule; but a number problem, found without evaluating, comes first.
        const p = numberProblem(e.used, numbers);
        if (p) return numberVerdict(p, extracted, e.used.length);
        if (e.problem === 'division-by-zero') return wrong('divides by zero', { outcome: 'division-by-zero', dividend: e.dividend });
        return wrong(`${e.dividend} ÷ ${e.divisor} is not a whole number`, {
          outcome: 'non-integer-division',
          dividend: e.dividend,
          divisor: e.divisor,
        });
      }
    }
  }
  const p = numberProblem(e.used, numbers);
  if (p) return numberVerdict(p, extracted, e.used.length);
  if (e.value === target)
    return {
      correct: true,
      extracted,
      summary: 'makes the target',
      details: { outcome: 'solved', value: e.value, usedCount: e.used.length },
    };
  const difference = e.value - target;
  return wrong(`evaluates to ${e.value}, ${Math.abs(difference)} ${difference > 0 ? 'over' : 'under'}`, {
    outcome: 'wrong-value',
    value: e.value,
    difference,
    usedCount: e.used.length,
  });
}
