import type { Task, Verdict, VerifyOptions } from '../../core/types.js';
import { equivalent, numericValue } from './equivalence.js';
import { findMathAnswer, numbersIn } from './extract.js';
import type { MathDetails, MathPrivileged } from './types.js';

export function verifyMath(task: Task<MathPrivileged>, attempt: string, options?: VerifyOptions): Verdict<MathDetails> {
  const { value: extracted, method: extraction } = findMathAnswer(attempt, options?.extract);
  const reference = task.privileged.answer;
  if (extracted === null) {
    return { correct: false, extracted, extraction, summary: 'no final answer found', details: { failure: 'no-answer' } };
  }
  if (equivalent(extracted, reference)) {
    return { correct: true, extracted, extraction, summary: 'correct', details: {} };
  }
  const details: MathDetails = { failure: 'wrong' };
  const expected = numericValue(reference);
  const got = numericValue(extracted);
  if (expected !== null && got === null) details.failure = 'not-a-number';
  if (expected !== null && got !== null) {
    const signDiffers = Math.sign(got) !== Math.sign(expected) && got !== 0 && expected !== 0;
    details.direction = signDiffers && Math.abs(got) !== Math.abs(expected) ? 'wrong-sign' : got > expected ? 'too-high' : 'too-low';
    const ratio = Math.abs(got) / Math.abs(expected);
    if (expected !== 0 && got !== 0 && ratio >= 10) details.magnitude = 'too-large';
    if (expected !== 0 && got !== 0 && ratio <= 0.1) details.magnitude = 'too-small';
  }
  Object.assign(details, locateWrongStep(task, attempt, extracted));
  const parts = [details.failure === 'not-a-number' ? 'not a number' : 'wrong', details.direction, details.magnitude];
  if (details.firstWrongStep !== undefined) parts.push(`first wrong step ${details.firstWrongStep + 1}`);
  return { correct: false, extracted, extraction, summary: parts.filter(Boolean).join(', '), details };
}

/**
 * Find the first worked step whose value the attempt does not contain. Only meaningful when the
 * attempt shows working: numbers beyond those of the problem statement and the final answer.
 */
function locateWrongStep(
  task: Task<MathPrivileged>,
  attempt: string,
  extracted: string,
): Pick<MathDetails, 'firstWrongStep' | 'showedWork'> {
  const steps = task.privileged.steps;
  if (!steps || steps.length < 2) return {};
  const valuesOf = (text: string): number[] =>
    numbersIn(text)
      .map((n) => numericValue(n))
      .filter((v): v is number => v !== null);
  const written = valuesOf(attempt);
  const inPrompt = new Set(valuesOf(task.prompt));
  const final = numericValue(extracted);
  const contains = (value: string): boolean => {
    const v = numericValue(value);
    return v !== null && written.some((w) => Math.abs(w - v) < 1e-9);
  };
  const found = steps.slice(0, -1).map((s) => contains(s.value));
  const showedWork = found.some(Boolean) || written.some((w) => !inPrompt.has(w) && w !== final);
  if (!showedWork) return { showedWork };
  const firstMissing = found.indexOf(false);
  return { showedWork, firstWrongStep: firstMissing < 0 ? steps.length - 1 : firstMissing };
}
