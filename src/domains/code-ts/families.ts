import type { Rng } from '../../core/types.js';

// Small TypeScript function tasks for the generator. Each family draws its parameters, writes a
// specification with a declared signature, a reference solution in TypeScript, and computes its
// tests' expected values on the host (the contract test checks the reference passes them).

export interface TsFunctionTask {
  name: string;
  signature: string;
  /** Declarations the signature needs (interfaces, aliases); '' when none. */
  declarations: string;
  description: string;
  reference: string;
  inputs: unknown[][];
  expected: (args: unknown[]) => unknown;
}

export interface TsFamily {
  id: string;
  difficulty: number;
  make(rng: Rng): TsFunctionTask;
}

export const CODE_TS_DIFFICULTIES = [1, 2, 3] as const;

const WORDS = ['apple', 'river', 'stone', 'cloud', 'green', 'tiger', 'lemon', 'house', 'music', 'paper', 'ocean', 'plant'];
const ints = (rng: Rng, n: number, lo: number, hi: number): number[] => Array.from({ length: n }, () => rng.int(lo, hi));
const intLists = (rng: Rng, count: number, lo: number, hi: number): unknown[][] =>
  Array.from({ length: count }, () => [ints(rng, rng.int(0, 6), lo, hi)]);
const words = (rng: Rng, n: number): string[] => Array.from({ length: n }, () => rng.pick(WORDS));

export const TS_FAMILIES: TsFamily[] = [
  {
    id: 'scale-and-shift',
    difficulty: 1,
    make(rng) {
      const a = rng.int(2, 9);
      const b = rng.int(1, 20);
      const name = `scale${a}Plus${b}`;
      return {
        name,
        signature: '(n: number) => number',
        declarations: '',
        description: `returns n times ${a}, plus ${b}.`,
        reference: `function ${name}(n: number): number {\n  return n * ${a} + ${b};\n}\n`,
        inputs: ints(rng, 5, -30, 30).map((n) => [n]),
        expected: ([n]) => (n as number) * a + b,
      };
    },
  },
  {
    id: 'repeat-word',
    difficulty: 1,
    make(rng) {
      const sep = rng.pick(['-', '+', '.', ':']);
      const name = `repeatWith${['Dash', 'Plus', 'Dot', 'Colon'][['-', '+', '.', ':'].indexOf(sep)]}`;
      return {
        name,
        signature: '(word: string, times: number) => string',
        declarations: '',
        description: `returns \`word\` repeated \`times\` times, joined by "${sep}" (an empty string when times is 0).`,
        reference: `function ${name}(word: string, times: number): string {\n  return Array.from({ length: times }, () => word).join(${JSON.stringify(sep)});\n}\n`,
        inputs: words(rng, 5).map((w) => [w, rng.int(0, 4)]),
        expected: ([w, t]) => Array.from({ length: t as number }, () => w).join(sep),
      };
    },
  },
  {
    id: 'sum-multiples',
    difficulty: 2,
    make(rng) {
      const k = rng.int(2, 5);
      const name = `sumOfMultiplesOf${k}`;
      return {
        name,
        signature: '(xs: number[]) => number',
        declarations: '',
        description: `returns the sum of the elements of xs that are multiples of ${k} (0 for none).`,
        reference: `function ${name}(xs: number[]): number {\n  let total = 0;\n  for (const x of xs) if (x % ${k} === 0) total += x;\n  return total;\n}\n`,
        inputs: intLists(rng, 6, -20, 40),
        expected: ([xs]) => (xs as number[]).filter((x) => x % k === 0).reduce((s, x) => s + x, 0),
      };
    },
  },
  {
    id: 'longest-words',
    difficulty: 2,
    make(rng) {
      const n = rng.int(2, 3);
      const name = `longest${n}Words`;
      return {
        name,
        signature: '(words: string[]) => string[]',
        declarations: '',
        description: `returns the ${n} longest words of \`words\`, longest first; words of equal length keep their original order. Fewer when there are fewer words.`,
        reference: `function ${name}(words: string[]): string[] {\n  return words\n    .map((w, i) => ({ w, i }))\n    .sort((a, b) => b.w.length - a.w.length || a.i - b.i)\n    .slice(0, ${n})\n    .map((e) => e.w);\n}\n`,
        inputs: Array.from({ length: 5 }, () => [
          Array.from({ length: rng.int(0, 5) }, () => rng.pick([...WORDS, 'fig', 'kiwi', 'banana', 'cherry'])),
        ]),
        expected: ([ws]) =>
          (ws as string[])
            .map((w, i) => ({ w, i }))
            .sort((a, b) => b.w.length - a.w.length || a.i - b.i)
            .slice(0, n)
            .map((e) => e.w),
      };
    },
  },
  {
    id: 'inventory-total',
    difficulty: 3,
    make(rng) {
      const discount = rng.int(1, 4) * 5;
      const name = `orderTotal${discount}`;
      const item = () => ({ name: rng.pick(WORDS), price: rng.int(1, 40), quantity: rng.int(0, 5) });
      return {
        name,
        signature: '(items: LineItem[]) => number',
        declarations: 'interface LineItem {\n  name: string;\n  price: number;\n  quantity: number;\n}\n',
        description: `returns the order's total, the sum of price × quantity over the items, less ${discount}% when that sum is over 100; rounded to 2 decimals.`,
        reference: `function ${name}(items: LineItem[]): number {\n  const sum = items.reduce((s, it) => s + it.price * it.quantity, 0);\n  const total = sum > 100 ? sum * (1 - ${discount} / 100) : sum;\n  return Math.round(total * 100) / 100;\n}\n`,
        inputs: Array.from({ length: 5 }, () => [Array.from({ length: rng.int(0, 5) }, item)]),
        expected: ([items]) => {
          const sum = (items as Array<{ price: number; quantity: number }>).reduce((s, it) => s + it.price * it.quantity, 0);
          const total = sum > 100 ? sum * (1 - discount / 100) : sum;
          return Math.round(total * 100) / 100;
        },
      };
    },
  },
  {
    id: 'group-by-initial',
    difficulty: 3,
    make(rng) {
      const upper = rng.next() < 0.5;
      const name = upper ? 'groupByUpperInitial' : 'groupByInitial';
      return {
        name,
        signature: '(words: string[]) => Record<string, string[]>',
        declarations: '',
        description: `groups \`words\` by their first letter${upper ? ' in upper case' : ''}: an object from each initial to the words starting with it, in their original order (empty words are skipped).`,
        reference: `function ${name}(words: string[]): Record<string, string[]> {\n  const groups: Record<string, string[]> = {};\n  for (const w of words) {\n    if (!w) continue;\n    const key = w[0]${upper ? '.toUpperCase()' : ''};\n    (groups[key] ??= []).push(w);\n  }\n  return groups;\n}\n`,
        inputs: Array.from({ length: 5 }, () => [words(rng, rng.int(0, 6))]),
        expected: ([ws]) => {
          const groups: Record<string, string[]> = {};
          for (const w of ws as string[]) {
            if (!w) continue;
            const key = upper ? (w[0] as string).toUpperCase() : (w[0] as string);
            groups[key] ??= [];
            groups[key].push(w);
          }
          return groups;
        },
      };
    },
  },
];
