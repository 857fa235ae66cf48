import { describe, expect, it } from 'vitest';
import type { EpisodeOutcome } from '../../src/metrics/outcomes.js';
import { SPLITS, SUITE_F, type Split } from '../../src/reproduce/methods.js';
import { reproduceMarkdown } from '../../src/reproduce/report.js';
import { compare, makeCell, paperComparisons, type Cell, type ReproduceResult } from '../../src/reproduce/results.js';

const math = SPLITS.find((s) => s.kind === 'in')!;

function outcomes(condition: string, solvedAt: Array<number | null>, domain = 'math'): EpisodeOutcome[] {
  return solvedAt.map((at, i) => ({
    taskId: `t${i}`,
    domain,
    condition,
    status: 'done',
    solvedAt: at,
    answers: [],
    feedback: condition !== 'none',
    feedbackTexts: 0,
    blocked: 0,
    fallbacks: 0,
    studentTokens: { input: 0, output: 0 },
    teacherTokens: { input: 0, output: 0 },
  }));
}

/** n tasks: `first` solved at attempt 1, `later` more solved at attempt 2, the rest never. */
const pattern = (n: number, first: number, later: number): Array<number | null> =>
  Array.from({ length: n }, (_, i) => (i < first ? 1 : i < first + later ? 2 : null));

describe('reproduce: cells', () => {
  it('counts cumulative accuracy per turn for one method, split and condition only', () => {
    const mixed = [...outcomes('scripted', [1, 2, null, 4]), ...outcomes('none', [1, 1, 1, 1]), ...outcomes('scripted', [1, 1], 'maze')];
    const cell = makeCell('rl2f', math, 'scripted', mixed, 4);
    expect(cell.episodes).toBe(4);
    expect(cell.accuracy).toEqual([0.25, 0.5, 0.5, 0.75]);
    expect(cell.interval95[3]![0]).toBeLessThan(0.75);
    expect(cell.interval95[3]![1]).toBeGreaterThan(0.75);
    expect(cell.solvedAt).toEqual({ t0: 1, t1: 2, t2: null, t3: 4 });
  });

  it('describes the attempts after a wrong one: format breakdowns and repeated wrong answers', () => {
    const list = outcomes('scripted', [2, null]);
    list[0]!.answers = ['7', '12'];
    list[1]!.answers = ['3', null, '3', '4'];
    const cell = makeCell('base', math, 'scripted', list, 4);
    expect(cell.laterAttempts).toMatchObject({ count: 4, noAnswer: 0.25, repeat: 0.25, rightDirection: null, directed: 0 });
  });

  it("counts how often the next answer moves the way the verifier's too low / too high points", () => {
    const list = outcomes('scripted', [null, null]);
    const notes = new Map([
      // too low → higher (right), too high → lower (right), too low → lower (wrong), then no number (skipped)
      [
        't0',
        [
          { extracted: '10', summary: 'wrong, too-low' },
          { extracted: '30', summary: 'wrong, too-high' },
          { extracted: '20', summary: 'wrong, too-low' },
          { extracted: '5', summary: 'wrong, too-low' },
        ],
      ],
      [
        't1',
        [
          { extracted: '8', summary: 'wrong, too-high' },
          { extracted: null, summary: 'no final answer found' },
        ],
      ],
    ]);
    const cell = makeCell('rl2f', math, 'scripted', list, 4, undefined, notes);
    expect(cell.laterAttempts.directed).toBe(3);
    expect(cell.laterAttempts.rightDirection).toBeCloseTo(2 / 3, 5);
  });

  it('leaves errored episodes out, as eval does', () => {
    const list = outcomes('scripted', [1, null]);
    list[1]!.status = 'errored';
    expect(makeCell('base', math, 'scripted', list, 2).accuracy).toEqual([1, 1]);
  });
});

describe("reproduce: the paper's expectations", () => {
  const cellsFor = (rl2f: Array<number | null>, single: Array<number | null>): Cell[] => [
    makeCell('rl2f', math, 'scripted', outcomes('scripted', rl2f), 4),
    makeCell('rl-single', math, 'scripted', outcomes('scripted', single), 4),
  ];
  const spec = (claimStart: string) => paperComparisons().find((c) => c.claim.startsWith(claimStart))!;

  it('calls a large paired gain at turn K "apart" and a null difference at turn 1 "≈"', () => {
    const cells = cellsFor(pattern(200, 40, 80), pattern(200, 40, 5));
    const atK = compare(spec('RL²F above single-turn RL at turn K, 95%'), cells, 4, 1)!;
    expect(atK.k).toBe(4);
    expect(atK.estimate).toBeCloseTo(0.375, 6);
    expect(atK.interval95[0]).toBeGreaterThan(0.3);
    expect(atK.wilsonOverlap).toBe(false);
    expect(atK.holds).toBe(true);
    const atOne = compare(spec('RL²F ≈ single-turn RL at turn 1'), cells, 4, 1)!;
    expect(atOne.estimate).toBe(0);
    expect(atOne.holds).toBe(true);
  });

  it('does not call a gain that the interval cannot tell from zero', () => {
    const cells = cellsFor(pattern(30, 6, 2), pattern(30, 6, 1));
    const atK = compare(spec('RL²F above single-turn RL at turn K, 95%'), cells, 4, 1)!;
    expect(atK.estimate).toBeCloseTo(1 / 30, 6);
    expect(atK.interval95[0]).toBeLessThanOrEqual(0);
    expect(atK.holds).toBe(false);
  });

  it('does not call "≈ at turn 1" when turn 1 differs clearly', () => {
    const cells = cellsFor(pattern(200, 120, 0), pattern(200, 20, 0));
    expect(compare(spec('RL²F ≈ single-turn RL at turn 1'), cells, 4, 1)!.holds).toBe(false);
  });

  it('pairs tasks by id and skips a comparison whose cells are missing', () => {
    const cells = cellsFor(pattern(10, 5, 0), pattern(10, 5, 0));
    expect(compare(spec('self-teacher model above its own no-feedback'), cells, 4, 1)).toBeNull();
    expect(compare(spec('RL²F ≈ single-turn RL at turn 1'), cells, 4, 1)!.pairedTasks).toBe(10);
  });
});

describe('reproduce: report.md', () => {
  it("writes the paper's tables from the numbers", () => {
    const cells = [
      makeCell('base', math, 'scripted', outcomes('scripted', pattern(10, 2, 0)), 4),
      makeCell('rl2f', math, 'scripted', outcomes('scripted', pattern(10, 2, 5)), 4),
      makeCell('rl2f-tm', math, 'self', outcomes('self', pattern(10, 2, 1)), 4),
      makeCell('rl2f-tm', math, 'none', outcomes('none', pattern(10, 3, 0)), 4),
    ];
    const result: ReproduceResult = {
      schemaVersion: 1,
      mode: 'quick',
      trained: false,
      tasksPerDomain: 10,
      turns: 4,
      seed: 1,
      seconds: 12,
      resumedRuns: 3,
      training: [
        {
          method: 'rl2f',
          dir: 'models/rl2f',
          kind: 'rl',
          steps: 110,
          generatedTokens: 50_123,
          seconds: 1800,
          note: 'scripts/recipes/train-rl2f.sh',
        },
      ],
      cells,
      comparisons: paperComparisons().flatMap((s) => compare(s, cells, 4, 1) ?? []),
    };
    const md = reproduceMarkdown(result);
    expect(md).toContain('## Table 1. In distribution (math)');
    expect(md).toContain('## Table 5. What the models do after a wrong attempt (math)');
    expect(md).toMatch(/\| RL²F \(multi-turn RL\)\s+\| 20\.0 \[5\.7, 51\.0\] \| 70\.0 \[39\.7, 89\.2\]/);
    expect(md).toMatch(/\| RL²F \+ teacher modelling \| self \(its own critique\)\s+\| 20\.0/);
    expect(md).toContain('RL²F above the base model at turn K (in distribution)');
    expect(md).toMatch(/\+50\.0 \[/);
    expect(md).toContain('50,123');
    expect(md).toContain('30.0 min');
    expect(md).toContain('Took 0.2 min (3 of the evaluations were already done and only resumed)');
  });
});

describe('reproduce: the second comparison (suite f)', () => {
  const split = (kind: Split['kind']): Split => SUITE_F.splits.find((s) => s.kind === kind)!;
  const specs = paperComparisons('f');
  const spec = (claim: string) => {
    const found = specs.find((c) => c.claim === claim);
    if (!found) throw new Error(`no comparison "${claim}"; there are: ${specs.map((c) => c.claim).join(' | ')}`);
    return found;
  };
  /** One scripted cell per method on one split, each solving tasks as its pattern says. */
  const cellsOn = (kind: Split['kind'], patterns: Record<string, Array<number | null>>): Cell[] =>
    Object.entries(patterns).map(([method, solved]) =>
      makeCell(method, split(kind), 'scripted', outcomes('scripted', solved, split(kind).domain), 4),
    );

  it('has three splits: the RL domain, another math family it never saw, and maze', () => {
    expect(SUITE_F.splits.map((s) => [s.kind, s.domain, s.difficulty])).toEqual([
      ['in', 'math', 1],
      ['near', 'math', 2],
      ['out', 'maze', 1],
    ]);
    expect(SUITE_F.sizes.full.inDistribution).toBe(1000);
    // The first suite keeps its two splits, so its committed report still reproduces.
    expect(SPLITS.map((s) => s.kind)).toEqual(['in', 'out']);
  });

  it('tests the teacher-modelling model as its own teacher against its no-feedback and unary controls', () => {
    const self = specs.filter((s) => s.a.method === 'f-rl2f-tm');
    expect(self.map((s) => [s.a.condition, s.b.method, s.b.condition, s.split, s.k])).toEqual([
      ['self', 'f-rl2f-tm', 'none', 'in', 'K'],
      ['self', 'f-rl2f-tm', 'unary', 'in', 'K'],
    ]);
    expect(SUITE_F.methods.find((m) => m.name === 'f-rl2f-tm')).toMatchObject({ selfTeacher: true, recipe: 'recipes/f/train-rl2f-tm.sh' });
  });

  it('compares RL²F with single-turn RL matched by steps and by tokens, and with unary-trained RL²F, on every split', () => {
    for (const where of ['in distribution', 'near out of distribution', 'out of distribution']) {
      for (const single of ['f-rl-single', 'f-rl-single-tokens'])
        expect(specs.some((s) => s.claim.endsWith(`(${where})`) && s.a.method === 'f-rl2f' && s.b.method === single && s.k === 'K')).toBe(
          true,
        );
      const unary = specs.find((s) => s.b.method === 'f-rl2f-unary' && s.claim.endsWith(`(${where})`))!;
      expect(unary).toMatchObject({ a: { method: 'f-rl2f', condition: 'scripted' }, b: { condition: 'scripted' }, rule: 'a-above' });
    }
    // The first suite's list is untouched by the second's.
    expect(paperComparisons().every((s) => !s.a.method.startsWith('f-'))).toBe(true);
  });

  it('shows both matchings: RL²F can beat single-turn RL at matched steps and still tie it at matched tokens', () => {
    const cells = cellsOn('in', {
      'f-rl2f': pattern(200, 40, 80),
      'f-rl-single': pattern(200, 40, 5),
      'f-rl-single-tokens': pattern(200, 60, 55),
    });
    const steps = compare(spec('RL²F above single-turn RL (matched steps) at turn K, 95% intervals apart (in distribution)'), cells, 4, 1)!;
    const tokens = compare(
      spec('RL²F above single-turn RL (matched tokens) at turn K, 95% intervals apart (in distribution)'),
      cells,
      4,
      1,
    )!;
    expect(steps).toMatchObject({ b: { method: 'f-rl-single' }, k: 4, estimate: 0.375, holds: true });
    expect(tokens).toMatchObject({ b: { method: 'f-rl-single-tokens' }, k: 4, estimate: 0.025, holds: false });
    expect(tokens.wilsonOverlap).toBe(true);
    // Turn 1 at matched tokens: 20% against 30%, a clear difference, so "≈" does not hold.
    expect(compare(spec('RL²F ≈ single-turn RL (matched tokens) at turn 1 (in distribution)'), cells, 4, 1)!.holds).toBe(false);
    expect(compare(spec('RL²F ≈ single-turn RL (matched steps) at turn 1 (in distribution)'), cells, 4, 1)!.holds).toBe(true);
  });

  it('separates reading the feedback from retrying: scripted-trained minus unary-trained RL²F, per split', () => {
    const nearCells = cellsOn('near', { 'f-rl2f': pattern(150, 30, 60), 'f-rl2f-unary': pattern(150, 30, 10) });
    const outCells = cellsOn('out', { 'f-rl2f': pattern(150, 30, 11), 'f-rl2f-unary': pattern(150, 30, 10) });
    const claim = (where: string) =>
      spec(`RL²F trained with the scripted teacher above RL²F trained with the unary one, scripted teacher at turn K (${where})`);
    const near = compare(claim('near out of distribution'), [...nearCells, ...outCells], 4, 1)!;
    expect(near).toMatchObject({ split: 'near', domain: 'math', pairedTasks: 150, holds: true });
    expect(near.estimate).toBeCloseTo(50 / 150, 6);
    const out = compare(claim('out of distribution'), [...nearCells, ...outCells], 4, 1)!;
    expect(out).toMatchObject({ split: 'out', domain: 'maze', holds: false });
    expect(out.estimate).toBeCloseTo(1 / 150, 6);
    // No in-distribution cells: that comparison is left out, not made up.
    expect(compare(claim('in distribution'), [...nearCells, ...outCells], 4, 1)).toBeNull();
  });

  it('writes report.md with a table per split, the suite f labels and 1,000 tasks in distribution', () => {
    const cells = [
      ...cellsOn('in', { 'base-f': pattern(10, 2, 0), 'f-rl2f': pattern(10, 2, 5), 'f-rl-single-tokens': pattern(10, 2, 1) }),
      ...cellsOn('near', { 'f-rl2f': pattern(10, 1, 3) }),
      ...cellsOn('out', { 'f-rl2f': pattern(10, 0, 1) }),
    ];
    const result: ReproduceResult = {
      schemaVersion: 1,
      suite: 'f',
      mode: 'full',
      trained: false,
      tasksPerDomain: 500,
      tasksInDistribution: 1000,
      turns: 4,
      seed: 1,
      seconds: 60,
      resumedRuns: 0,
      startingModel: 'models/base-f',
      training: [],
      cells,
      comparisons: paperComparisons('f').flatMap((s) => compare(s, cells, 4, 1) ?? []),
    };
    const md = reproduceMarkdown(result);
    expect(md).toContain('# RL²F reproduction, suite f (full, shipped models)');
    expect(md).toContain('1000 generated tasks in distribution and 500 on each other split');
    expect(md).toContain('## Table 1. In distribution (math d1)');
    expect(md).toContain('## Table 2. Near out of distribution (math d2)');
    expect(md).toContain('## Table 3. Out of distribution (maze)');
    expect(md).toContain('## Table 6. What the models do after a wrong attempt (math d1)');
    expect(md).toMatch(/\| single-turn RL, matched tokens\s+\| 20\.0/);
    expect(md).toContain('RL²F above single-turn RL (matched tokens) at turn 2 (in distribution)');
    expect(md).not.toContain('not models/base-f');
    // A partial reproduction names what it left out.
    const untested = paperComparisons('f').length - result.comparisons.length;
    expect(untested).toBeGreaterThan(0);
    expect(md).toContain(
      `Not evaluated here: f-sft-single, f-rl-single, f-rl2f-unary, f-rl2f-tm. ${untested} of the suite's ${paperComparisons('f').length} expectations need them and are not tested.`,
    );
  });
});
