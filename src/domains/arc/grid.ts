// Grids are rows of colours 0–9 (0 is the background). Text form: one row per line, digits
// separated by single spaces — the form the prompt shows and the answer is expected in.

export type Grid = number[][];

export function renderGrid(grid: Grid): string {
  return grid.map((row) => row.join(' ')).join('\n');
}

export function sameGrid(a: Grid, b: Grid): boolean {
  return a.length === b.length && a.every((row, r) => row.length === b[r]?.length && row.every((v, c) => v === b[r]?.[c]));
}

export function dimensions(grid: Grid): { rows: number; cols: number } {
  return { rows: grid.length, cols: grid[0]?.length ?? 0 };
}

export function isRectangular(grid: Grid): boolean {
  return grid.length > 0 && grid.every((row) => row.length === grid[0]?.length && row.length > 0);
}

export function emptyGrid(rows: number, cols: number, fill = 0): Grid {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => fill));
}

/** Parse the text form back; throws on anything that is not digits in rows. */
export function parseGridText(text: string): Grid {
  return text
    .trim()
    .split(/\r?\n/)
    .map((line) => {
      const tokens = line.trim().split(/\s+/);
      if (!tokens.every((t) => /^\d$/.test(t))) throw new Error(`not a grid row: "${line}"`);
      return tokens.map(Number);
    });
}
