import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The word list ships as a plain text file in data/wordle/ so it can be read and edited without
// touching code. It is found by walking up from this module, which works both from src/ (tests)
// and from dist/src/ (the built CLI).

const RELATIVE = join('data', 'wordle', 'words.txt');

function findWordFile(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, RELATIVE);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(`wordle word list not found: looked for ${RELATIVE} above ${fileURLToPath(import.meta.url)}`);
}

let cached: readonly string[] | null = null;

/** The shipped word list, uppercase, in file order (alphabetical). Read on first use. */
export function wordList(): readonly string[] {
  if (cached) return cached;
  const file = findWordFile();
  const words: string[] = [];
  readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .forEach((raw, i) => {
      const line = raw.trim();
      if (!line || line.startsWith('#')) return;
      if (!/^[a-z]{5}$/.test(line)) throw new Error(`${file}:${i + 1}: "${line}" is not a five-letter lowercase word`);
      words.push(line.toUpperCase());
    });
  cached = words;
  return cached;
}

let wordSet: ReadonlySet<string> | null = null;

export function isListedWord(word: string): boolean {
  wordSet ??= new Set(wordList());
  return wordSet.has(word.toUpperCase());
}
