import type { Privileged } from '../../core/types.js';

export type Cell = [row: number, col: number];
export type Move = 'U' | 'D' | 'L' | 'R';

export interface MazePrivileged extends Privileged {
  /** Rows of the grid: '#' wall, '.' open, 'S' start, 'G' goal. */
  grid: string[];
  start: Cell;
  goal: Cell;
  /** `answer` is one shortest path as a move string, e.g. "RRDDL". */
}

export type MazeOutcome = 'solved' | 'no-answer' | 'wall' | 'out-of-bounds' | 'short';

export interface MazeDetails {
  outcome: MazeOutcome;
  /** 1-based index of the offending move (wall / out-of-bounds). */
  move?: number;
  direction?: Move;
  /** Where the walker stood before the offending move, or where it ended (0-based). */
  position?: Cell;
  /** Shortest distance from where the path ended to the goal ("short"). */
  remaining?: number;
  /** How many moves were valid before the first bad one. */
  validMoves?: number;
}
