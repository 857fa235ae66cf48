import { ComputeEngine } from '@cortex-js/compute-engine';

// Deciding whether two written answers are the same mathematical object.
//
// The Compute Engine (a CAS that reads LaTeX and plain notation alike) does the mathematics:
// parsing, exact rationals, radicals, constants, evaluation. This file only does what a CAS
// cannot know: how people *write* answers — `x = 3`, `12 cm`, `50%`, `1,000`, `2 1/2`,
// `\dfrac`, `^\circ` — and how to compare tuples, sets and intervals element by element.
//
// False positives matter as much as false negatives: a grader that accepts `12` for `1.2`
// is as broken as one that rejects `\frac{1}{2}` for `0.5`.

const ce = new ComputeEngine();

type Bracket = '(' | '[' | '{';
type CloseBracket = ')' | ']' | '}';

export type MathValue =
  | { kind: 'scalar'; latex: string; percent: boolean; decimalPlaces: number | null }
  | { kind: 'collection'; open: Bracket | null; close: CloseBracket | null; items: MathValue[] };

/** Strip the notation around an answer that carries no mathematical meaning. */
export function normalizeAnswer(raw: string): string {
  let s = raw.trim();
  // Math-mode delimiters.
  s = s
    .replace(/^\$+|\$+$/g, '')
    .replace(/^\\\(|\\\)$/g, '')
    .replace(/^\\\[|\\\]$/g, '');
  s = s.replace(/\\boxed\s*\{([\s\S]*)\}/, '$1');
  // A thin space between digit groups is a thousands separator: 1\,000.
  s = s.replace(/(\d)\\,(?=\d{3}\b)/g, '$1');
  s = s
    .replace(/\\left|\\right|\\big|\\Big/g, '')
    .replace(/\\[dt]frac/g, '\\frac')
    .replace(/\\displaystyle/g, '')
    .replace(/\\[,;:! ]|~/g, ' ')
    .replace(/\\(?:mathrm|mathbf|textbf|operatorname)\{([^{}]*)\}/g, '$1');
  // Degrees.
  s = s.replace(/\^\s*\{\s*\\circ\s*\}|\^\s*\\circ|\\circ|\\degree|°/g, '');
  // Currency.
  s = s.replace(/\\\$|^\$|(?<=^-?)\s*\$/g, '').replace(/^(-?)\s*\$/, '$1');
  // Units and words written in \text{…}: keep the mathematics, drop the words.
  s = s.replace(/\\(?:text|mbox)\s*\{[^{}]*\}/g, ' ');
  s = s
    .trim()
    .replace(/[.;]+$/, '')
    .trim();
  return s.replace(/\s+/g, ' ');
}

const MATCHING: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/** Split at commas that are not nested inside brackets or braces. */
function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if ('([{'.includes(c)) depth++;
    if (')]}'.includes(c)) depth--;
    if (c === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  parts.push(current);
  return parts.map((p) => p.trim());
}

/** True when the outer brackets of `s` enclose the whole string (not `(1)+(2)`). */
function outerBracketsWrap(s: string): boolean {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if ('([{'.includes(c)) depth++;
    if (')]}'.includes(c)) depth--;
    if (depth === 0 && i < s.length - 1) return false;
  }
  return depth === 0;
}

const THOUSANDS = /^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
const MIXED_NUMBER = /^(-?)(\d+)\s+(\d+)\s*\/\s*(\d+)$/;
const MIXED_LATEX = /^(-?)(\d+)\s*\\frac\s*\{(\d+)\}\s*\{(\d+)\}$/;
const EQUATION_LHS = /^[a-zA-Z](?:_\{?\w+\}?)?\s*=\s*(.+)$/;
// A unit is a trailing word of two or more letters after a number or closing brace: "12 cm",
// "5 apples", "\frac{3}{4} cups". Single letters stay: in "3x" the x is a variable.
const TRAILING_UNITS = /(?<=[\d}.)])\s*(?:[a-zA-Z]{2,}\.?)(?:\s+[a-zA-Z]+\.?)*(?:\^?\d)?$/;
const LEADING_WORDS = /^(?:[a-zA-Z]{2,}\s+)+(?=[-\d\\(])/;

export function parseAnswer(raw: string): MathValue {
  let s = normalizeAnswer(raw);
  const eq = EQUATION_LHS.exec(s);
  if (eq?.[1]) s = eq[1].trim();

  // Collections: \{1,2\}, {1,2}, (1,2), [1,3), and bare comma lists "1, 2".
  const setMatch = /^\\\{([\s\S]*)\\\}$/.exec(s);
  if (setMatch) return collection('{', '}', setMatch[1] ?? '');
  const first = s[0];
  const last = s[s.length - 1];
  if (first && last && '([{'.includes(first) && ')]}'.includes(last) && outerBracketsWrap(s)) {
    const inner = s.slice(1, -1);
    const parts = splitTopLevel(inner);
    if (parts.length > 1) return collection(first as Bracket, last as CloseBracket, inner);
    if (first === '{' && last === '}' && !/^\\/.test(inner)) s = inner.trim();
    if (first === '(' && MATCHING[first] === last) s = inner.trim();
  }
  if (!THOUSANDS.test(s)) {
    const parts = splitTopLevel(s);
    if (parts.length > 1 && parts.every((p) => p.length > 0)) {
      return { kind: 'collection', open: null, close: null, items: parts.map(parseAnswer) };
    }
  }
  return scalar(s);
}

function collection(open: Bracket, close: CloseBracket, inner: string): MathValue {
  return { kind: 'collection', open, close, items: splitTopLevel(inner).map(parseAnswer) };
}

function scalar(input: string): MathValue {
  let s = input.trim();
  let percent = false;
  if (/\\?%$/.test(s)) {
    percent = true;
    s = s.replace(/\\?%$/, '').trim();
  }
  s = s.replace(LEADING_WORDS, '').replace(TRAILING_UNITS, '').trim();
  if (/\\?%$/.test(s)) {
    percent = true;
    s = s.replace(/\\?%$/, '').trim();
  }
  if (THOUSANDS.test(s)) s = s.replace(/,/g, '');
  const mixed = MIXED_NUMBER.exec(s) ?? MIXED_LATEX.exec(s);
  if (mixed) s = `${mixed[1]}(${mixed[2]}+\\frac{${mixed[3]}}{${mixed[4]}})`;
  const decimal = /^-?\d*\.(\d+)$/.exec(s);
  return { kind: 'scalar', latex: s, percent, decimalPlaces: decimal?.[1] ? decimal[1].length : null };
}

// ---------------------------------------------------------------------------
// Evaluation through the CAS
// ---------------------------------------------------------------------------

interface Evaluated {
  /** Numeric value when the expression has no free variables. */
  value: number | null;
  /** Free variables, sorted; empty for numbers. */
  variables: string[];
  evaluateAt: (point: Record<string, number>) => number | null;
  valid: boolean;
}

const evaluatedCache = new Map<string, Evaluated>();

const INVALID: Evaluated = { valid: false, variables: [], value: null, evaluateAt: () => null };

function evaluate(latex: string): Evaluated {
  const cached = evaluatedCache.get(latex);
  if (cached) return cached;
  let result: Evaluated;
  try {
    result = evaluateUncached(latex);
  } catch {
    // The CAS throws on some malformed input ("6D" → "Invalid type"); such a text is no value.
    result = INVALID;
  }
  if (evaluatedCache.size > 10_000) evaluatedCache.clear();
  evaluatedCache.set(latex, result);
  return result;
}

function evaluateUncached(latex: string): Evaluated {
  const expr = ce.parse(latex);
  // "1 2" is not twelve: digits separated by a space are not one number.
  const valid = expr.isValid && latex.length > 0 && !/\d\s+\d/.test(latex);
  const variables = valid ? [...(expr.freeVariables ?? [])].sort() : [];
  const toNumber = (e: { N(): { value: unknown } }): number | null => {
    const v = e.N().value;
    return typeof v === 'number' && !Number.isNaN(v) ? v : null;
  };
  const result: Evaluated = {
    valid,
    variables,
    value: valid && variables.length === 0 ? toNumber(expr) : null,
    evaluateAt: (point) => {
      if (!valid) return null;
      const substitutions: Record<string, ReturnType<typeof ce.number>> = {};
      for (const [k, v] of Object.entries(point)) substitutions[k] = ce.number(v);
      try {
        return toNumber(expr.subs(substitutions));
      } catch {
        return null;
      }
    },
  };
  return result;
}

/** The numeric value of an answer, or null when it is not a single number. */
export function numericValue(raw: string): number | null {
  const v = parseAnswer(raw);
  if (v.kind !== 'scalar') return null;
  const e = evaluate(v.latex);
  if (e.value === null) return null;
  return v.percent ? e.value / 100 : e.value;
}

function closeEnough(a: number, b: number): boolean {
  if (a === b) return true;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/** A rounded decimal such as 0.333 matches 1/3 when it has at least three significant digits. */
function roundsTo(decimal: MathValue & { kind: 'scalar' }, decimalValue: number, exact: number, exactLatex: string): boolean {
  if (decimal.decimalPlaces === null) return false;
  const significant = decimal.latex.replace(/^-?0*\.?0*/, '').replace('.', '').length;
  if (significant < 3) return false;
  // Only a rational may be rounded: 3.14 is not an answer to a question whose answer is \pi.
  if (/[a-zA-Z]/.test(exactLatex.replace(/\\frac/g, ''))) return false;
  return Math.abs(exact - decimalValue) <= 0.5 * 10 ** -decimal.decimalPlaces + 1e-12;
}

// biome-ignore lint/suspicious/noApproximativeNumericConstant: points near π and e on purpose, never exactly them
const SAMPLE_POINTS = [0.3719, 1.9137, -2.2761, 3.1419, -0.6543, 2.7183];

function scalarsEqual(a: MathValue & { kind: 'scalar' }, b: MathValue & { kind: 'scalar' }): boolean {
  const ea = evaluate(a.latex);
  const eb = evaluate(b.latex);
  if (!ea.valid || !eb.valid) return textKey(a.latex) === textKey(b.latex);
  if (ea.value !== null && eb.value !== null) {
    // "50%" may be meant as 50 (the answer to "what percent…") or as 0.5: accept either reading.
    const candidatesA = a.percent ? [ea.value, ea.value / 100] : [ea.value];
    const candidatesB = b.percent ? [eb.value, eb.value / 100] : [eb.value];
    for (const x of candidatesA) {
      for (const y of candidatesB) {
        if (closeEnough(x, y) || roundsTo(a, x, y, b.latex) || roundsTo(b, y, x, a.latex)) return true;
      }
    }
    return false;
  }
  if (ea.variables.join() !== eb.variables.join()) return false;
  if (a.percent !== b.percent) return false;
  let compared = 0;
  for (let i = 0; i < SAMPLE_POINTS.length; i++) {
    const point: Record<string, number> = {};
    ea.variables.forEach((name, j) => {
      point[name] = SAMPLE_POINTS[(i + j * 2) % SAMPLE_POINTS.length] as number;
    });
    const x = ea.evaluateAt(point);
    const y = eb.evaluateAt(point);
    if (x === null || y === null || !Number.isFinite(x) || !Number.isFinite(y)) continue;
    if (Math.abs(x - y) > 1e-7 * Math.max(1, Math.abs(x), Math.abs(y))) return false;
    compared++;
  }
  return compared >= 3;
}

function textKey(s: string): string {
  return s.toLowerCase().replace(/\s+/g, ' ').trim();
}

export function valuesEqual(a: MathValue, b: MathValue): boolean {
  if (a.kind === 'scalar' && b.kind === 'scalar') return scalarsEqual(a, b);
  if (a.kind === 'collection' && b.kind === 'collection') {
    if (a.items.length !== b.items.length) return false;
    const unordered = (c: typeof a): boolean => c.open === '{' || c.open === null;
    if (unordered(a) && unordered(b)) return sameMultiset(a.items, b.items);
    if (a.open !== b.open || a.close !== b.close) return false;
    return a.items.every((item, i) => valuesEqual(item, b.items[i] as MathValue));
  }
  return false;
}

function sameMultiset(a: MathValue[], b: MathValue[]): boolean {
  const unused = b.slice();
  for (const item of a) {
    const j = unused.findIndex((candidate) => valuesEqual(item, candidate));
    if (j < 0) return false;
    unused.splice(j, 1);
  }
  return true;
}

/** Whether two written answers denote the same mathematical object. */
export function equivalent(a: string, b: string): boolean {
  if (a.trim() === b.trim()) return true;
  try {
    return valuesEqual(parseAnswer(a), parseAnswer(b));
  } catch {
    // The CAS can throw on pathological input; such an answer matches only itself.
    return textKey(normalizeAnswer(a)) === textKey(normalizeAnswer(b));
  }
}
