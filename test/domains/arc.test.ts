import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/random.js';
import type { Task } from '../../src/core/types.js';
import { applyRule, arcDomain, extractGrid, type ArcPrivileged } from '../../src/domains/arc/index.js';
import { renderGrid, type Grid } from '../../src/domains/arc/grid.js';
import { PLAIN_RULES, type RuleSpec } from '../../src/domains/arc/rules.js';

const domain = arcDomain;
const where = { file: 'a.jsonl', line: 3 };

describe('arc rules', () => {
  const g: Grid = [
    [1, 2, 0],
    [0, 3, 0],
  ];
  it('transform grids as named', () => {
    expect(applyRule({ kind: 'flip-horizontal' }, g)).toEqual([
      [0, 2, 1],
      [0, 3, 0],
    ]);
    expect(applyRule({ kind: 'flip-vertical' }, g)).toEqual([
      [0, 3, 0],
      [1, 2, 0],
    ]);
    expect(applyRule({ kind: 'rotate-90' }, g)).toEqual([
      [0, 1],
      [3, 2],
      [0, 0],
    ]);
    expect(applyRule({ kind: 'rotate-270' }, g)).toEqual([
      [0, 0],
      [2, 3],
      [1, 0],
    ]);
    expect(applyRule({ kind: 'transpose' }, g)).toEqual([
      [1, 0],
      [2, 3],
      [0, 0],
    ]);
    expect(applyRule({ kind: 'gravity', direction: 'down' }, g)).toEqual([
      [0, 2, 0],
      [1, 3, 0],
    ]);
    expect(applyRule({ kind: 'gravity', direction: 'right' }, g)).toEqual([
      [0, 1, 2],
      [0, 0, 3],
    ]);
    expect(applyRule({ kind: 'gravity', direction: 'left' }, [[0, 1, 0, 2]])).toEqual([[1, 2, 0, 0]]);
    expect(
      applyRule(
        {
          kind: 'recolour',
          mapping: [
            [1, 5],
            [3, 7],
          ],
        },
        g,
      ),
    ).toEqual([
      [5, 2, 0],
      [0, 7, 0],
    ]);
    expect(
      applyRule({ kind: 'crop' }, [
        [0, 0, 0],
        [0, 4, 0],
        [0, 0, 5],
      ]),
    ).toEqual([
      [4, 0],
      [0, 5],
    ]);
    expect(applyRule({ kind: 'scale-2' }, [[1, 2]])).toEqual([
      [1, 1, 2, 2],
      [1, 1, 2, 2],
    ]);
    const ring: Grid = [
      [2, 2, 2, 0],
      [2, 0, 2, 0],
      [2, 2, 2, 0],
    ];
    expect(applyRule({ kind: 'fill-enclosed', colour: 6 }, ring)).toEqual([
      [2, 2, 2, 0],
      [2, 6, 2, 0],
      [2, 2, 2, 0],
    ]);
  });
});

// Determinism, round trips of the native format, the reference verifying and scripted feedback never
// leaking (nor quoting the grid) are checked for every domain in contract.test.ts.

describe('arc generator', () => {
  it('makes consistent, non-trivial tasks at every level: the rule maps every example and the test', () => {
    const kinds = new Set<string>();
    for (const difficulty of domain.difficulties) {
      for (const task of domain.generate({ n: 100, seed: 1, difficulty })) {
        const { rule, train, testInput, output, answer } = task.privileged;
        expect(rule).toBeDefined();
        kinds.add(rule!.kind === 'then' ? `then:${rule!.first.kind}` : rule!.kind);
        expect(train).toHaveLength(3);
        for (const e of train) {
          expect(applyRule(rule!, e.input)).toEqual(e.output);
          expect(e.output).not.toEqual(e.input);
          expect(task.prompt).toContain(renderGrid(e.input));
        }
        expect(applyRule(rule!, testInput)).toEqual(output);
        expect(output).not.toEqual(testInput);
        expect(answer).toBe(renderGrid(output));
        // The examples pin the answer down: no rival rule fits them and answers differently.
        const rivals: RuleSpec[] =
          rule!.kind === 'then'
            ? PLAIN_RULES.map((first) => ({ kind: 'then', first, second: (rule as { second: RuleSpec }).second }))
            : PLAIN_RULES;
        for (const rival of rivals) {
          if (train.every((e) => JSON.stringify(applyRule(rival, e.input)) === JSON.stringify(e.output))) {
            expect(applyRule(rival, testInput)).toEqual(output);
          }
        }
        const size = testInput.length;
        if (difficulty === 1) expect(size).toBe(3);
      }
    }
    for (const kind of ['flip-horizontal', 'rotate-90', 'transpose', 'gravity', 'recolour', 'fill-enclosed', 'crop', 'scale-2']) {
      expect(kinds.has(kind), kind).toBe(true);
    }
  });
});

describe('arc extraction', () => {
  const want = [
    [1, 2, 3],
    [4, 5, 6],
  ];
  const cases: Array<[string, Grid | null]> = [
    ['Answer:\n1 2 3\n4 5 6', want],
    ['The rule flips things.\nAnswer:\n```\n1 2 3\n4 5 6\n```\nThat is my grid.', want],
    ['Answer: 1 2 3\n4 5 6', want],
    ['Answer:\n123\n456', want],
    ['Answer:\n1,2,3\n4,5,6', want],
    ['Answer:\n| 1 | 2 | 3 |\n| 4 | 5 | 6 |', want],
    ['Answer: [[1,2,3],[4,5,6]]', want],
    ['Answer: 123/456', want],
    ['Input was\n0 0 0\n0 0 0\nSo the output is\n1 2 3\n4 5 6', want],
    ['Row 1: 1 2 3\nRow 2: 4 5 6', want],
    [
      'Answer:\n1 2 3\n4 5',
      [
        [1, 2, 3],
        [4, 5],
      ],
    ],
    ['I am not sure what the rule is.', null],
  ];
  it.each(cases)('%j', (text, expected) => {
    expect(extractGrid(text)).toEqual(expected);
  });
});

function task(): Task<ArcPrivileged> {
  const record = {
    train: [
      {
        input: [
          [1, 0],
          [0, 0],
        ],
        output: [
          [0, 1],
          [0, 0],
        ],
      },
      {
        input: [
          [0, 2],
          [3, 0],
        ],
        output: [
          [2, 0],
          [0, 3],
        ],
      },
    ],
    test: [
      {
        input: [
          [3, 0, 0],
          [0, 4, 0],
          [5, 0, 0],
        ],
        output: [
          [0, 0, 3],
          [0, 4, 0],
          [0, 0, 5],
        ],
      },
    ],
  };
  return domain.parseRecord(record, where);
}

describe('arc verification', () => {
  const t = task();
  it('judges size, shape and cells', () => {
    expect(domain.verify(t, 'Answer:\n0 0 3\n0 4 0\n0 0 5').correct).toBe(true);
    expect(domain.verify(t, 'Answer:\n0 0 3\n0 4 0').details).toMatchObject({
      outcome: 'size',
      got: { rows: 2, cols: 3 },
      expected: { rows: 3, cols: 3 },
    });
    expect(domain.verify(t, 'Answer:\n0 0 3\n0 4\n0 0 5').details).toMatchObject({ outcome: 'ragged', rowLengths: [3, 2, 3] });
    expect(domain.verify(t, 'Answer:\n3 0 0\n0 4 0\n0 0 5').details).toMatchObject({
      outcome: 'cells',
      wrongCells: [
        [0, 0],
        [0, 2],
      ],
    });
    expect(domain.verify(t, 'no grid').details.outcome).toBe('no-answer');
  });
  it('points at the region of the mistakes without giving colours', () => {
    const v = domain.verify(t, 'Answer:\n3 0 0\n0 4 0\n0 0 5');
    const texts = Array.from({ length: 20 }, (_, i) => domain.scriptedFeedback(t, v, createRng(i)));
    expect(texts.some((f) => /within row 1 and columns 1–3/.test(f))).toBe(true);
    expect(texts.some((f) => /Row 1 holds mistakes/.test(f))).toBe(true);
    expect(texts.some((f) => /columns 1 and 3/.test(f))).toBe(true);
    const one = domain.verify(t, 'Answer:\n0 0 3\n0 4 0\n0 0 6');
    expect(domain.scriptedFeedback(t, one, createRng(1))).toMatch(/row 3, column 3/);
  });
  it('compares answers as grids', () => {
    expect(domain.sameAnswer('1 2\n3 4', '[[1,2],[3,4]]')).toBe(true);
    expect(domain.sameAnswer('1 2\n3 4', '1 2\n3 5')).toBe(false);
  });
});

describe('arc task records', () => {
  it('names the bad field of an ARC record', () => {
    expect(() => domain.parseRecord({ train: [], test: [] }, where)).toThrow(/a\.jsonl:3: field "train"/);
    expect(() =>
      domain.parseRecord({ train: [{ input: [[1]], output: [[1, 2], [3]] }], test: [{ input: [[1]], output: [[1]] }] }, where),
    ).toThrow(/field "train\.0\.output": all rows must have the same length/);
    expect(() => domain.parseRecord({ train: [{ input: [[10]], output: [[1]] }], test: [{ input: [[1]], output: [[1]] }] }, where)).toThrow(
      /field "train\.0\.input\.0\.0"/,
    );
  });
});

describe('arc leak check', () => {
  const t = task();
  it('catches the output grid in any layout', () => {
    expect(domain.leaks(t, 'It should be:\n0 0 3\n0 4 0\n0 0 5')).toBe(true);
    expect(domain.leaks(t, 'Expected [[0,0,3],[0,4,0],[0,0,5]].')).toBe(true);
    expect(domain.leaks(t, 'rows 003/040/005')).toBe(true);
    expect(domain.leaks(t, 'answer 003040005')).toBe(true);
  });
  it('catches wording that names a generated rule', () => {
    const [flip] = domain.generate({ n: 1, seed: 1, difficulty: 1 }).filter((x) => x.privileged.rule?.kind.startsWith('flip'));
    const target = flip ?? domain.generate({ n: 20, seed: 1, difficulty: 1 }).find((x) => x.privileged.rule?.kind.startsWith('flip'))!;
    expect(domain.leaks(target, 'Think of a mirror image.')).toBe(true);
    expect(domain.leaks(target, 'Rows 1 and 2 hold mistakes.')).toBe(false);
  });
  it('handles tiny outputs without flagging row and column numbers', () => {
    const tiny = domain.parseRecord({ train: [{ input: [[1]], output: [[1, 1]] }], test: [{ input: [[3]], output: [[3, 4]] }] }, where);
    expect(domain.leaks(tiny, 'Output: 3 4')).toBe(true);
    expect(domain.leaks(tiny, '[[3,4]]')).toBe(true);
    expect(domain.leaks(tiny, 'Only one cell is wrong, at row 1, column 2.')).toBe(false);
    expect(domain.leaks(tiny, 'Your grid has 3 rows; the output has 1 row and 2 columns, not 4.')).toBe(false);
  });
  it('lets region feedback through', () => {
    expect(domain.leaks(t, '2 of the 9 cells are wrong, all within row 1 and columns 1–3.')).toBe(false);
    expect(domain.leaks(t, 'Wrong size: the output has 3 rows and 3 columns; yours has 2 and 3.')).toBe(false);
  });
});
