import type { Task, Verdict } from '../../core/types.js';
import { extractGrid } from './extract.js';
import { dimensions, isRectangular, renderGrid } from './grid.js';
import type { ArcDetails, ArcPrivileged } from './types.js';

export function verifyArc(task: Task<ArcPrivileged>, attempt: string): Verdict<ArcDetails> {
  const grid = extractGrid(attempt);
  if (grid === null) return { correct: false, extracted: null, summary: 'no grid found', details: { outcome: 'no-answer' } };
  const extracted = renderGrid(grid);
  if (!isRectangular(grid)) {
    const rowLengths = grid.map((row) => row.length);
    return {
      correct: false,
      extracted,
      summary: `rows of unequal length (${rowLengths.join(', ')})`,
      details: { outcome: 'ragged', rowLengths },
    };
  }
  const expectedGrid = task.privileged.output;
  const got = dimensions(grid);
  const expected = dimensions(expectedGrid);
  if (got.rows !== expected.rows || got.cols !== expected.cols) {
    return {
      correct: false,
      extracted,
      summary: `size ${got.rows}×${got.cols}, expected ${expected.rows}×${expected.cols}`,
      details: { outcome: 'size', got, expected },
    };
  }
  const wrongCells: Array<[number, number]> = [];
  grid.forEach((row, r) => {
    row.forEach((v, c) => {
      if (v !== expectedGrid[r]?.[c]) wrongCells.push([r, c]);
    });
  });
  if (wrongCells.length === 0) return { correct: true, extracted, summary: 'every cell right', details: { outcome: 'solved' } };
  return {
    correct: false,
    extracted,
    summary: `${wrongCells.length} of ${got.rows * got.cols} cells wrong`,
    details: { outcome: 'cells', wrongCells, cellCount: got.rows * got.cols, expected },
  };
}
