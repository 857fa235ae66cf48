import type { Task, Verdict, VerifyOptions } from '../../core/types.js';
import { findChoice, isLetter } from './extract.js';
import type { ChoiceDetails, ChoicePrivileged } from './types.js';

export function verifyChoice(task: Task<ChoicePrivileged>, attempt: string, options?: VerifyOptions): Verdict<ChoiceDetails> {
  const { value, method } = findChoice(attempt, task.privileged.options, options?.extract);
  if (value === null)
    return { correct: false, extracted: null, extraction: 'none', summary: 'no choice found', details: { outcome: 'no-answer' } };
  if (!isLetter(value, task.privileged.options.length)) {
    return {
      correct: false,
      extracted: value,
      extraction: method,
      summary: 'not one of the options',
      details: { outcome: 'not-an-option', chosen: value },
    };
  }
  if (value === task.privileged.answer)
    return { correct: true, extracted: value, extraction: method, summary: 'correct', details: { outcome: 'correct' } };
  return { correct: false, extracted: value, extraction: method, summary: `chose ${value}`, details: { outcome: 'wrong', chosen: value } };
}
