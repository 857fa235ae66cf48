import type { Rng, Task, Verdict } from '../../core/types.js';
import type { ArcDetails, ArcPrivileged } from './types.js';

// The scripted ARC teacher points at where the answer is wrong — a block of rows and columns, the
// rows that hold mistakes, or the single wrong cell — or says the size is wrong. It never gives
// a cell's colour and never names the rule.

const span = (from: number, to: number, unit: string): string => (from === to ? `${unit} ${from + 1}` : `${unit}s ${from + 1}–${to + 1}`);

function listNumbers(items: number[]): string {
  const shown = items.map((n) => String(n + 1));
  return shown.length <= 1 ? shown.join('') : `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`;
}

export function arcFeedback(_task: Task<ArcPrivileged>, verdict: Verdict<ArcDetails>, rng: Rng): string {
  const d = verdict.details;
  switch (d.outcome) {
    case 'no-answer':
      return rng.pick([
        'I could not find a grid in your reply. After a line "Answer:", write the output one row per line, digits separated by spaces.',
        'There is no grid I can check. Put the output grid after "Answer:", one row of digits per line.',
      ]);
    case 'ragged':
      return rng.pick([
        `Your rows have different lengths (${d.rowLengths?.join(', ')}); every row of a grid has the same number of cells.`,
        `That is not a rectangular grid: the rows hold ${d.rowLengths?.join(', ')} cells.`,
      ]);
    case 'size': {
      const g = d.got;
      const e = d.expected;
      return rng.pick([
        `Your grid is ${g?.rows} rows by ${g?.cols} columns, but the output should be ${e?.rows} rows by ${e?.cols} columns. Look again at how the size of each example output relates to its input.`,
        `Wrong size: the output has ${e?.rows} rows and ${e?.cols} columns; yours has ${g?.rows} and ${g?.cols}.`,
      ]);
    }
    case 'cells': {
      const cells = d.wrongCells ?? [];
      const rows = [...new Set(cells.map(([r]) => r))].sort((a, b) => a - b);
      const cols = [...new Set(cells.map(([, c]) => c))].sort((a, b) => a - b);
      const n = cells.length;
      const total = d.cellCount ?? n;
      if (n === 1) {
        const [r, c] = cells[0] as [number, number];
        return rng.pick([
          `Almost: only one cell is wrong, at row ${r + 1}, column ${c + 1}.`,
          `The size is right and all cells but one are correct; check row ${r + 1}, column ${c + 1}.`,
        ]);
      }
      const box = `${span(rows[0] as number, rows.at(-1) as number, 'row')} and ${span(cols[0] as number, cols.at(-1) as number, 'column')}`;
      return rng.pick([
        `The size is right, but ${n} of the ${total} cells are wrong, all within ${box}. Everything outside that block is correct.`,
        `${n} cells are wrong. ${rows.length === 1 ? 'Row' : 'Rows'} ${listNumbers(rows)} ${rows.length === 1 ? 'holds' : 'hold'} mistakes; the other rows are right.`,
        `${n} cells are wrong. The mistakes are in ${cols.length === 1 ? 'column' : 'columns'} ${listNumbers(cols)}; the other columns are right.`,
      ]);
    }
    case 'solved':
      return 'Correct.';
  }
}
