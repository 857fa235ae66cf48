import { lastBoxed } from '../math/extract.js';

// Reading a move string out of a free-text attempt. Accepted: "Answer: RRDL", "R R D L",
// "R, R, D, L", "right right down left", \boxed{RRDL}; the last answer line wins.

const WORDS: Record<string, string> = { up: 'U', down: 'D', left: 'L', right: 'R', u: 'U', d: 'D', l: 'L', r: 'R' };

/** Turn a span such as "R, R, down" into "RRD"; null if it contains anything that is not a move. */
export function movesFrom(span: string): string | null {
  const tokens = span
    .trim()
    .replace(/^["'`*]+|["'`*.]+$/g, '')
    .split(/[\s,;>→\-–]+/)
    .filter(Boolean);
  if (tokens.length === 0) return null;
  let moves = '';
  for (const token of tokens) {
    const word = WORDS[token.toLowerCase()];
    if (word) moves += word;
    else if (/^[UDLR]+$/i.test(token)) moves += token.toUpperCase();
    else return null;
  }
  return moves;
}

export function extractMoves(text: string): string | null {
  const boxed = lastBoxed(text);
  if (boxed !== null) {
    const moves = movesFrom(boxed.replace(/\\text\{([^}]*)\}/g, '$1'));
    if (moves) return moves;
  }
  const lines = text.split(/\r?\n/);
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = /answer\s*(?:is|:)?\s*:?\s*(.+)$/i.exec(lines[i] as string);
    if (m?.[1]) {
      const moves = movesFrom(m[1]);
      if (moves) return moves;
    }
  }
  // No answer line: a last line that is nothing but moves.
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = (lines[i] as string).trim();
    if (!line) continue;
    return movesFrom(line);
  }
  return null;
}
