import type { Task } from '../../core/types.js';
import { walk } from './grid.js';
import type { MazePrivileged } from './types.js';

// The maze leak check, the last line of defence between a solving path and the student: the leak
// guard (core/leak-guard.ts) runs every text from a teacher that knows the answer through it before
// the student sees it, so whatever it misses reaches the student.

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
