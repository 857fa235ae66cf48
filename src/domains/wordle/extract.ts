import { lastBoxed } from '../math/extract.js';

// Reading one guess out of a free-text reply. Accepted: "Answer: CRANE", "Guess: crane",
// \boxed{CRANE}, "**CRANE**", "C R A N E", or a last line that is just the word. The answer is
// returned uppercase and as written, so a wrong length or a digit can be reported, not ignored.

const ANSWER_LINE = /(?:final\s+)?(?:answer|guess)\s*(?:is|:|=)\s*:?\s*(.+)$/i;

function clean(token: string): string {
  return token.replace(/^[\s"'`*_([{<“‘]+|[\s"'`*_)\]}>”’.,;:!?]+$/g, '');
}

/** The guess in a span such as "CRANE", "my guess is crane" or "C R A N E"; null if none. */
export function guessFrom(span: string): string | null {
  const tokens = span
    .replace(/\\text\{([^}]*)\}/g, '$1')
    .split(/\s+/)
    .map(clean)
    .filter(Boolean);
  if (tokens.length === 0) return null;
  if (tokens.length === 1) return (tokens[0] as string).toUpperCase();
  if (tokens.every((t) => /^[A-Za-z]$/.test(t))) return tokens.join('').toUpperCase();
  const five = tokens.filter((t) => /^[A-Za-z]{5}$/.test(t));
  const capital = five.filter((t) => t === t.toUpperCase());
  const chosen = capital.at(-1) ?? five.at(-1);
  return chosen ? chosen.toUpperCase() : null;
}

export function extractGuess(text: string): string | null {
  const boxed = lastBoxed(text);
  if (boxed !== null) {
    const guess = guessFrom(boxed);
    if (guess) return guess;
  }
  const lines = text.split(/\r?\n/);
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = ANSWER_LINE.exec(lines[i] as string);
    if (m?.[1]) {
      const guess = guessFrom(m[1]);
      if (guess) return guess;
    }
  }
  // No answer line: a last line that is a single word (or spelled-out letters).
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = (lines[i] as string).trim();
    if (!line) continue;
    const tokens = line.split(/\s+/).map(clean).filter(Boolean);
    if (tokens.length === 1 || tokens.every((t) => /^[A-Za-z]$/.test(t))) return guessFrom(line);
    return null;
  }
  return null;
}
