import type { Privileged } from '../../core/types.js';

export interface MathStep {
  /** What the step does, in terms of quantities from the problem statement only. */
  description: string;
  /** The step's exact value ("45", "-3/4"). */
  value: string;
}

export interface MathPrivileged extends Privileged {
  /** Worked steps, when the generator knows them; the last step's value is the answer. */
  steps?: MathStep[];
  /** A worked solution as text (generated, or from the loaded file). */
  solution?: string;
}

export type MathFailure = 'no-answer' | 'not-a-number' | 'wrong';

export interface MathDetails {
  failure?: MathFailure;
  /** How a numeric answer is off. */
  direction?: 'too-high' | 'too-low' | 'wrong-sign';
  /** At least ten times too large or too small. */
  magnitude?: 'too-large' | 'too-small';
  /** 0-based index of the first worked step whose value the attempt does not contain. */
  firstWrongStep?: number;
  /** Whether the attempt showed any working we could check against the steps. */
  showedWork?: boolean;
}
