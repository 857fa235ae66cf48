// A small tokenizer trained by didactic on its own data: frequent words (with their leading
// space) become one token each; everything else — digits, maze cells, move letters, punctuation
// — is spelled one character at a time. Digits and moves stay single characters on purpose, so
// the model reads and writes numbers and paths symbol by symbol.

export const SPECIAL_TOKENS = ['<|pad|>', '<|unk|>', '<|system|>', '<|user|>', '<|teacher|>', '<|assistant|>', '<|end|>'] as const;
export type SpecialToken = (typeof SPECIAL_TOKENS)[number];

// A word piece: an optional space then letters including at least one lowercase letter, so an
// all-capitals move string such as "RRDL" is never a word.
const PIECE = / ?[A-Za-z]*[a-z][A-Za-z]*|[\s\S]/gu;
const BASE_CHARS = ['\n', ...Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)), '×', '−', '÷', '²', '√', '…', '’', '“', '”'];

export interface TokenizerSpec {
  kind: 'didactic-words-v1';
  tokens: string[];
}

export class Tokenizer {
  readonly tokens: readonly string[];
  readonly #ids: Map<string, number>;

  constructor(spec: TokenizerSpec) {
    if (spec.kind !== 'didactic-words-v1') throw new Error(`unsupported tokenizer kind ${String(spec.kind)}`);
    this.tokens = spec.tokens;
    this.#ids = new Map(spec.tokens.map((t, i) => [t, i]));
    for (const special of SPECIAL_TOKENS) if (!this.#ids.has(special)) throw new Error(`tokenizer lacks ${special}`);
  }

  /** Learn the word list from sample texts: words seen at least `minCount` times, most frequent first. */
  static train(texts: Iterable<string>, options: { maxWords?: number; minCount?: number } = {}): Tokenizer {
    const counts = new Map<string, number>();
    for (const text of texts) {
      for (const m of text.matchAll(PIECE)) {
        const piece = m[0];
        if (piece.length > 1) counts.set(piece, (counts.get(piece) ?? 0) + 1);
      }
    }
    const words = [...counts.entries()]
      .filter(([, c]) => c >= (options.minCount ?? 5))
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, options.maxWords ?? 400)
      .map(([w]) => w)
      .sort();
    return new Tokenizer({ kind: 'didactic-words-v1', tokens: [...SPECIAL_TOKENS, ...BASE_CHARS, ...words] });
  }

  get spec(): TokenizerSpec {
    return { kind: 'didactic-words-v1', tokens: [...this.tokens] };
  }

  get vocabSize(): number {
    return this.tokens.length;
  }

  id(token: SpecialToken): number {
    return this.#ids.get(token) as number;
  }

  encode(text: string): number[] {
    const out: number[] = [];
    const unk = this.id('<|unk|>');
    for (const m of text.matchAll(PIECE)) {
      const piece = m[0];
      const whole = this.#ids.get(piece);
      if (whole !== undefined && !SPECIAL_TOKENS.includes(piece as SpecialToken)) {
        out.push(whole);
        continue;
      }
      for (const ch of piece) out.push(this.#ids.get(ch) ?? unk);
    }
    return out;
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
