import type { Cell, Move } from './types.js';

export const DELTAS: Record<Move, Cell> = { U: [-1, 0], D: [1, 0], L: [0, -1], R: [0, 1] };
export const MOVES = Object.keys(DELTAS) as Move[];

export function isOpen(grid: string[], [r, c]: Cell): boolean {
  const ch = grid[r]?.[c];
  return ch !== undefined && ch !== '#';
}

export function inside(grid: string[], [r, c]: Cell): boolean {
  return r >= 0 && r < grid.length && c >= 0 && c < (grid[0]?.length ?? 0);
}

/** Breadth-first search; one shortest move string from `from` to `to`, or null if unreachable. */
export function shortestPath(grid: string[], from: Cell, to: Cell): string | null {
  const key = ([r, c]: Cell): string => `${r},${c}`;
  const previous = new Map<string, { cell: Cell; move: Move } | null>([[key(from), null]]);
  const queue: Cell[] = [from];
  for (let head = 0; head < queue.length; head++) {
    const cell = queue[head] as Cell;
    if (cell[0] === to[0] && cell[1] === to[1]) {
      let path = '';
      for (let at = previous.get(key(cell)); at; at = previous.get(key(at.cell))) path = at.move + path;
      return path;
    }
    for (const move of MOVES) {
      const [dr, dc] = DELTAS[move];
      const next: Cell = [cell[0] + dr, cell[1] + dc];
      if (!inside(grid, next) || !isOpen(grid, next) || previous.has(key(next))) continue;
      previous.set(key(next), { cell, move });
      queue.push(next);
    }
  }
  return null;
}

export type WalkResult =
  | { outcome: 'wall' | 'out-of-bounds'; move: number; direction: Move; position: Cell }
  | { outcome: 'ended'; position: Cell };

/** Follow the moves from the start; stop at the first move into a wall or off the grid. */
export function walk(grid: string[], start: Cell, moves: string): WalkResult {
  let position: Cell = start;
  for (let i = 0; i < moves.length; i++) {
    const direction = moves[i] as Move;
    const [dr, dc] = DELTAS[direction];
    const next: Cell = [position[0] + dr, position[1] + dc];
    if (!inside(grid, next)) return { outcome: 'out-of-bounds', move: i + 1, direction, position };
    if (!isOpen(grid, next)) return { outcome: 'wall', move: i + 1, direction, position };
    position = next;
  }
  return { outcome: 'ended', position };
}
