import type { Rng } from '../../core/types.js';

// Small Python function tasks for the generator. Each family draws its own parameters, writes a
// one-paragraph specification, a reference solution in Python, and computes the expected results
// of its test inputs in TypeScript (a test checks the two agree by running the reference).

export interface FunctionTask {
  name: string;
  params: string[];
  description: string;
  reference: string;
  /** Argument lists of the test calls; the first is shown in the prompt as an example. */
  inputs: unknown[][];
  expected: (args: unknown[]) => unknown;
}

export interface Family {
  id: string;
  difficulty: number;
  make(rng: Rng): FunctionTask;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const WORDS = [
  'apple',
  'river',
  'stone',
  'cloud',
  'green',
  'tiger',
  'lemon',
  'house',
  'music',
  'paper',
  'ocean',
  'plant',
  'light',
  'bread',
  'chair',
];

const ints = (rng: Rng, n: number, lo: number, hi: number): number[] => Array.from({ length: n }, () => rng.int(lo, hi));
const word = (rng: Rng, min = 3, max = 8): string => Array.from({ length: rng.int(min, max) }, () => rng.pick([...LETTERS])).join('');
const lists = (rng: Rng, count: number, lo: number, hi: number, maxLen = 6, minLen = 0): unknown[][] =>
  Array.from({ length: count }, () => [ints(rng, rng.int(minLen, maxLen), lo, hi)]);

export const FAMILIES: Family[] = [
  {
    id: 'add-constant',
    difficulty: 1,
    make(rng) {
      const k = rng.int(2, 9);
      return {
        name: `add_${k}`,
        params: ['n'],
        description: `returns the integer n plus ${k}.`,
        reference: `def add_${k}(n):\n    return n + ${k}\n`,
        inputs: ints(rng, 5, -20, 50).map((n) => [n]),
        expected: ([n]) => (n as number) + k,
      };
    },
  },
  {
    id: 'scale-list',
    difficulty: 1,
    make(rng) {
      const k = rng.int(2, 5);
      return {
        name: `times_${k}`,
        params: ['values'],
        description: `returns a new list with every number in the list values multiplied by ${k}.`,
        reference: `def times_${k}(values):\n    return [v * ${k} for v in values]\n`,
        inputs: lists(rng, 5, -9, 9, 5, 1),
        expected: ([v]) => (v as number[]).map((x) => x * k),
      };
    },
  },
  {
    id: 'count-letter',
    difficulty: 1,
    make(rng) {
      const c = rng.pick([...'aeiou']);
      return {
        name: `count_${c}`,
        params: ['text'],
        description: `returns how many times the letter "${c}" appears in the string text.`,
        reference: `def count_${c}(text):\n    return text.count("${c}")\n`,
        inputs: Array.from({ length: 5 }, () => [word(rng, 2, 10) + (rng.next() < 0.6 ? c : '') + word(rng, 0, 4)]),
        expected: ([t]) => [...(t as string)].filter((x) => x === c).length,
      };
    },
  },
  {
    id: 'largest',
    difficulty: 1,
    make(rng) {
      return {
        name: 'largest',
        params: ['values'],
        description: 'returns the largest number in the non-empty list values.',
        reference: 'def largest(values):\n    return max(values)\n',
        inputs: lists(rng, 5, -30, 30, 6, 1),
        expected: ([v]) => Math.max(...(v as number[])),
      };
    },
  },
  {
    id: 'keep-above',
    difficulty: 2,
    make(rng) {
      const t = rng.int(0, 10);
      return {
        name: `above_${t}`,
        params: ['values'],
        description: `returns a list of the numbers in values that are greater than ${t}, in their original order.`,
        reference: `def above_${t}(values):\n    return [v for v in values if v > ${t}]\n`,
        inputs: lists(rng, 5, -5, 20, 7),
        expected: ([v]) => (v as number[]).filter((x) => x > t),
      };
    },
  },
  {
    id: 'reverse-words',
    difficulty: 2,
    make(rng) {
      return {
        name: 'reverse_words',
        params: ['sentence'],
        description: 'returns the words of the string sentence (separated by single spaces) in reverse order, joined by single spaces.',
        reference: 'def reverse_words(sentence):\n    return " ".join(sentence.split(" ")[::-1])\n',
        inputs: Array.from({ length: 5 }, () => [Array.from({ length: rng.int(1, 5) }, () => rng.pick(WORDS)).join(' ')]),
        expected: ([s]) => (s as string).split(' ').reverse().join(' '),
      };
    },
  },
  {
    id: 'sum-of-digits',
    difficulty: 2,
    make(rng) {
      return {
        name: 'digit_sum',
        params: ['n'],
        description: 'returns the sum of the decimal digits of the non-negative integer n.',
        reference: 'def digit_sum(n):\n    return sum(int(d) for d in str(n))\n',
        inputs: [[0], ...ints(rng, 4, 1, 99999).map((n) => [n])],
        expected: ([n]) => [...String(n)].reduce((a, d) => a + Number(d), 0),
      };
    },
  },
  {
    id: 'dedupe',
    difficulty: 2,
    make(rng) {
      return {
        name: 'unique_in_order',
        params: ['values'],
        description: 'returns the list values with repeated elements removed, keeping the first occurrence of each, in order.',
        reference:
          'def unique_in_order(values):\n    seen = []\n    for v in values:\n        if v not in seen:\n            seen.append(v)\n    return seen\n',
        inputs: lists(rng, 5, 0, 5, 8),
        expected: ([v]) => [...new Set(v as number[])],
      };
    },
  },
  {
    id: 'run-length',
    difficulty: 3,
    make(rng) {
      const runs = (): string => Array.from({ length: rng.int(1, 4) }, () => rng.pick([...'abc']).repeat(rng.int(1, 4))).join('');
      return {
        name: 'run_length',
        params: ['text'],
        description:
          'returns the run-length encoding of the string text as a list of [character, count] pairs, one per run of equal characters.',
        reference:
          'def run_length(text):\n    out = []\n    for ch in text:\n        if out and out[-1][0] == ch:\n            out[-1][1] += 1\n        else:\n            out.append([ch, 1])\n    return out\n',
        inputs: [[''], ...Array.from({ length: 4 }, () => [runs()])],
        expected: ([t]) => {
          const out: [string, number][] = [];
          for (const ch of t as string) {
            const last = out[out.length - 1];
            if (last && last[0] === ch) last[1]++;
            else out.push([ch, 1]);
          }
          return out;
        },
      };
    },
  },
  {
    id: 'palindrome',
    difficulty: 3,
    make(rng) {
      const pal = (): string => {
        const half = word(rng, 1, 4);
        return half + (rng.next() < 0.5 ? rng.pick([...LETTERS]) : '') + [...half].reverse().join('');
      };
      const mess = (s: string): string => [...s].map((ch) => (rng.next() < 0.3 ? ch.toUpperCase() : ch)).join(rng.next() < 0.5 ? ' ' : '');
      return {
        name: 'is_palindrome',
        params: ['text'],
        description:
          'returns True if the string text reads the same forwards and backwards when case and every non-letter character are ignored, else False.',
        reference:
          'def is_palindrome(text):\n    letters = [c.lower() for c in text if c.isalpha()]\n    return letters == letters[::-1]\n',
        inputs: [[mess(pal())], [mess(pal())], [`${word(rng, 3, 6)}xy`], [`${mess(pal())}!`], ['ab']],
        expected: ([t]) => {
          const letters = [...(t as string)].filter((c) => /[a-z]/i.test(c)).map((c) => c.toLowerCase());
          return letters.join('') === [...letters].reverse().join('');
        },
      };
    },
  },
  {
    id: 'rotate',
    difficulty: 3,
    make(rng) {
      return {
        name: 'rotate_left',
        params: ['values', 'k'],
        description: 'returns the list values rotated left by k positions (k may be larger than the length; an empty list stays empty).',
        reference:
          'def rotate_left(values, k):\n    if not values:\n        return []\n    k %= len(values)\n    return values[k:] + values[:k]\n',
        inputs: [[[], 3], ...Array.from({ length: 4 }, () => [ints(rng, rng.int(1, 6), 0, 9), rng.int(0, 9)])],
        expected: ([v, k]) => {
          const values = v as number[];
          if (values.length === 0) return [];
          const s = (k as number) % values.length;
          return [...values.slice(s), ...values.slice(0, s)];
        },
      };
    },
  },
  {
    id: 'word-lengths',
    difficulty: 3,
    make(rng) {
      return {
        name: 'length_counts',
        params: ['words'],
        description: 'returns a dict mapping each word length to how many words in the list words have that length.',
        reference:
          'def length_counts(words):\n    counts = {}\n    for w in words:\n        counts[len(w)] = counts.get(len(w), 0) + 1\n    return counts\n',
        inputs: Array.from({ length: 5 }, () => [Array.from({ length: rng.int(0, 5) }, () => word(rng, 1, 5))]),
        expected: ([w]) => {
          const counts = new Map<number, number>();
          for (const x of w as string[]) counts.set(x.length, (counts.get(x.length) ?? 0) + 1);
          return counts;
        },
      };
    },
  },
];

export const CODE_DIFFICULTIES = [1, 2, 3] as const;
