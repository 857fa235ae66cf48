import type { Privileged } from '../../core/types.js';

export interface ChoicePrivileged extends Privileged {
  /** `answer` is the letter of the right option, in the order shown to the student. */
  options: string[];
  /** The right option's text. */
  correctText: string;
}

export type ChoiceOutcome = 'correct' | 'wrong' | 'no-answer' | 'not-an-option';

export interface ChoiceDetails {
  outcome: ChoiceOutcome;
  /** The letter chosen (wrong), or what was written that is no option (not-an-option). */
  chosen?: string;
}
