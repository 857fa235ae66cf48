import type { Rng, Task, Verdict } from '../../core/types.js';
import { letterOf } from './options.js';
import type { ChoiceDetails, ChoicePrivileged } from './types.js';

// The scripted teacher of a multiple-choice question can say only which choice was wrong: naming
// the right option, or listing the options still open when one is left, gives the answer away.

export function choiceFeedback(task: Task<ChoicePrivileged>, verdict: Verdict<ChoiceDetails>, rng: Rng): string {
  const d = verdict.details;
  const last = letterOf(task.privileged.options.length - 1);
  switch (d.outcome) {
    case 'no-answer':
      return rng.pick([
        `I could not find your choice. End with a line "Answer: " followed by one letter from A to ${last}.`,
        `There is no choice I can check. Finish with "Answer: <letter>", using one of the letters A–${last}.`,
      ]);
    case 'not-an-option':
      return rng.pick([
        `"${d.chosen}" is not one of the options. Answer with one letter from A to ${last}.`,
        `Your answer does not match any option. Pick one of the letters A–${last} and write it as "Answer: <letter>".`,
      ]);
    case 'wrong':
      return rng.pick([
        `Option ${d.chosen} is not the right answer. Reread the question and reconsider the other options.`,
        `That is not correct: ${d.chosen} is wrong. Check your reasoning step by step before choosing again.`,
        `${d.chosen} is not it. Look again at what the question asks, and at where your argument could have gone wrong.`,
      ]);
    case 'correct':
      return 'Correct.';
  }
}
