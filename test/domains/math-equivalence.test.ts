import { describe, expect, it } from 'vitest';
import { equivalent, numericValue } from '../../src/domains/math/equivalence.js';
import { extractMathAnswer, lastBoxed } from '../../src/domains/math/extract.js';

// Pairs are checked in both directions: equivalence must be symmetric, and a grader that
// accepts a wrong answer is as broken as one that rejects a right one.
const SAME: Array<[string, string]> = [
  ['1/2', '0.5'],
  ['\\frac{1}{2}', '0.5'],
  ['\\frac12', '1/2'],
  ['\\dfrac{3}{4}', '0.75'],
  ['\\tfrac34', '3/4'],
  ['-\\frac{3}{4}', '-0.75'],
  ['2 1/2', '2.5'],
  ['2\\frac{1}{2}', '5/2'],
  ['-2 1/2', '-2.5'],
  ['50\\%', '0.5'],
  ['50%', '50'],
  ['25%', '0.25'],
  ['1,000', '1000'],
  ['1,234.5', '1234.5'],
  ['1\\,000', '1000'],
  ['x = 3', '3'],
  ['y=2x+1', '2x+1'],
  ['12 cm', '12'],
  ['12\\text{ cm}', '12'],
  ['3 apples', '3'],
  ['\\frac{3}{4} cups', '0.75'],
  ['90^\\circ', '90'],
  ['90^{\\circ}', '90'],
  ['90°', '90'],
  ['\\$4.50', '4.5'],
  ['$4.50', '4.50'],
  ['7.0', '7'],
  ['007', '7'],
  ['\\boxed{7}', '7'],
  ['$\\frac{1}{3}$', '1/3'],
  ['1/3', '0.333'],
  ['2/3', '0.667'],
  ['x^2+2x+1', '(x+1)^2'],
  ['2x', 'x+x'],
  ['\\sqrt{8}', '2\\sqrt{2}'],
  ['\\frac{\\sqrt{3}}{2}', '\\sqrt{3}/2'],
  ['\\pi/2', '\\frac{\\pi}{2}'],
  ['10^3', '1000'],
  ['(1,2)', '(1, 2)'],
  ['\\left(1,2\\right)', '(1,2)'],
  ['(1/2, 3)', '(0.5, 3)'],
  ['\\{1,2\\}', '\\{2,1\\}'],
  ['1, 2', '2, 1'],
  ['[1,3)', '[1, 3)'],
  ['[0, \\frac{1}{2}]', '[0, 0.5]'],
];

const DIFFERENT: Array<[string, string]> = [
  ['12', '1.2'],
  ['1/2', '2'],
  ['-3', '3'],
  ['3x', '3'],
  ['2', '2x'],
  ['x^2', '2x'],
  ['x+1', 'y+1'],
  ['(1,2)', '(2,1)'],
  ['[1,2]', '(1,2)'],
  ['[1,3)', '[1,3]'],
  ['(1,2)', '1,2'],
  ['\\{1,2\\}', '\\{1,2,3\\}'],
  ['1,000', '1'],
  ['1,2', '12'],
  ['12', '1 2'],
  ['50%', '5'],
  ['2 1/2', '1'],
  ['1/3', '0.33'],
  ['1/3', '0.3'],
  ['3.14', '\\pi'],
  ['\\sqrt{2}', '1.41'],
  ['7', '17'],
  ['0.5', '5'],
  ['100', '1000'],
  ['5 apples', '6'],
  ['-\\frac{3}{4}', '\\frac{3}{4}'],
  ['1/4', '1/2'],
  ['52.5', '52'],
];

describe('math answer equivalence', () => {
  it.each(SAME)('%s ≡ %s', (a, b) => {
    expect(equivalent(a, b)).toBe(true);
    expect(equivalent(b, a)).toBe(true);
  });
  it.each(DIFFERENT)('%s ≢ %s', (a, b) => {
    expect(equivalent(a, b)).toBe(false);
    expect(equivalent(b, a)).toBe(false);
  });
  it('gives numeric values for numbers and none for expressions', () => {
    expect(numericValue('\\frac{3}{4}')).toBeCloseTo(0.75);
    expect(numericValue('1,234')).toBe(1234);
    expect(numericValue('x+1')).toBeNull();
    expect(numericValue('(1,2)')).toBeNull();
  });
  it('does not throw on garbage', () => {
    for (const junk of ['', '}}}{{', '\\frac{', '((((', '\\boxed{', '∑∑∑', 'NaN', '1/0', '6D', 'D1', '3RR']) {
      expect(() => equivalent(junk, '1')).not.toThrow();
    }
    expect(equivalent('1/0', '1')).toBe(false);
    expect(numericValue('6D')).toBeNull();
  });
});

describe('math answer extraction', () => {
  it.each([
    ['The answer is 42.', '42'],
    ['so \\boxed{\\frac{1}{2}} and then more text', '\\frac{1}{2}'],
    ['first \\boxed{3} then \\boxed{\\frac{a}{\\sqrt{2}}}', '\\frac{a}{\\sqrt{2}}'],
    ['I think 3 + 4 = 7', '7'],
    ['Answer: x = 5', 'x = 5'],
    ['blah\n#### 1,234', '1,234'],
    ['It costs $1,000 total', '1,000'],
    ['**Answer:** 17', '17'],
    ['Final answer: 3/4.', '3/4'],
    ['Answer: 12\nWait, no.\nAnswer: 13', '13'],
    ['The result is -2.5', '-2.5'],
  ])('%j → %s', (text, expected) => {
    expect(extractMathAnswer(text)).toBe(expected);
  });
  it('returns null when there is no answer', () => {
    expect(extractMathAnswer('I do not know.')).toBeNull();
    expect(extractMathAnswer('')).toBeNull();
  });
  it('balances nested braces in \\boxed', () => {
    expect(lastBoxed('\\boxed{\\frac{\\sqrt{3}}{2}}')).toBe('\\frac{\\sqrt{3}}{2}');
    expect(lastBoxed('\\boxed{unclosed')).toBeNull();
  });
});
