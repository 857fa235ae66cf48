import Fraction from 'fraction.js';
import { createRng, deriveSeed } from '../../core/random.js';
import type { Rng, Task } from '../../core/types.js';
import type { MathPrivileged, MathStep } from './types.js';

// Seeded problem generators that know their worked solution step by step, so the scripted
// teacher can point at the first wrong step. Step descriptions name operations on quantities
// from the problem statement only, never an intermediate value: a description such as
// "divide 36 by 4" would hand the student the answer in one step.
//
// Difficulty levels, easiest first:
//   1  one operation on two small numbers          ("What is 23 + 45?")
//   2  three-step arithmetic                        ("Compute (12 + 7) × 3 − 5.")
//   3  linear equations with an integer solution    ("Solve for x: 4x + 7 = 31.")
//   4  fraction word problems                        (fractions of a quantity, of what is left)
//   5  multi-step word problems with percentages    (discount, then tax, …)

export const MATH_DIFFICULTIES = [1, 2, 3, 4, 5] as const;
export const MATH_FAMILIES = ['one-step', 'arithmetic', 'linear', 'fractions', 'percent'] as const;

interface Draft {
  prompt: string;
  steps: MathStep[];
  family: string;
}

// Money reads best as a decimal (17.5), a share of a cake as a fraction (3/4).
const fmt = (f: Fraction, style: 'decimal' | 'fraction'): string => {
  const terminating = /^-?\d+(\.\d+)?$/.test(f.toString());
  return terminating && style === 'decimal' ? f.toString() : f.toFraction();
};
const step = (description: string, value: Fraction, style: 'decimal' | 'fraction' = 'decimal'): MathStep => ({
  description,
  value: fmt(value, style),
});

function oneStep(rng: Rng): Draft {
  const op = rng.pick(['+', '-', '*'] as const);
  if (op === '*') {
    const a = rng.int(2, 9);
    const b = rng.int(3, 19);
    return { family: 'one-step', prompt: `What is ${a} × ${b}?`, steps: [step(`multiply ${a} by ${b}`, new Fraction(a * b))] };
  }
  const a = rng.int(10, 99);
  const b = rng.int(10, 99);
  if (op === '+') {
    return { family: 'one-step', prompt: `What is ${a} + ${b}?`, steps: [step(`add ${a} and ${b}`, new Fraction(a + b))] };
  }
  const [hi, lo] = a >= b ? [a, b] : [b, a];
  return { family: 'one-step', prompt: `What is ${hi} − ${lo}?`, steps: [step(`subtract ${lo} from ${hi}`, new Fraction(hi - lo))] };
}

function arithmetic(rng: Rng): Draft {
  const a = rng.int(2, 30);
  const b = rng.int(2, 30);
  const c = rng.int(2, 9);
  const d = rng.int(1, 40);
  const sum = a + b;
  const product = sum * c;
  const minus = rng.next() < 0.5;
  const result = minus ? product - d : product + d;
  return {
    family: 'arithmetic',
    prompt: `Compute (${a} + ${b}) × ${c} ${minus ? '−' : '+'} ${d}.`,
    steps: [
      step(`add ${a} and ${b} inside the brackets`, new Fraction(sum)),
      step(`multiply that sum by ${c}`, new Fraction(product)),
      step(`${minus ? 'subtract' : 'add'} ${d}`, new Fraction(result)),
    ],
  };
}

function linear(rng: Rng): Draft {
  const x = rng.int(-12, 15) || 7;
  const a = rng.pick([2, 3, 4, 5, 6, 7, 8, 9, -2, -3, -4, -5]);
  const b = rng.int(-30, 30) || 11;
  const c = a * x + b;
  const bText = b >= 0 ? `+ ${b}` : `− ${-b}`;
  return {
    family: 'linear',
    prompt: `Solve for x: ${a}x ${bText} = ${c}.`,
    steps: [
      step(b >= 0 ? `subtract ${b} from both sides` : `add ${-b} to both sides`, new Fraction(c - b)),
      step(`divide both sides by ${a}`, new Fraction(x)),
    ],
  };
}

const NAMES = ['Ana', 'Ben', 'Chen', 'Dina', 'Eli', 'Fatima', 'Goran', 'Hana', 'Ivo', 'Jun'];

function fractions(rng: Rng): Draft {
  const [p, q] = rng.pick([
    [1, 4],
    [1, 3],
    [2, 5],
    [1, 6],
    [3, 8],
    [1, 5],
    [2, 7],
  ] as const);
  const [r, s] = rng.pick([
    [1, 2],
    [2, 3],
    [1, 3],
    [3, 4],
    [1, 4],
    [2, 5],
  ] as const);
  const first = rng.pick(NAMES);
  const second = rng.pick(NAMES.filter((n) => n !== first));
  const eaten = new Fraction(p, q);
  const left = new Fraction(1).sub(eaten);
  const secondEats = new Fraction(r, s).mul(left);
  const remaining = left.sub(secondEats);
  return {
    family: 'fractions',
    prompt:
      `${first} eats ${p}/${q} of a cake. Then ${second} eats ${r}/${s} of what is left. ` +
      'What fraction of the whole cake remains? Give the answer as a fraction in lowest terms.',
    steps: [
      step(`find the part left after the first ${p}/${q} is eaten`, left, 'fraction'),
      step(`take ${r}/${s} of that remaining part`, secondEats, 'fraction'),
      step('subtract the second portion from what was left', remaining, 'fraction'),
    ],
  };
}

function percent(rng: Rng): Draft {
  const price = rng.int(4, 40) * 5;
  const discount = rng.pick([10, 20, 25, 30, 40, 50]);
  const tax = rng.pick([5, 10, 20]);
  const off = new Fraction(price * discount, 100);
  const sale = new Fraction(price).sub(off);
  const taxAmount = sale.mul(tax).div(100);
  const final = sale.add(taxAmount);
  const item = rng.pick(['jacket', 'lamp', 'bicycle helmet', 'backpack', 'pair of shoes', 'kettle']);
  return {
    family: 'percent',
    prompt:
      `A ${item} costs $${price}. It is discounted by ${discount}%, and then a sales tax of ${tax}% ` +
      'is added to the discounted price. What is the final price in dollars?',
    steps: [
      step(`compute ${discount}% of the original price`, off),
      step('subtract the discount from the original price', sale),
      step(`compute ${tax}% of the discounted price`, taxAmount),
      step('add the tax to the discounted price', final),
    ],
  };
}

const FAMILY_BY_DIFFICULTY: Record<number, (rng: Rng) => Draft> = {
  1: oneStep,
  2: arithmetic,
  3: linear,
  4: fractions,
  5: percent,
};

/** Numbers written in the problem statement, as exact values. */
export function promptNumbers(prompt: string): string[] {
  return [...prompt.matchAll(/\d+(?:\/\d+)?/g)].map((m) => new Fraction(m[0]).toFraction());
}

export function generateMathTasks(options: { n: number; seed: number; difficulty: number }): Task<MathPrivileged>[] {
  const make = FAMILY_BY_DIFFICULTY[options.difficulty];
  if (!make) throw new RangeError(`math difficulty must be one of ${MATH_DIFFICULTIES.join(', ')}`);
  const tasks: Task<MathPrivileged>[] = [];
  for (let i = 0; i < options.n; i++) {
    const rng = createRng(deriveSeed('math', options.seed, options.difficulty, i));
    let draft = make(rng);
    // An answer that is also a number in the statement would make feedback that names a
    // quantity from the problem look like a leak; draw again (deterministically).
    for (let retry = 0; retry < 20 && answerInPrompt(draft); retry++) draft = make(rng);
    const answer = draft.steps[draft.steps.length - 1]?.value ?? '';
    tasks.push({
      id: `math-d${options.difficulty}-s${options.seed}-${i}`,
      domain: 'math',
      prompt: draft.prompt,
      privileged: {
        answer,
        steps: draft.steps,
        solution: draft.steps.map((s, j) => `${j + 1}. ${capitalize(s.description)}: ${s.value}`).join('\n'),
      },
      metadata: { difficulty: options.difficulty, source: 'generator:math', seed: options.seed, family: draft.family },
    });
  }
  return tasks;
}

function answerInPrompt(draft: Draft): boolean {
  const answer = draft.steps[draft.steps.length - 1]?.value;
  // Compare magnitudes: "-4x" in the statement next to the answer -4 is just as telling.
  return answer !== undefined && promptNumbers(draft.prompt).includes(answer.replace(/^-/, ''));
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
