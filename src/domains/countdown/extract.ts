import { lastBoxed } from '../math/extract.js';

// Reading the expression out of a reply. Accepted: "Answer: (25 + 5) × 4", "Answer: 25+5)*4 = 120"
// (a trailing "= result" is dropped), "120 = (25 + 5) × 4", \boxed{…}, $…$, or a last line that
// is just an expression. Step lists ("25 + 5 = 30, 30 × 4 = 120") are not expressions: the first
// step is read, and the feedback then says what it evaluates to.

const ANSWER_LINE = /(?:final\s+)?(?:answer|expression|solution)\s*(?:is|:)\s*:?\s*(.+)$/i;
const EXPRESSION_CHARS = /^[\d\s()+\-*/×÷−–·xX=.\\{}[\]a-z]+$/;

function cleanSpan(span: string): string {
  return span
    .replace(/\$+/g, '')
    .replace(/\\\(|\\\)|\\\[|\\\]/g, '')
    .replace(/[`*_]{2,}|`/g, '')
    .replace(/^\s*["'“]|["'”]\s*$/g, '')
    .replace(/[.;,]+\s*$/, '')
    .trim();
}

/** Keep the expression side of "expr = value" or "value = expr". */
function expressionSide(span: string): string {
  const sides = span
    .split('=')
    .map((s) => s.trim())
    .filter(Boolean);
  if (sides.length <= 1) return sides[0] ?? '';
  const first = sides[0] as string;
  if (/^\d+$/.test(first) && sides[1] && /[+\-*/×÷−]/.test(sides[1])) return sides[1];
  return first;
}

export function expressionFrom(span: string): string | null {
  const cleaned = expressionSide(cleanSpan(span));
  return cleaned && /\d/.test(cleaned) ? cleaned : null;
}

export function extractExpression(text: string): string | null {
  const boxed = lastBoxed(text);
  if (boxed !== null) {
    const e = expressionFrom(boxed);
    if (e) return e;
  }
  const lines = text.split(/\r?\n/);
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = ANSWER_LINE.exec(lines[i] as string);
    if (m?.[1]) {
      const e = expressionFrom(m[1]);
      if (e) return e;
    }
  }
  for (let i = lines.length - 1; i >= 0; i--) {
    // "So: $(25+50)×4$" — the expression is what follows the last colon.
    const line = cleanSpan((lines[i] as string).split(':').at(-1) ?? '');
    if (!line) continue;
    return EXPRESSION_CHARS.test(line) && /[+\-*/×÷−]/.test(line) ? expressionFrom(line) : null;
  }
  return null;
}
