import { z } from 'zod';
import { TaskFormatError } from '../../core/errors.js';
import type { Task } from '../../core/types.js';
import { checkRecord, isObject, parseNativeTask, recordId, type RecordLocation } from '../records.js';
import { renderMazePrompt } from './generate.js';
import { shortestPath } from './grid.js';
import type { Cell, MazePrivileged } from './types.js';

// Maze files: either didactic's own task format, or just a grid:
//   {"grid": ["S..#", ".#..", "...G"]}        (start S and goal G marked in the grid)

const gridSchema = z
  .array(z.string().regex(/^[#.SG]+$/, 'rows may contain only # . S G'))
  .min(1)
  .refine((rows) => rows.every((r) => r.length === rows[0]?.length), 'all rows must have the same length');
const nativePrivileged = z.looseObject({
  answer: z.string(),
  grid: gridSchema,
  start: z.tuple([z.number().int(), z.number().int()]),
  goal: z.tuple([z.number().int(), z.number().int()]),
});

function find(grid: string[], mark: string): Cell | null {
  for (let r = 0; r < grid.length; r++) {
    const c = (grid[r] as string).indexOf(mark);
    if (c >= 0) return [r, c];
  }
  return null;
}

export function parseMazeRecord(record: unknown, where: RecordLocation): Task<MazePrivileged> {
  if (!isObject(record)) throw new TaskFormatError(where, 'expected a JSON object');
  if ('privileged' in record) {
    const task = parseNativeTask(record, where, 'maze');
    const privileged = checkRecord(z.object({ privileged: nativePrivileged }), record, where, 'didactic task').privileged;
    return { ...task, privileged };
  }
  const { grid } = checkRecord(z.object({ grid: gridSchema }), record, where, 'maze grid');
  const start = find(grid, 'S');
  const goal = find(grid, 'G');
  if (!start || !goal) throw new TaskFormatError({ ...where, field: 'grid' }, 'the grid needs one S (start) and one G (goal)');
  const answer = shortestPath(grid, start, goal);
  if (answer === null) throw new TaskFormatError({ ...where, field: 'grid' }, 'G cannot be reached from S');
  return {
    id: recordId(record, where),
    domain: 'maze',
    prompt: renderMazePrompt(grid),
    privileged: { answer, grid, start, goal },
    metadata: { source: where.file, line: where.line },
  };
}
