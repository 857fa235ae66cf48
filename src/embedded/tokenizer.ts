// A small tokenizer trained by didactic on its own data, in two stages:
//  1. words: frequent words (with their leading space) become single tokens; everything else
//     is spelled one character at a time;
//  2. phrase merges (byte-pair-encoding style, over those tokens): frequent neighbouring pieces
//     of prose — a fixed system prompt, a task's instructions — merge into longer tokens.
// Digits, single capital letters (maze moves, S and G), grid cells (`.` and `#` not following
// a letter) and newlines never merge, so the model reads and writes numbers, grids and paths
// symbol by symbol while the repeated prose costs only a few positions.

export const SPECIAL_TOKENS = ['<|pad|>', '<|unk|>', '<|system|>', '<|user|>', '<|teacher|>', '<|assistant|>', '<|end|>'] as const;
export type SpecialToken = (typeof SPECIAL_TOKENS)[number];

// A word piece: an optional space then letters including at least one lowercase letter, so an
// all-capitals move string such as "RRDL" is never a word.
const PIECE = / ?[A-Za-z]*[a-z][A-Za-z]*|[\s\S]/gu;
const BASE_CHARS = [
  '\n',
  ...Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)),
  '×',
  '−',
  '÷',
  '²',
  '√',
  '…',
  '’',
  '“',
  '”',
];

export interface TokenizerSpec {
  kind: 'didactic-bpe-v1';
  tokens: string[];
  /** Merges in priority order; each joins two existing tokens into the token that follows the special and base ones. */
  merges: [string, string][];
}

/** Whether two neighbouring pieces may ever merge (see the header comment). */
export function mergeable(left: string, right: string): boolean {
  const blocked = (t: string): boolean => /[\d\n]/.test(t) || /^[A-Z]$/.test(t) || (SPECIAL_TOKENS as readonly string[]).includes(t);
  if (blocked(left) || blocked(right)) return false;
  if (!/[a-z]/.test(left + right)) return false;
  // A grid cell may only join a word it ends ("floor."), never prose before a grid.
  if (/^[.#]/.test(right) && !/[A-Za-z]$/.test(left)) return false;
  return true;
}

function pieces(line: string): string[] {
  return [...line.matchAll(PIECE)].map((m) => m[0]);
}

export class Tokenizer {
  readonly tokens: readonly string[];
  readonly merges: readonly [string, string][];
  readonly #ids: Map<string, number>;
  readonly #rank: Map<string, number>;
  readonly #cache = new Map<string, number[]>();

  constructor(spec: TokenizerSpec) {
    if (spec.kind !== 'didactic-bpe-v1') throw new Error(`unsupported tokenizer kind ${String(spec.kind)}`);
    this.tokens = spec.tokens;
    this.merges = spec.merges;
    this.#ids = new Map(spec.tokens.map((t, i) => [t, i]));
    this.#rank = new Map(spec.merges.map(([a, b], i) => [`${a}\u0000${b}`, i]));
    for (const special of SPECIAL_TOKENS) if (!this.#ids.has(special)) throw new Error(`tokenizer lacks ${special}`);
  }

  /** Learn words (seen at least `minCount` times) and then up to `merges` phrase merges from sample texts. */
  static train(texts: Iterable<string>, options: { maxWords?: number; minCount?: number; merges?: number } = {}): Tokenizer {
    const minCount = options.minCount ?? 5;
    const lineCounts = new Map<string, number>();
    for (const text of texts) for (const line of text.split('\n')) lineCounts.set(line, (lineCounts.get(line) ?? 0) + 1);
    const wordCounts = new Map<string, number>();
    for (const [line, count] of lineCounts)
      for (const p of pieces(line)) if (p.length > 1) wordCounts.set(p, (wordCounts.get(p) ?? 0) + count);
    const words = [...wordCounts.entries()]
      .filter(([, c]) => c >= minCount)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, options.maxWords ?? 400)
      .map(([w]) => w)
      .sort();
    const vocabulary = new Set<string>([...SPECIAL_TOKENS, ...BASE_CHARS, ...words]);
    const split = (p: string): string[] => (vocabulary.has(p) ? [p] : [...p]);
    const lines = [...lineCounts.entries()].map(([line, count]) => ({ seq: pieces(line).flatMap(split), count }));
    const merges: [string, string][] = [];
    const added: string[] = [];
    for (let m = 0; m < (options.merges ?? 300); m++) {
      const pairs = new Map<string, number>();
      for (const { seq, count } of lines) {
        for (let i = 0; i + 1 < seq.length; i++) {
          const a = seq[i] as string;
          const b = seq[i + 1] as string;
          if (mergeable(a, b)) pairs.set(`${a}\u0000${b}`, (pairs.get(`${a}\u0000${b}`) ?? 0) + count);
        }
      }
      let best: string | null = null;
      let bestCount = minCount - 1;
      for (const [pair, c] of pairs) if (c > bestCount || (c === bestCount && best !== null && pair < best)) [best, bestCount] = [pair, c];
      if (best === null) break;
      const [a, b] = best.split('\u0000') as [string, string];
      const joined = a + b;
      merges.push([a, b]);
      if (!vocabulary.has(joined)) {
        vocabulary.add(joined);
        added.push(joined);
      }
      for (const line of lines) line.seq = mergeAll(line.seq, a, b);
    }
    return new Tokenizer({
      kind: 'didactic-bpe-v1',
      tokens: [...SPECIAL_TOKENS, ...BASE_CHARS, ...words.filter((w) => !added.includes(w)), ...added],
      merges,
    });
  }

  get spec(): TokenizerSpec {
    return { kind: 'didactic-bpe-v1', tokens: [...this.tokens], merges: this.merges.map(([a, b]) => [a, b]) };
  }

  get vocabSize(): number {
    return this.tokens.length;
  }

  id(token: SpecialToken): number {
    return this.#ids.get(token) as number;
  }

  encode(text: string): number[] {
    const out: number[] = [];
    const newline = this.#ids.get('\n') as number;
    text.split('\n').forEach((line, i) => {
      if (i > 0) out.push(newline);
      out.push(...this.#encodeLine(line));
    });
    return out;
  }

  #encodeLine(line: string): number[] {
    const cached = this.#cache.get(line);
    if (cached) return cached;
    let seq = pieces(line).flatMap((p) => (this.#ids.has(p) && !(SPECIAL_TOKENS as readonly string[]).includes(p) ? [p] : [...p]));
    // Standard BPE: repeatedly apply the highest-priority merge present in the line.
    for (;;) {
      let bestRank = Infinity;
      let bestAt = -1;
      for (let i = 0; i + 1 < seq.length; i++) {
        const rank = this.#rank.get(`${seq[i]}\u0000${seq[i + 1]}`);
        if (rank !== undefined && rank < bestRank) [bestRank, bestAt] = [rank, i];
      }
      if (bestAt < 0) break;
      const [a, b] = this.merges[bestRank] as [string, string];
      seq = mergeAll(seq, a, b);
    }
    const unk = this.id('<|unk|>');
    const ids = seq.map((t) => this.#ids.get(t) ?? unk);
    if (this.#cache.size > 100_000) this.#cache.clear();
    this.#cache.set(line, ids);
    return ids;
  }

  /** Text of the given ids; special tokens are dropped. */
  decode(ids: readonly number[]): string {
    let text = '';
    for (const id of ids) {
      const token = this.tokens[id];
      if (token === undefined || (SPECIAL_TOKENS as readonly string[]).includes(token)) continue;
      text += token;
    }
    return text;
  }
}

function mergeAll(seq: string[], a: string, b: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < seq.length; i++) {
    if (seq[i] === a && seq[i + 1] === b) {
      out.push(a + b);
      i++;
    } else out.push(seq[i] as string);
  }
  return out;
}
