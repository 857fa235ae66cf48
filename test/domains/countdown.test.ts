import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/random.js';
import type { Task } from '../../src/core/types.js';
import {
  countdownDomain,
  evaluateExpression,
  reachableValues,
  solves,
  type CountdownPrivileged,
} from '../../src/domains/countdown/index.js';
import { COUNTDOWN_LEVELS } from '../../src/domains/countdown/generate.js';

const domain = countdownDomain;
const where = { file: 'c.jsonl', line: 1 };
const round = (numbers: number[], target: number): Task<CountdownPrivileged> => domain.parseRecord({ numbers, target }, where);

// Determinism, round trips, the reference verifying and scripted feedback never leaking (nor quoting
// the reference) are checked for every domain in contract.test.ts.

describe('countdown generator', () => {
  it('makes only solvable rounds, within each level, with a reference solution the checker accepts', () => {
    for (const difficulty of domain.difficulties) {
      const level = COUNTDOWN_LEVELS[difficulty]!;
      for (const task of domain.generate({ n: difficulty === 4 ? 25 : 100, seed: 1, difficulty })) {
        const { numbers, target, answer, fewestNumbers } = task.privileged;
        expect(numbers).toHaveLength(level.large + level.small);
        expect(target).toBeGreaterThanOrEqual(level.min);
        expect(target).toBeLessThanOrEqual(level.max);
        expect(numbers).not.toContain(target);
        expect(fewestNumbers).toBeGreaterThanOrEqual(level.minUsed);
        expect(solves(answer, numbers, target)).toBe(true);
        expect(task.prompt).toContain(`make ${target}`);
        expect(task.prompt).not.toContain(answer);
      }
    }
  });
});

describe('countdown search', () => {
  it('finds every value of a small set and nothing else', () => {
    // 2 and 3: 2, 3, 2+3, 3-2, 2×3 (3÷2 is not whole).
    expect([...reachableValues([2, 3]).keys()].sort((a, b) => a - b)).toEqual([1, 2, 3, 5, 6]);
  });
  it('every expression it keeps is accepted by the checker with the value it claims', () => {
    const rng = createRng(3);
    for (let i = 0; i < 20; i++) {
      const numbers = Array.from({ length: 4 }, () => rng.int(1, 12));
      for (const [value, solution] of reachableValues(numbers)) {
        expect(solves(solution.expression, numbers, value)).toBe(true);
      }
    }
  });
  it('refuses a round that cannot be solved, naming the field', () => {
    expect(() => round([1, 1], 100)).toThrow(/c\.jsonl:1: field "target": 100 cannot be made from 1, 1/);
  });
});

describe('countdown expression checking (math.js parse, whitelist walk, no eval)', () => {
  const cases: Array<[string, string]> = [
    ['(1+2)*(3+4)', 'ok:21'],
    ['(1 + 2)(3 + 4)', 'ok:21'],
    ['10 − 4 × 2', 'ok:2'],
    ['12 ÷ 4 + 1', 'ok:4'],
    ['3 \\times 4', 'ok:12'],
    ['3 x 4', 'ok:12'],
    ['2 - 5 + 10', 'ok:7'],
    ['7/2*2', 'non-integer-division'],
    ['4/(2-2)', 'division-by-zero'],
    ['2^3', 'disallowed'],
    ['x + 1', 'disallowed'],
    ['sqrt(4)', 'disallowed'],
    ['-3 + 7', 'disallowed'],
    ['3!', 'disallowed'],
    ['process.exit(1)', 'disallowed'],
    ['[1, 2]', 'syntax'],
    ['3.5 * 2', 'not-integer'],
    ['(1 + 2', 'syntax'],
    ['2 3', 'syntax'],
  ];
  it.each(cases)('%s → %s', (text, expected) => {
    const e = evaluateExpression(text);
    expect(e.ok ? `ok:${e.value}` : e.problem).toBe(expected);
  });
});

describe('countdown extraction', () => {
  const cases: Array<[string, string | null]> = [
    ['Answer: (25 + 5) × 4', '(25 + 5) × 4'],
    ['Working...\nAnswer: (25+5)*4 = 120', '(25+5)*4'],
    ['Answer: 120 = (25 + 5) × 4', '(25 + 5) × 4'],
    ['\\boxed{(25+5) \\times 4}', '(25+5) \\times 4'],
    ['The answer is $(25+5)\\times 4$.', '(25+5)\\times 4'],
    ['So: (25 + 5) × 4', '(25 + 5) × 4'],
    ['(25 + 5) * 4', '(25 + 5) * 4'],
    ['Answer: **50 + 3**', '50 + 3'],
    ['I cannot do it.', null],
    ['Answer: none', null],
  ];
  it.each(cases)('%j → %j', (text, expected) => {
    expect(domain.extract(text)).toBe(expected);
  });
});

describe('countdown verification names the broken rule', () => {
  const t = round([25, 50, 3, 7, 8, 1], 826);
  const outcome = (attempt: string): string => domain.verify(t, `Answer: ${attempt}`).details.outcome;
  it('judges each kind of attempt', () => {
    expect(outcome('(25 + 50) × (3 + 8) + 1')).toBe('solved');
    expect(outcome('(25 + 5) × 4')).toBe('not-given');
    expect(outcome('25 + 25')).toBe('reused');
    expect(outcome('7 / 3 * 25')).toBe('non-integer-division');
    expect(outcome('50 / (8 - 8)')).toBe('reused');
    expect(outcome('50 / (1 - 1)')).toBe('reused');
    expect(outcome('2^3')).toBe('disallowed');
    expect(outcome('(50 + 3 *')).toBe('syntax');
    expect(outcome('50 * 8 + 25')).toBe('wrong-value');
    expect(domain.verify(t, 'no idea').details.outcome).toBe('no-answer');
  });
  it('reports a number problem before a division problem', () => {
    expect(outcome('50 * 3 + 7 / 2')).toBe('not-given');
  });
  it('allows a number twice when it is given twice', () => {
    const twice = round([3, 3, 7], 63);
    expect(domain.verify(twice, 'Answer: 3 × 3 × 7').correct).toBe(true);
    expect(domain.verify(twice, 'Answer: 3 × 3 × 3 × 7').details).toMatchObject({
      outcome: 'reused',
      number: 3,
      timesUsed: 3,
      timesGiven: 2,
    });
  });
  it('says how far off a legal expression is, and which way', () => {
    const v = domain.verify(t, 'Answer: 50 * 8 + 25');
    expect(v.details).toMatchObject({ value: 425, difference: -401 });
    expect(domain.scriptedFeedback(t, v, createRng(1))).toMatch(/425.*826.*401 (?:too low|short)/);
  });
  it('compares answers as written, ignoring spacing and operator spelling', () => {
    expect(domain.sameAnswer('(25+5)*4', '(25 + 5) × 4')).toBe(true);
    expect(domain.sameAnswer('25+5*4', '(25+5)*4')).toBe(false);
  });
});

describe('countdown leak check', () => {
  const t = round([25, 50, 3, 7, 8, 1], 826);
  it('catches the reference and any other solution written in the text', () => {
    expect(domain.leaks(t, `Try ${t.privileged.answer}.`)).toBe(true);
    expect(domain.leaks(t, 'Hint: (25+50)*(3+8)+1 works.')).toBe(true);
    expect(domain.leaks(t, 'what about (50 + 25) x (8 + 3) + 1?')).toBe(true);
    expect(domain.leaks(t, 'You need 1 + (8 + 3) × (50 + 25), nothing else.')).toBe(true);
    expect(domain.leaks(t, 'Start from (3 + 8) × (25 + 50), then add 1... i.e. (3 + 8) × (25 + 50) + 1')).toBe(true);
  });
  it('finds a solution buried in a long run of numbers', () => {
    const noise = Array.from({ length: 200 }, (_, i) => String(i % 10)).join(' ');
    expect(domain.leaks(t, `${noise} (25+50)*(3+8)+1 ${noise}`)).toBe(true);
    expect(domain.leaks(t, `${noise} ${noise}`)).toBe(false);
  });
  it('does not flag the target, distances, or expressions that miss', () => {
    expect(domain.leaks(t, 'The target is 826; you are 14 short.')).toBe(false);
    expect(domain.leaks(t, 'Your expression comes to 825.')).toBe(false);
    expect(domain.leaks(t, '(25 + 50) × (3 + 8) is close but not there.')).toBe(false);
    expect(domain.leaks(t, 'You used 25 twice.')).toBe(false);
  });
});

describe("countdown under TinyZero's rules (nums)", () => {
  const where = { file: 't.parquet', line: 3, unit: 'row' as const };
  const tz = (nums: number[], target: number) => countdownDomain.parseRecord({ nums, target }, where);

  it('needs every number exactly once and allows fractions on the way', () => {
    const task = tz([1, 3, 4, 6], 24); // only 6 / (1 - 3/4) makes it
    expect(task.privileged).toMatchObject({ rules: 'tinyzero', numbers: [1, 3, 4, 6] });
    expect(countdownDomain.verify(task, `Answer: ${task.privileged.answer}`).correct).toBe(true);
    expect(countdownDomain.verify(task, 'Answer: 6 / (1 - 3/4)').correct).toBe(true);
    expect(countdownDomain.verify(task, 'Answer: 6 × 4').details).toMatchObject({ outcome: 'unused' });
    expect(countdownDomain.verify(task, 'Answer: 6 × 4 × 1 × 3').details).toMatchObject({ outcome: 'wrong-value', value: 72 });
    expect(() => tz([1, 1], 100)).toThrow('t.parquet:row 3: field "target": 100 cannot be made from 1, 1 using each number exactly once');
  });

  it('leak check: an expression solving the round under these rules leaks, a partial one does not', () => {
    const task = tz([1, 3, 4, 6], 24);
    expect(countdownDomain.leaks(task, 'Try 6 / (1 - 3 / 4).')).toBe(true);
    expect(countdownDomain.leaks(task, 'You left out 1 and 3; 6 × 4 uses only two numbers.')).toBe(false);
  });
});
