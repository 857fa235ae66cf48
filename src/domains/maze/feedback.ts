import type { Rng, Task, Verdict } from '../../core/types.js';
import { walk } from './grid.js';
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

/**
 * Leaks are move strings that would solve the maze: the reference path, or any run of moves in
 * the text (letters or words, with or without separators) that walks from S to G.
 */
export function mazeLeaks(task: Task<MazePrivileged>, feedback: string): boolean {
  const { answer, grid, start, goal } = task.privileged;
  if (feedback.includes(answer)) return true;
  // Capital move letters, or direction words in any case ("Up", "RIGHT"), in runs.
  const runs = feedback.match(/\b(?:(?:[Uu]p|UP|[Dd]own|DOWN|[Ll]eft|LEFT|[Rr]ight|RIGHT|[UDLR]+)\b[\s,;>→-]*)+/g) ?? [];
  for (const run of runs) {
    const moves = run
      .split(/[\s,;>→-]+/)
      .filter(Boolean)
      .map((t) => ({ up: 'U', down: 'D', left: 'L', right: 'R' })[t.toLowerCase()] ?? t.toUpperCase())
      .join('');
    if (moves.length < answer.length) continue;
    // Any window of the run that is a full solution is a leak.
    for (let from = 0; from + answer.length <= moves.length; from++) {
      for (let to = from + answer.length; to <= moves.length; to++) {
        const w = walk(grid, start, moves.slice(from, to));
        if (w.outcome === 'ended' && w.position[0] === goal[0] && w.position[1] === goal[1]) return true;
      }
    }
  }
  return false;
}
