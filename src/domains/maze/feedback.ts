import type { Rng, Task, Verdict } from '../../core/types.js';
import type { MazeDetails, MazePrivileged } from './types.js';

// The scripted maze teacher says where the student's own path first goes wrong, in grid
// coordinates the student can read off the prompt; it never spells out a move to make.

const NAMES = { U: 'up', D: 'down', L: 'left', R: 'right' } as const;
const at = ([r, c]: [number, number]): string => `row ${r + 1}, column ${c + 1}`;

export function mazeFeedback(_task: Task<MazePrivileged>, verdict: Verdict<MazeDetails>, rng: Rng): string {
  const d = verdict.details;
  const okSoFar = (n: number | undefined): string =>
    n ? rng.pick([`Your first ${n === 1 ? 'move is' : `${n} moves are`} fine. `, `Up to move ${n} you are on open floor. `]) : '';
  switch (d.outcome) {
    case 'no-answer':
      return rng.pick([
        'I could not find a move string in your reply. End with a line such as "Answer: " followed by letters U, D, L, R.',
        'Your reply has no path I can follow. Give the moves as letters U, D, L and R after "Answer:".',
      ]);
    case 'wall':
      return (
        okSoFar(d.validMoves) +
        rng.pick([
          `Move ${d.move} goes ${NAMES[d.direction ?? 'U']} from ${at(d.position ?? [0, 0])} straight into a wall.`,
          `At move ${d.move} you are at ${at(d.position ?? [0, 0])} and step ${NAMES[d.direction ?? 'U']} into a wall (#).`,
        ])
      );
    case 'out-of-bounds':
      return (
        okSoFar(d.validMoves) +
        rng.pick([
          `Move ${d.move} goes ${NAMES[d.direction ?? 'U']} from ${at(d.position ?? [0, 0])} and leaves the grid.`,
          `At move ${d.move}, going ${NAMES[d.direction ?? 'U']} from ${at(d.position ?? [0, 0])} takes you off the edge of the maze.`,
        ])
      );
    case 'short': {
      const far = d.remaining === undefined ? 'the goal cannot be reached from there' : `the goal is still ${d.remaining} moves away`;
      return rng.pick([
        `Every move is legal, but your path ends at ${at(d.position ?? [0, 0])}, not at G; ${far}.`,
        `Your path stays on open floor but stops at ${at(d.position ?? [0, 0])}; ${far}.`,
      ]);
    }
    case 'solved':
      return 'Correct.';
  }
}
