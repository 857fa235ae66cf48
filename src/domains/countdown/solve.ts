// Every value reachable from a set of numbers under Countdown rules, with one expression each,
// by dynamic programming over subsets: the values of a subset are the values of its two-part
// splits combined by + − × ÷. The generator keeps to positive intermediate results and exact
// division (the classic game); the checker is more lenient (any integer intermediate), so every
// reference expression found here is also accepted there.

interface Entry {
  expr: string;
  /** 0: a single number, 1: a sum or difference, 2: a product or quotient (for parentheses). */
  level: 0 | 1 | 2;
}

const wrap = (e: Entry, needs: boolean): string => (needs ? `(${e.expr})` : e.expr);

export interface Solution {
  value: number;
  expression: string;
  /** How many of the given numbers the expression uses. */
  count: number;
}

/** For each reachable value, the expression that uses the fewest numbers. */
export function reachableValues(numbers: readonly number[]): Map<number, Solution> {
  const n = numbers.length;
  const table: Array<Map<number, Entry>> = Array.from({ length: 1 << n }, () => new Map());
  const best = new Map<number, Solution>();
  const masks = Array.from({ length: (1 << n) - 1 }, (_, i) => i + 1).sort((a, b) => popcount(a) - popcount(b) || a - b);
  for (const mask of masks) {
    const here = table[mask] as Map<number, Entry>;
    if (popcount(mask) === 1) {
      const value = numbers[Math.log2(mask)] as number;
      here.set(value, { expr: String(value), level: 0 });
    } else {
      // Each unordered split once: the part holding the lowest bit is `a`.
      const low = mask & -mask;
      for (let a = (mask - 1) & mask; a > 0; a = (a - 1) & mask) {
        if (!(a & low)) continue;
        const b = mask ^ a;
        combine(table[a] as Map<number, Entry>, table[b] as Map<number, Entry>, here);
      }
    }
    const count = popcount(mask);
    for (const [value, entry] of here) {
      const seen = best.get(value);
      if (!seen || seen.count > count) best.set(value, { value, expression: entry.expr, count });
    }
  }
  return best;
}

function combine(left: Map<number, Entry>, right: Map<number, Entry>, out: Map<number, Entry>): void {
  const add = (value: number, entry: Entry): void => {
    if (!out.has(value)) out.set(value, entry);
  };
  for (const [x, ex] of left) {
    for (const [y, ey] of right) {
      add(x + y, { expr: `${ex.expr} + ${ey.expr}`, level: 1 });
      if (x > y) add(x - y, { expr: `${ex.expr} - ${wrap(ey, ey.level === 1)}`, level: 1 });
      if (y > x) add(y - x, { expr: `${ey.expr} - ${wrap(ex, ex.level === 1)}`, level: 1 });
      if (x !== 1 && y !== 1) add(x * y, { expr: `${wrap(ex, ex.level === 1)} × ${wrap(ey, ey.level === 1)}`, level: 2 });
      if (y > 1 && x % y === 0) add(x / y, { expr: `${wrap(ex, ex.level === 1)} ÷ ${wrap(ey, ey.level !== 0)}`, level: 2 });
      if (x > 1 && y % x === 0) add(y / x, { expr: `${wrap(ey, ey.level === 1)} ÷ ${wrap(ex, ex.level !== 0)}`, level: 2 });
    }
  }
}

function popcount(x: number): number {
  let c = 0;
  for (let v = x; v; v &= v - 1) c++;
  return c;
}
