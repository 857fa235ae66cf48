import { createRng, deriveSeed, shuffled } from '../../core/random.js';
import type { Rng, Task } from '../../core/types.js';
import { emptyGrid, renderGrid, sameGrid, type Grid } from './grid.js';
import { applyRule, PLAIN_RULES, type RuleSpec } from './rules.js';
import type { ArcExample, ArcPrivileged } from './types.js';

// Seeded ARC-style tasks: a hidden rule, three worked examples, one test input. Difficulty:
//   1: 3×3 grids; mirror images or a one-colour mapping
//   2: 3–4 cells a side; adds rotations, transposition, gravity downwards, two-colour mappings
//   3: 4–6 cells a side; every single rule (gravity any way, filling closed shapes, cropping, scaling)
//   4: 5–7 cells a side; a geometric rule followed by a colour mapping
// A task is rejected when an example (or the test) is left unchanged by the rule, or when another
// parameter-free rule (with the same colour mapping, at level 4) fits all examples but gives a
// different test output.

type Family =
  | 'flip'
  | 'rotate'
  | 'transpose'
  | 'gravity-down'
  | 'gravity'
  | 'recolour-1'
  | 'recolour-2'
  | 'fill'
  | 'crop'
  | 'scale'
  | 'geometric+recolour';

interface ArcLevel {
  min: number;
  max: number;
  families: Family[];
}

export const ARC_LEVELS: Record<number, ArcLevel> = {
  1: { min: 3, max: 3, families: ['flip', 'recolour-1'] },
  2: { min: 3, max: 4, families: ['flip', 'rotate', 'transpose', 'gravity-down', 'recolour-2'] },
  3: { min: 4, max: 6, families: ['flip', 'rotate', 'transpose', 'gravity', 'recolour-2', 'fill', 'crop', 'scale'] },
  4: { min: 5, max: 7, families: ['geometric+recolour'] },
};
export const ARC_DIFFICULTIES = [1, 2, 3, 4] as const;
const TRAIN_PAIRS = 3;

const COLOURS = [1, 2, 3, 4, 5, 6, 7, 8, 9];

function randomGrid(rng: Rng, rows: number, cols: number, palette: number[], density: number): Grid {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => (rng.next() < density ? rng.pick(palette) : 0)));
}

/** A background grid with one or two closed rectangle outlines and some loose cells. */
function enclosureGrid(rng: Rng, rows: number, cols: number, wall: number, noise: number): Grid {
  const g = emptyGrid(rows, cols);
  const shapes = rows * cols >= 30 && rng.next() < 0.5 ? 2 : 1;
  for (let s = 0; s < shapes; s++) {
    const h = rng.int(3, Math.min(4, rows));
    const w = rng.int(3, Math.min(4, cols));
    const top = rng.int(0, rows - h);
    const left = rng.int(0, cols - w);
    for (let r = top; r < top + h; r++) {
      for (let c = left; c < left + w; c++) {
        if (r === top || r === top + h - 1 || c === left || c === left + w - 1) (g[r] as number[])[c] = wall;
      }
    }
  }
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) if (g[r]?.[c] === 0 && rng.next() < 0.1) (g[r] as number[])[c] = noise;
  }
  return g;
}

/** A background grid with a small patch somewhere inside; the patch's bounding box is exact. */
function patchGrid(rng: Rng, rows: number, cols: number, palette: number[]): Grid {
  const g = emptyGrid(rows, cols);
  const h = rng.int(2, rows - 1);
  const w = rng.int(2, cols - 1);
  const top = rng.int(0, rows - h);
  const left = rng.int(0, cols - w);
  for (let r = top; r < top + h; r++) {
    for (let c = left; c < left + w; c++) if (rng.next() < 0.6) (g[r] as number[])[c] = rng.pick(palette);
  }
  // Pin the corners so the patch spans exactly h × w.
  (g[top] as number[])[left] = rng.pick(palette);
  (g[top + h - 1] as number[])[left + w - 1] = rng.pick(palette);
  return g;
}

interface Draft {
  rule: RuleSpec;
  makeInput: (rng: Rng) => Grid;
}

function draft(family: Family, level: ArcLevel, rng: Rng): Draft {
  const size = (): number => rng.int(level.min, level.max);
  const palette = shuffled(COLOURS, rng).slice(0, 3);
  const spare = COLOURS.filter((c) => !palette.includes(c));
  const plain = (rule: RuleSpec, density = 0.45): Draft => ({ rule, makeInput: (r) => randomGrid(r, size(), size(), palette, density) });
  const recolour = (sources: number): RuleSpec => {
    const targets = shuffled(spare, rng);
    return { kind: 'recolour', mapping: palette.slice(0, sources).map((c, i) => [c, targets[i] as number]) };
  };
  switch (family) {
    case 'flip':
      return plain(rng.pick<RuleSpec>([{ kind: 'flip-horizontal' }, { kind: 'flip-vertical' }]));
    case 'rotate':
      return plain(rng.pick<RuleSpec>([{ kind: 'rotate-90' }, { kind: 'rotate-180' }, { kind: 'rotate-270' }]));
    case 'transpose':
      return plain({ kind: 'transpose' });
    case 'gravity-down':
      return plain({ kind: 'gravity', direction: 'down' }, 0.35);
    case 'gravity':
      return plain({ kind: 'gravity', direction: rng.pick(['down', 'up', 'left', 'right'] as const) }, 0.35);
    case 'recolour-1':
      return plain(recolour(1), 0.6);
    case 'recolour-2':
      return plain(recolour(2), 0.6);
    case 'fill': {
      const [wall, noise] = palette as [number, number];
      return {
        rule: { kind: 'fill-enclosed', colour: spare[0] as number },
        makeInput: (r) => enclosureGrid(r, size(), size(), wall, noise),
      };
    }
    case 'crop':
      return { rule: { kind: 'crop' }, makeInput: (r) => patchGrid(r, size(), size(), palette) };
    case 'scale':
      return { rule: { kind: 'scale-2' }, makeInput: (r) => randomGrid(r, r.int(2, 3), r.int(2, 3), palette, 0.5) };
    case 'geometric+recolour': {
      const first = rng.pick<RuleSpec>([
        { kind: 'flip-horizontal' },
        { kind: 'flip-vertical' },
        { kind: 'rotate-90' },
        { kind: 'rotate-180' },
        { kind: 'transpose' },
        { kind: 'gravity', direction: rng.pick(['down', 'up', 'left', 'right'] as const) },
      ]);
      return plain({ kind: 'then', first, second: recolour(rng.int(1, 2)) }, 0.4);
    }
  }
}

/** Every colour the rule maps must occur in an input, or the example shows nothing of it. */
function mappedColours(rule: RuleSpec): number[] {
  if (rule.kind === 'recolour') return rule.mapping.map(([from]) => from);
  if (rule.kind === 'then') return [...mappedColours(rule.first), ...mappedColours(rule.second)];
  return [];
}

function acceptable(rule: RuleSpec, train: ArcExample[], testInput: Grid, testOutput: Grid): boolean {
  const examples = [...train, { input: testInput, output: testOutput }];
  if (examples.some((e) => sameGrid(e.input, e.output))) return false;
  const mapped = mappedColours(rule);
  if (!examples.every((e) => mapped.every((c) => e.input.some((row) => row.includes(c))))) return false;
  // For a rule followed by a colour mapping, the rivals are every other rule with the same mapping.
  const rivals = rule.kind === 'then' ? PLAIN_RULES.map((first): RuleSpec => ({ kind: 'then', first, second: rule.second })) : PLAIN_RULES;
  for (const alternative of rivals) {
    const fits = train.every((e) => sameGrid(applyRule(alternative, e.input), e.output));
    if (fits && !sameGrid(applyRule(alternative, testInput), testOutput)) return false;
  }
  return true;
}

export function renderArcPrompt(train: ArcExample[], testInput: Grid): string {
  const lines = [
    'Each example shows an input grid and the output grid that one hidden rule makes from it.',
    'Digits are colours; 0 is the background. The same rule turns the test input into its output.',
  ];
  train.forEach((e, i) => {
    lines.push('', `Example ${i + 1}`, 'Input:', renderGrid(e.input), 'Output:', renderGrid(e.output));
  });
  lines.push('', 'Test', 'Input:', renderGrid(testInput), '');
  lines.push('Give the test output after a line "Answer:", one row per line, digits separated by spaces.');
  return lines.join('\n');
}

export function generateArcTasks(options: { n: number; seed: number; difficulty: number }): Task<ArcPrivileged>[] {
  const level = ARC_LEVELS[options.difficulty];
  if (!level) throw new RangeError(`arc difficulty must be one of ${ARC_DIFFICULTIES.join(', ')}`);
  const tasks: Task<ArcPrivileged>[] = [];
  for (let i = 0; i < options.n; i++) {
    const rng = createRng(deriveSeed('arc', options.seed, options.difficulty, i));
    for (let attempt = 0; ; attempt++) {
      if (attempt > 10_000) throw new Error(`could not generate an arc task at difficulty ${options.difficulty}`);
      const { rule, makeInput } = draft(rng.pick(level.families), level, rng);
      const inputs = Array.from({ length: TRAIN_PAIRS + 1 }, () => makeInput(rng));
      const examples = inputs.map((input) => ({ input, output: applyRule(rule, input) }));
      const train = examples.slice(0, TRAIN_PAIRS);
      const test = examples[TRAIN_PAIRS] as ArcExample;
      if (!acceptable(rule, train, test.input, test.output)) continue;
      tasks.push({
        id: `arc-d${options.difficulty}-s${options.seed}-${i}`,
        domain: 'arc',
        prompt: renderArcPrompt(train, test.input),
        privileged: { answer: renderGrid(test.output), output: test.output, rule, train, testInput: test.input },
        metadata: { difficulty: options.difficulty, source: 'generator:arc', seed: options.seed },
      });
      break;
    }
  }
  return tasks;
}
