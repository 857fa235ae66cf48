import { emptyGrid, type Grid } from './grid.js';

// The hidden rules, in families. Each rule is a pure function of the input grid; `params` holds
// what a rule instance needs (a colour mapping, a fill colour) so that a task file can carry it.

export type RuleSpec =
  | { kind: 'flip-horizontal' }
  | { kind: 'flip-vertical' }
  | { kind: 'rotate-90' }
  | { kind: 'rotate-180' }
  | { kind: 'rotate-270' }
  | { kind: 'transpose' }
  | { kind: 'gravity'; direction: 'down' | 'up' | 'left' | 'right' }
  | { kind: 'recolour'; mapping: Array<[number, number]> }
  | { kind: 'fill-enclosed'; colour: number }
  | { kind: 'crop' }
  | { kind: 'scale-2' }
  | { kind: 'then'; first: RuleSpec; second: RuleSpec };

const transpose = (g: Grid): Grid => (g[0] ?? []).map((_, c) => g.map((row) => row[c] as number));
const flipH = (g: Grid): Grid => g.map((row) => row.slice().reverse());
const flipV = (g: Grid): Grid =>
  g
    .slice()
    .reverse()
    .map((row) => row.slice());

function gravityDown(g: Grid): Grid {
  const rows = g.length;
  const cols = g[0]?.length ?? 0;
  const out = emptyGrid(rows, cols);
  for (let c = 0; c < cols; c++) {
    const stack = g.map((row) => row[c] as number).filter((v) => v !== 0);
    stack.forEach((v, i) => {
      (out[rows - stack.length + i] as number[])[c] = v;
    });
  }
  return out;
}

/** Background cells that cannot reach the border through background get `colour`. */
function fillEnclosed(g: Grid, colour: number): Grid {
  const rows = g.length;
  const cols = g[0]?.length ?? 0;
  const outside = g.map((row) => row.map(() => false));
  const queue: Array<[number, number]> = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if ((r === 0 || c === 0 || r === rows - 1 || c === cols - 1) && g[r]?.[c] === 0) {
        (outside[r] as boolean[])[c] = true;
        queue.push([r, c]);
      }
    }
  }
  for (let head = 0; head < queue.length; head++) {
    const [r, c] = queue[head] as [number, number];
    for (const [dr, dc] of [
      [1, 0],
      [-1, 0],
      [0, 1],
      [0, -1],
    ] as const) {
      const nr = r + dr;
      const nc = c + dc;
      if (g[nr]?.[nc] === 0 && !outside[nr]?.[nc]) {
        (outside[nr] as boolean[])[nc] = true;
        queue.push([nr, nc]);
      }
    }
  }
  return g.map((row, r) => row.map((v, c) => (v === 0 && !outside[r]?.[c] ? colour : v)));
}

function crop(g: Grid): Grid {
  let top = Infinity,
    bottom = -1,
    left = Infinity,
    right = -1;
  g.forEach((row, r) => {
    row.forEach((v, c) => {
      if (v === 0) return;
      top = Math.min(top, r);
      bottom = Math.max(bottom, r);
      left = Math.min(left, c);
      right = Math.max(right, c);
    });
  });
  if (bottom < 0) return g.map((row) => row.slice());
  return g.slice(top, bottom + 1).map((row) => row.slice(left, right + 1));
}

export function applyRule(rule: RuleSpec, g: Grid): Grid {
  switch (rule.kind) {
    case 'flip-horizontal':
      return flipH(g);
    case 'flip-vertical':
      return flipV(g);
    case 'rotate-90':
      return flipH(transpose(g));
    case 'rotate-180':
      return flipV(flipH(g));
    case 'rotate-270':
      return flipV(transpose(g));
    case 'transpose':
      return transpose(g);
    case 'gravity':
      switch (rule.direction) {
        case 'down':
          return gravityDown(g);
        case 'up':
          return flipV(gravityDown(flipV(g)));
        case 'right':
          return transpose(gravityDown(transpose(g)));
        case 'left':
          return flipH(transpose(gravityDown(transpose(flipH(g)))));
      }
      break;
    case 'recolour': {
      const map = new Map(rule.mapping);
      return g.map((row) => row.map((v) => map.get(v) ?? v));
    }
    case 'fill-enclosed':
      return fillEnclosed(g, rule.colour);
    case 'crop':
      return crop(g);
    case 'scale-2':
      return g.flatMap((row) => {
        const wide = row.flatMap((v) => [v, v]);
        return [wide, wide.slice()];
      });
    case 'then':
      return applyRule(rule.second, applyRule(rule.first, g));
  }
}

/** Rules without parameters: the alternatives a solver might consider (used to reject ambiguous tasks). */
export const PLAIN_RULES: RuleSpec[] = [
  { kind: 'flip-horizontal' },
  { kind: 'flip-vertical' },
  { kind: 'rotate-90' },
  { kind: 'rotate-180' },
  { kind: 'rotate-270' },
  { kind: 'transpose' },
  { kind: 'gravity', direction: 'down' },
  { kind: 'gravity', direction: 'up' },
  { kind: 'gravity', direction: 'left' },
  { kind: 'gravity', direction: 'right' },
  { kind: 'crop' },
  { kind: 'scale-2' },
];

/** Words that would name the rule and give it away in one step, per family. */
export function giveawayWords(rule: RuleSpec): RegExp[] {
  switch (rule.kind) {
    case 'flip-horizontal':
    case 'flip-vertical':
      return [/\bflip/i, /\bmirror/i, /\breflect/i, /upside[ -]down/i];
    case 'rotate-90':
    case 'rotate-180':
    case 'rotate-270':
      return [/\brotat/i, /\bturn(?:ed|s)?\b.{0,20}\b(?:degrees|quarter|half|clockwise)/i, /clockwise/i, /\b(?:90|180|270)\s*(?:°|deg)/i];
    case 'transpose':
      return [/\btranspos/i, /\bdiagonal/i, /rows?\s+(?:become|into|as)\s+(?:the\s+)?columns?/i];
    case 'gravity':
      return [/\bgravity/i, /\bfall/i, /\bdrop/i, /\bslid/i, /\bsink/i, /\bsettle/i];
    case 'recolour':
      return [/\brecolou?r/i, /\bcolou?r\s+\d\s+(?:becomes|turns|is replaced|->|→)/i, /\b\d\s*(?:->|→)\s*\d\b/, /\bswap/i];
    case 'fill-enclosed':
      return [/\bfill/i, /\benclos/i, /\binterior/i, /\bholes?\b/i];
    case 'crop':
      return [/\bcrop/i, /\btrim/i, /bounding box/i];
    case 'scale-2':
      return [/\bscal(?:e|ed|ing)\b/i, /\benlarg/i, /\bdoubl/i, /\b2\s*[x×]\s*2\b/i, /\bzoom/i];
    case 'then':
      return [...giveawayWords(rule.first), ...giveawayWords(rule.second)];
  }
}
