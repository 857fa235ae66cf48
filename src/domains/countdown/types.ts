import type { Privileged } from '../../core/types.js';

export interface CountdownPrivileged extends Privileged {
  /** `answer` is one reference expression that makes the target (found by search). */
  numbers: number[];
  target: number;
  /** How many numbers the shortest solution uses. */
  fewestNumbers?: number;
  /** `tinyzero`: every number exactly once, fractions allowed (TinyZero's rules); absent: the classic game. */
  rules?: 'tinyzero';
}

export type CountdownOutcome =
  | 'solved'
  | 'no-answer'
  | 'syntax'
  | 'disallowed'
  | 'not-integer'
  | 'not-given'
  | 'reused'
  | 'unused'
  | 'non-integer-division'
  | 'division-by-zero'
  | 'wrong-value';

export interface CountdownDetails {
  outcome: CountdownOutcome;
  /** The parser's message (syntax). */
  message?: string;
  /** What was used that is not allowed (disallowed), or the non-integer literal (not-integer). */
  what?: string;
  number?: number;
  timesUsed?: number;
  timesGiven?: number;
  dividend?: number;
  divisor?: number;
  /** The expression's value, and value − target (wrong-value). */
  value?: number;
  difference?: number;
  /** How many given numbers the attempt used. */
  usedCount?: number;
}
