import type { Rng, Task, Verdict } from '../../core/types.js';
import type { MathDetails, MathPrivileged } from './types.js';

// The scripted math teacher. It may use everything the verifier found, but its text contains
// no number except those of the problem statement: never the answer, never an intermediate
// value (from which the answer would follow in one step). Every message has paraphrases so a
// student cannot learn one fixed wording.

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth'];
const COUNTS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight'];

export function mathFeedback(task: Task<MathPrivileged>, verdict: Verdict<MathDetails>, rng: Rng): string {
  const d = verdict.details;
  if (d.failure === 'no-answer') {
    return rng.pick([
      'I could not find a final answer in your reply. Work it out and end with a line "Answer: <your answer>".',
      'Your reply has no final answer I can check. Finish with "Answer: " followed by your result.',
    ]);
  }
  const parts: string[] = [];
  if (d.failure === 'not-a-number') {
    parts.push(
      rng.pick([
        'The answer should be a single number, and yours is not one.',
        'Your final answer is not a number; this problem has a numeric answer.',
      ]),
    );
  }
  const steps = task.privileged.steps ?? [];
  const k = d.firstWrongStep;
  if (k !== undefined && steps[k]) {
    const what = steps[k].description;
    if (k === 0) {
      parts.push(
        rng.pick([
          `Your very first step is already off: ${what}. Redo it carefully.`,
          `Check the first step, where you ${what}; it is not right.`,
        ]),
      );
    } else if (k === steps.length - 1) {
      parts.push(
        rng.pick([
          `Your working is right up to the last step, but the last step (${what}) goes wrong.`,
          `All your intermediate results are right; the mistake is in the final step, where you ${what}.`,
        ]),
      );
    } else {
      const done = k === 1 ? 'The first step is' : `The first ${COUNTS[k - 1]} steps are`;
      parts.push(
        rng.pick([
          `${done} right, but the ${ORDINALS[k]} step (${what}) is not. Redo it carefully.`,
          `${done} fine. The error is in the ${ORDINALS[k]} step, where you ${what}.`,
        ]),
      );
    }
  } else if (steps.length > 1 && d.showedWork === false) {
    const plan = steps.map((s) => s.description).join(', then ');
    parts.push(rng.pick([`Work through it step by step and show each result: ${plan}.`, `Show your working. A good order is: ${plan}.`]));
  }
  if (d.direction === 'wrong-sign') {
    parts.push(rng.pick(['Your answer has the wrong sign.', 'Look at the sign of your answer: it is wrong.']));
  } else if (d.direction === 'too-high') {
    parts.push(rng.pick(['Your answer is too high.', 'Your result is larger than it should be.']));
  } else if (d.direction === 'too-low') {
    parts.push(rng.pick(['Your answer is too low.', 'Your result is smaller than it should be.']));
  }
  if (d.magnitude === 'too-large' || d.magnitude === 'too-small') {
    parts.push(
      rng.pick([
        `It is off by more than a factor of ten (too ${d.magnitude === 'too-large' ? 'large' : 'small'}); check place values and units.`,
        `The size is far off: your answer is over ten times too ${d.magnitude === 'too-large' ? 'large' : 'small'}.`,
      ]),
    );
  }
  if (parts.length === 0) {
    parts.push(
      rng.pick([
        'Your answer is not equivalent to the correct one. Recheck each step of your reasoning.',
        'That is not the right answer. Go over your reasoning again and look for the mistake.',
      ]),
    );
  }
  return parts.join(' ');
}
