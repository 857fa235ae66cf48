import type { Grid } from './grid.js';

// Finding the answer grid in a reply. Accepted forms, the most explicit first:
//   - a JSON-style array of rows: [[0,1],[2,3]]
//   - rows on consecutive lines after the last "Answer" / "Output" marker (or in the last code
//     block, or the last block of grid rows anywhere): "0 1 2", "012", "0,1,2", "| 0 | 1 | 2 |"
//   - rows on one line separated by "/" or ";": "Answer: 012/345/678"
// Rows of unequal length are returned as they are, so the verifier can say so.

/** A line read as a grid row, or null when it is not one. */
export function rowFrom(line: string): number[] | null {
  const s = line
    .replace(/`/g, '')
    .replace(/^[\s>*-]*(?:row\s*\d+\s*:)?\s*/i, '')
    .replace(/^[\s[|]+|[\s\]|,]+$/g, '')
    .trim();
  if (!s) return null;
  if (/^\d+$/.test(s)) return s.split('').map(Number);
  const tokens = s.split(/\s*[\s,|]\s*/).filter(Boolean);
  if (tokens.length >= 1 && tokens.every((t) => /^\d$/.test(t))) return tokens.map(Number);
  return null;
}

function jsonGrid(text: string): Grid | null {
  const matches = [...text.matchAll(/\[\s*\[[\d\s,[\]]*\]\s*\]/g)];
  for (let i = matches.length - 1; i >= 0; i--) {
    try {
      const value: unknown = JSON.parse((matches[i] as RegExpMatchArray)[0]);
      if (
        Array.isArray(value) &&
        value.length > 0 &&
        value.every((row) => Array.isArray(row) && row.length > 0 && row.every((v) => Number.isInteger(v) && v >= 0 && v <= 9))
      ) {
        return value as Grid;
      }
    } catch {
      // Not JSON after all; keep looking.
    }
  }
  return null;
}

/** The last block of consecutive grid rows in `lines`. */
function lastBlock(lines: string[]): Grid | null {
  let block: Grid = [];
  let found: Grid | null = null;
  for (const line of lines) {
    const row = rowFrom(line);
    if (row) {
      block.push(row);
      continue;
    }
    if (block.length) found = block;
    block = [];
  }
  if (block.length) found = block;
  return found;
}

const MARKER = /\b(?:final\s+)?(?:answer|output(?:\s+grid)?)\b\s*(?:is|:)?\s*:?/i;

export function extractGrid(text: string): Grid | null {
  const lines = text.split(/\r?\n/);
  // After the last marker line: its own remainder may hold the first row or a one-line grid.
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i] as string;
    const m = MARKER.exec(line);
    if (!m) continue;
    const rest = line.slice(m.index + m[0].length);
    const after = [rest, ...lines.slice(i + 1)].join('\n');
    const json = jsonGrid(after);
    if (json) return json;
    if (/[/;]/.test(rest) && !/\n/.test(rest.trim())) {
      const rows = rest.split(/[/;]/).map(rowFrom);
      if (rows.length > 1 && rows.every((r) => r !== null)) return rows as Grid;
    }
    const afterLines = [rest, ...lines.slice(i + 1)];
    // The first block after the marker: later blocks are usually commentary.
    const block: Grid = [];
    let started = false;
    for (const l of afterLines) {
      const row = rowFrom(l);
      if (row) {
        block.push(row);
        started = true;
      } else if (started && !/^\s*```/.test(l)) break;
    }
    if (block.length) return block;
  }
  const json = jsonGrid(text);
  if (json) return json;
  return lastBlock(lines);
}
