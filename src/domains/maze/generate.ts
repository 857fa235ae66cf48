import { createRng, deriveSeed } from '../../core/random.js';
import type { Task } from '../../core/types.js';
import { shortestPath } from './grid.js';
import type { Cell, MazePrivileged } from './types.js';

// Seeded grid mazes. Difficulty sets the size, the wall density and the shortest path length;
// a maze is kept only if the goal is reachable by a path of at least `minPath` moves.

export const MAZE_LEVELS: Record<number, { rows: number; cols: number; density: number; minPath: number }> = {
  1: { rows: 4, cols: 4, density: 0.15, minPath: 3 },
  2: { rows: 5, cols: 5, density: 0.25, minPath: 4 },
  3: { rows: 6, cols: 6, density: 0.3, minPath: 6 },
  4: { rows: 8, cols: 8, density: 0.3, minPath: 9 },
  5: { rows: 10, cols: 10, density: 0.35, minPath: 12 },
};
export const MAZE_DIFFICULTIES = [1, 2, 3, 4, 5] as const;

export function renderMazePrompt(grid: string[]): string {
  return [
    'Find a path from S to G in this maze. # is a wall, . is open floor.',
    'You may move U (up), D (down), L (left) or R (right), one square per move; you cannot enter walls or leave the grid.',
    '',
    ...grid,
    '',
    'Give the moves as one string of letters, for example "Answer: RRDL".',
  ].join('\n');
}

export function generateMazeTasks(options: { n: number; seed: number; difficulty: number }): Task<MazePrivileged>[] {
  const level = MAZE_LEVELS[options.difficulty];
  if (!level) throw new RangeError(`maze difficulty must be one of ${MAZE_DIFFICULTIES.join(', ')}`);
  const tasks: Task<MazePrivileged>[] = [];
  for (let i = 0; i < options.n; i++) {
    const rng = createRng(deriveSeed('maze', options.seed, options.difficulty, i));
    for (let attempt = 0; ; attempt++) {
      if (attempt > 10_000) throw new Error(`could not generate a maze at difficulty ${options.difficulty}`);
      const cells: string[][] = [];
      for (let r = 0; r < level.rows; r++) {
        cells.push(Array.from({ length: level.cols }, () => (rng.next() < level.density ? '#' : '.')));
      }
      const start: Cell = [rng.int(0, level.rows - 1), rng.int(0, level.cols - 1)];
      const goal: Cell = [rng.int(0, level.rows - 1), rng.int(0, level.cols - 1)];
      (cells[start[0]] as string[])[start[1]] = 'S';
      (cells[goal[0]] as string[])[goal[1]] = 'G';
      const grid = cells.map((row) => row.join(''));
      const path = shortestPath(grid, start, goal);
      if (path === null || path.length < level.minPath) continue;
      tasks.push({
        id: `maze-d${options.difficulty}-s${options.seed}-${i}`,
        domain: 'maze',
        prompt: renderMazePrompt(grid),
        privileged: { answer: path, grid, start, goal },
        metadata: { difficulty: options.difficulty, source: 'generator:maze', seed: options.seed, rows: level.rows, cols: level.cols },
      });
      break;
    }
  }
  return tasks;
}
