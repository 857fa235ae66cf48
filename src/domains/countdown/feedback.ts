import type { Rng, Task, Verdict } from '../../core/types.js';
import type { CountdownDetails, CountdownPrivileged } from './types.js';

// The scripted Countdown teacher names the rule that was broken, or says how far the result is
// from the target. It never writes an expression: the numbers it mentions are the student's own
// (a number used twice, a division that was not exact, the value reached), never combined.

const TIMES = ['never', 'once', 'twice'];
const times = (n: number): string => TIMES[n] ?? `${n} times`;

export function countdownFeedback(task: Task<CountdownPrivileged>, verdict: Verdict<CountdownDetails>, rng: Rng): string {
  const d = verdict.details;
  const { target, numbers } = task.privileged;
  switch (d.outcome) {
    case 'no-answer':
      return rng.pick([
        'I could not find an expression in your reply. End with a line "Answer: " followed by one arithmetic expression.',
        'There is no expression I can check. Finish with "Answer: " and a single expression built from the given numbers.',
      ]);
    case 'syntax':
      return rng.pick([
        `I could not read your expression as arithmetic (${d.message}). Use numbers, + - × ÷ and balanced parentheses.`,
        `Your expression does not parse (${d.message}). Check the parentheses and that every operator sits between two numbers.`,
      ]);
    case 'disallowed':
      return rng.pick([
        `Your expression uses ${d.what}; only the four operations +, -, × and ÷ (with parentheses) are allowed.`,
        `That is not allowed: the expression contains ${d.what}. Stick to adding, subtracting, multiplying and dividing the given numbers.`,
      ]);
    case 'not-integer':
      return rng.pick([
        `Your expression contains ${d.what}, which is not a whole number; only the given numbers may appear.`,
        `${d.what} is not one of the given numbers. Use only ${numbers.join(', ')}.`,
      ]);
    case 'not-given':
      return rng.pick([
        `You used ${d.number}, which is not one of the given numbers (${numbers.join(', ')}). Intermediate results cannot be typed in as numbers; build them from the given ones.`,
        `${d.number} is not among your numbers. Every number in the expression must be one of: ${numbers.join(', ')}.`,
      ]);
    case 'reused':
      return rng.pick([
        `You used ${d.number} ${times(d.timesUsed ?? 2)}, but it is given only ${times(d.timesGiven ?? 1)}. Each number may be used at most as often as it is given.`,
        `${d.number} appears ${times(d.timesUsed ?? 2)} in your expression, but you have it only ${times(d.timesGiven ?? 1)}.`,
      ]);
    case 'unused':
      return rng.pick([
        `Your expression leaves ${d.number} unused; under these rules every given number must be used exactly once.`,
        `Every number has to appear exactly once, and ${d.number} does not appear often enough in your expression.`,
      ]);
    case 'non-integer-division':
      return rng.pick([
        `Dividing ${d.dividend} by ${d.divisor} does not give a whole number, and every step has to stay whole.`,
        `One division is not exact: ${d.dividend} divided by ${d.divisor} leaves a remainder. Rearrange so that every division comes out whole.`,
      ]);
    case 'division-by-zero':
      return 'Your expression divides by zero somewhere. Rearrange it so that no divisor is zero.';
    case 'wrong-value': {
      const off = Math.abs(d.difference ?? 0);
      const side = (d.difference ?? 0) > 0 ? 'too high' : 'too low';
      const hint =
        task.privileged.fewestNumbers !== undefined && rng.next() < 0.5
          ? ` It can be done with ${task.privileged.fewestNumbers} of the numbers.`
          : '';
      return (
        rng.pick([
          `Your expression follows the rules but comes to ${d.value}, not ${target}: ${off} ${side}.`,
          `That is a legal expression, but its value is ${d.value}; the target is ${target}, so you are ${off} ${side === 'too high' ? 'over' : 'short'}.`,
        ]) + hint
      );
    }
    case 'solved':
      return 'Correct.';
  }
}
