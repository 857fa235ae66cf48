import type { Task, Verdict } from '../../core/types.js';
import { extractGuess } from './extract.js';
import { score } from './pattern.js';
import type { WordleDetails, WordlePrivileged } from './types.js';

export function verifyWordle(task: Task<WordlePrivileged>, attempt: string): Verdict<WordleDetails> {
  const extracted = extractGuess(attempt);
  if (extracted === null) return { correct: false, extracted, summary: 'no guess found', details: { outcome: 'no-answer' } };
  const guess = extracted.toUpperCase();
  if (!/^[A-Z]+$/.test(guess)) {
    return {
      correct: false,
      extracted,
      summary: 'the guess has characters that are not letters',
      details: { outcome: 'not-letters', guess },
    };
  }
  if (guess.length !== 5) {
    return {
      correct: false,
      extracted,
      summary: `the guess has ${guess.length} letters, not 5`,
      details: { outcome: 'bad-length', guess },
    };
  }
  const target = task.privileged.answer.toUpperCase();
  if (guess === target) return { correct: true, extracted, summary: 'found the word', details: { outcome: 'solved', guess } };
  const marks = score(guess, target);
  const candidates = task.privileged.candidates;
  const notACandidate = candidates !== undefined && !candidates.includes(guess);
  return {
    correct: false,
    extracted,
    summary: `${guess} ${marks.join('')}${notACandidate ? ' (not a listed candidate)' : ''}`,
    details: { outcome: 'scored', guess, marks, ...(notACandidate ? { notACandidate } : {}) },
  };
}
