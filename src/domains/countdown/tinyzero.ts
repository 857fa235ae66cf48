import type { Task, Verdict } from '../../core/types.js';
import { evaluateExpression, numberProblem } from './expression.js';
import { extractExpression } from './extract.js';
import { numberVerdict } from './number-verdict.js';
import type { CountdownDetails, CountdownPrivileged } from './types.js';

// TinyZero's Countdown rules (Jiayi-Pan/Countdown-Tasks-3to4): every given number is used exactly
// once, and arithmetic is ordinary (a quotient may be a fraction on the way). A result counts when
// it is within 1e-5 of the target, as TinyZero's reward function compares it.

const TOLERANCE = 1e-5;

export function renderTinyZeroPrompt(numbers: readonly number[], target: number): string {
  return [
    `Countdown: use the numbers ${numbers.join(', ')} to make ${target}.`,
    'Rules: combine numbers with +, -, × and ÷ and parentheses. Each given number must be used exactly once.',
    'Intermediate results may be fractions.',
    '',
    'Give one expression on its own last line, for example "Answer: (A + B) × C" with your numbers in place of the letters.',
  ].join('\n');
}

/** The multiset of numbers an expression must use under these rules, compared with what it used. */
function unusedNumber(used: readonly number[], given: readonly number[]): number | null {
  const left = [...given];
  for (const u of used) left.splice(left.indexOf(u), 1);
  return left[0] ?? null;
}

export function solvesTinyZero(text: string, given: readonly number[], target: number): boolean {
  const e = evaluateExpression(text, { exactDivision: false });
  return e.ok && Math.abs(e.value - target) < TOLERANCE && numberProblem(e.used, given) === null && unusedNumber(e.used, given) === null;
}

export function verifyTinyZero(task: Task<CountdownPrivileged>, attempt: string): Verdict<CountdownDetails> {
  const extracted = extractExpression(attempt);
  const wrong = (summary: string, details: CountdownDetails): Verdict<CountdownDetails> => ({
    correct: false,
    extracted,
    summary,
    details,
  });
  if (extracted === null) return wrong('no expression found', { outcome: 'no-answer' });
  const { numbers, target } = task.privileged;
  const e = evaluateExpression(extracted, { exactDivision: false });
  if (!e.ok) {
    if (e.problem === 'syntax') return wrong(`not a readable expression (${e.message})`, { outcome: 'syntax', message: e.message });
    if (e.problem === 'disallowed') return wrong(`uses ${e.what}`, { outcome: 'disallowed', what: e.what });
    if (e.problem === 'not-integer')
      return wrong(`uses ${e.literal}, not a whole number`, { outcome: 'not-integer', what: String(e.literal) });
    return wrong('divides by zero', { outcome: 'division-by-zero', ...(e.problem === 'division-by-zero' ? { dividend: e.dividend } : {}) });
  }
  const p = numberProblem(e.used, numbers);
  if (p) return numberVerdict(p, extracted, e.used.length);
  const unused = unusedNumber(e.used, numbers);
  if (unused !== null) return wrong(`leaves ${unused} unused`, { outcome: 'unused', number: unused, usedCount: e.used.length });
  if (Math.abs(e.value - target) < TOLERANCE) {
    return {
      correct: true,
      extracted,
      summary: 'makes the target',
      details: { outcome: 'solved', value: e.value, usedCount: e.used.length },
    };
  }
  const difference = e.value - target;
  return wrong(`evaluates to ${round(e.value)}, ${round(Math.abs(difference))} ${difference > 0 ? 'over' : 'under'}`, {
    outcome: 'wrong-value',
    value: round(e.value),
    difference: round(difference),
    usedCount: e.used.length,
  });
}

const round = (x: number): number => Math.round(x * 1e6) / 1e6;

/**
 * One expression using every number exactly once that makes the target, or null: the search of
 * the 24 game, combining two of the remaining values at a time.
 */
export function solveTinyZero(numbers: readonly number[], target: number): string | null {
  const search = (items: Array<{ value: number; expr: string }>): string | null => {
    if (items.length === 1)
      return Math.abs((items[0] as { value: number }).value - target) < TOLERANCE ? (items[0] as { expr: string }).expr : null;
    for (let i = 0; i < items.length; i++) {
      for (let j = 0; j < items.length; j++) {
        if (i === j) continue;
        const a = items[i] as { value: number; expr: string };
        const b = items[j] as { value: number; expr: string };
        const rest = items.filter((_, k) => k !== i && k !== j);
        const options = [
          { value: a.value + b.value, expr: `(${a.expr} + ${b.expr})`, ok: i < j },
          { value: a.value - b.value, expr: `(${a.expr} - ${b.expr})`, ok: true },
          { value: a.value * b.value, expr: `(${a.expr} × ${b.expr})`, ok: i < j },
          { value: a.value / b.value, expr: `(${a.expr} ÷ ${b.expr})`, ok: b.value !== 0 },
        ];
        for (const option of options) {
          if (!option.ok) continue;
          const found = search([...rest, { value: option.value, expr: option.expr }]);
          if (found) return found;
        }
      }
    }
    return null;
  };
  const found = search(numbers.map((n) => ({ value: n, expr: String(n) })));
  return found?.replace(/^\((.*)\)$/, '$1') ?? null;
}
