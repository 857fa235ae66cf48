import type { Task, Verdict } from '../../core/types.js';
import { extractMoves } from './extract.js';
import { shortestPath, walk } from './grid.js';
import type { MazeDetails, MazePrivileged } from './types.js';

/** A path is correct when every move stays on open floor and the walk ends on the goal. */
export function verifyMaze(task: Task<MazePrivileged>, attempt: string): Verdict<MazeDetails> {
  const extracted = extractMoves(attempt);
  if (extracted === null) {
    return { correct: false, extracted, summary: 'no move string found', details: { outcome: 'no-answer' } };
  }
  const { grid, start, goal } = task.privileged;
  const result = walk(grid, start, extracted);
  if (result.outcome === 'wall' || result.outcome === 'out-of-bounds') {
    return {
      correct: false,
      extracted,
      summary: `move ${result.move} (${result.direction}) ${result.outcome === 'wall' ? 'hits a wall' : 'leaves the grid'}`,
      details: { ...result, validMoves: result.move - 1 },
    };
  }
  const [r, c] = result.position;
  if (r === goal[0] && c === goal[1]) {
    return { correct: true, extracted, summary: 'reaches the goal', details: { outcome: 'solved' } };
  }
  const remaining = shortestPath(grid, result.position, goal)?.length;
  return {
    correct: false,
    extracted,
    summary: `ends at row ${r + 1}, column ${c + 1}, away from the goal`,
    details: {
      outcome: 'short',
      position: result.position,
      validMoves: extracted.length,
      ...(remaining === undefined ? {} : { remaining }),
    },
  };
}
