import type { PyValue } from './types.js';

// Python equality and repr over PyValue, computed on the host so that no Python code (which the
// program under test could have patched) takes part in deciding a verdict.

const NUMERIC = new Set(['bool', 'int', 'float']);

function numeric(value: PyValue): { big: bigint } | { float: number } | null {
  if (value.t === 'bool') return { big: value.v ? 1n : 0n };
  if (value.t === 'int') return { big: BigInt(value.v) };
  if (value.t === 'float') return { float: Number(value.v) };
  return null;
}

/** Python's `==` for plain values: 1 == 1.0 == True, [1] != (1,), dicts and sets ignore order. */
/** Python equality of two values; `atol` > 0 lets floats differ by that much (EvalPlus's tolerance). */
export function pyEqual(a: PyValue, b: PyValue, atol = 0): boolean {
  if (NUMERIC.has(a.t) && NUMERIC.has(b.t)) {
    const x = numeric(a);
    const y = numeric(b);
    if (!x || !y) return false;
    if ('big' in x && 'big' in y) return x.big === y.big;
    const fx = 'big' in x ? Number(x.big) : x.float;
    const fy = 'big' in y ? Number(y.big) : y.float;
    return fx === fy || (atol > 0 && Math.abs(fx - fy) <= atol);
  }
  if (a.t === 'other' || b.t === 'other') return false;
  if (a.t === 'none' || b.t === 'none') return a.t === b.t;
  if (a.t === 'str' && b.t === 'str') return a.v === b.v;
  const sets = (t: string): boolean => t === 'set' || t === 'frozenset';
  if (sets(a.t) && sets(b.t)) return unorderedEqual(a.v as PyValue[], b.v as PyValue[]);
  if ((a.t === 'list' && b.t === 'list') || (a.t === 'tuple' && b.t === 'tuple')) {
    const x = a.v as PyValue[];
    const y = b.v as PyValue[];
    return x.length === y.length && x.every((item, i) => pyEqual(item, y[i] as PyValue, atol));
  }
  if (a.t === 'dict' && b.t === 'dict') {
    if (a.v.length !== b.v.length) return false;
    return a.v.every(([key, value]) => b.v.some(([k, v]) => pyEqual(key, k) && pyEqual(value, v, atol)));
  }
  return false;
}

function unorderedEqual(x: PyValue[], y: PyValue[]): boolean {
  if (x.length !== y.length) return false;
  const used = new Array<boolean>(y.length).fill(false);
  return x.every((item) => {
    const at = y.findIndex((other, i) => !used[i] && pyEqual(item, other));
    if (at < 0) return false;
    used[at] = true;
    return true;
  });
}

/** The value as Python would print it with repr(). */
export function pyRepr(value: PyValue): string {
  switch (value.t) {
    case 'none':
      return 'None';
    case 'bool':
      return value.v ? 'True' : 'False';
    case 'int':
    case 'float':
      return value.v;
    case 'str':
      return strRepr(value.v);
    case 'list':
      return `[${value.v.map(pyRepr).join(', ')}]`;
    case 'tuple':
      return value.v.length === 1 ? `(${pyRepr(value.v[0] as PyValue)},)` : `(${value.v.map(pyRepr).join(', ')})`;
    case 'set':
      return value.v.length === 0 ? 'set()' : `{${value.v.map(pyRepr).join(', ')}}`;
    case 'frozenset':
      return `frozenset({${value.v.map(pyRepr).join(', ')}})`;
    case 'dict':
      return `{${value.v.map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`).join(', ')}}`;
    case 'other':
      return value.repr;
  }
}

function strRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of text) {
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else out += ch;
  }
  return out + quote;
}

/** A JSON-like JS value as the Python value it stands for (arrays are lists, Maps dicts, integers ints). */
export function fromJs(value: unknown): PyValue {
  if (value === null || value === undefined) return { t: 'none' };
  if (typeof value === 'boolean') return { t: 'bool', v: value };
  if (typeof value === 'number') {
    if (Number.isInteger(value)) return { t: 'int', v: String(value) };
    return { t: 'float', v: String(value) };
  }
  if (typeof value === 'string') return { t: 'str', v: value };
  if (Array.isArray(value)) return { t: 'list', v: value.map(fromJs) };
  if (value instanceof Map) return { t: 'dict', v: [...value.entries()].map(([k, v]) => [fromJs(k), fromJs(v)]) };
  if (value instanceof Set) return { t: 'set', v: [...value].map(fromJs) };
  if (typeof value === 'object') return { t: 'dict', v: Object.entries(value).map(([k, v]) => [{ t: 'str', v: k }, fromJs(v)]) };
  throw new TypeError(`cannot express ${typeof value} as a Python value`);
}
