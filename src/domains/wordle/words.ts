import { existsSync, readFileSync } from 'node:fs';
import { packageFile } from '../../package-files.js';

// The word list ships as a plain text file in data/wordle/ so it can be read and edited without
// touching code.

function findWordFile(): string {
  const file = packageFile('data', 'wordle', 'words.txt');
  if (!existsSync(file)) throw new Error(`wordle word list not found: ${file} is missing from the installation`);
  return file;
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
