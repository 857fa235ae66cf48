import type { Privileged } from '../../core/types.js';
import type { Grid } from './grid.js';
import type { RuleSpec } from './rules.js';

export interface ArcExample {
  input: Grid;
  output: Grid;
}

export interface ArcPrivileged extends Privileged {
  /** `answer` is the test output grid in text form (rows of space-separated digits). */
  output: Grid;
  /** The hidden rule, when the task was generated (loaded ARC tasks have none). */
  rule?: RuleSpec;
  train: ArcExample[];
  testInput: Grid;
}

export type ArcOutcome = 'solved' | 'no-answer' | 'ragged' | 'size' | 'cells';

export interface ArcDetails {
  outcome: ArcOutcome;
  /** Row lengths of a ragged answer. */
  rowLengths?: number[];
  got?: { rows: number; cols: number };
  expected?: { rows: number; cols: number };
  /** 0-based coordinates of wrong cells (cells). */
  wrongCells?: Array<[number, number]>;
  cellCount?: number;
}
