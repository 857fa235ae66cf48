import { readFileSync } from 'node:fs';
import { TaskFormatError } from '../core/errors.js';

export interface JsonlRecord {
  line: number;
  value: unknown;
}

/**
 * Read a JSON Lines file strictly: every non-blank line must be valid UTF-8 and valid JSON.
 * Errors name the file and the line, so a user can fix the file rather than guess.
 */
export function readJsonl(file: string): JsonlRecord[] {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new TaskFormatError({ file }, code === 'ENOENT' ? 'file not found' : `cannot read file (${code ?? String(error)})`);
  }
  const records: JsonlRecord[] = [];
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let start = 0;
  let line = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    line++;
    let text: string;
    try {
      text = decoder.decode(bytes.subarray(start, end));
    } catch {
      throw new TaskFormatError({ file, line }, 'invalid UTF-8');
    }
    start = end + 1;
    if (line === 1) text = text.replace(/^\uFEFF/, '');
    if (text.trim() === '') continue;
    try {
      records.push({ line, value: JSON.parse(text) });
    } catch (error) {
      throw new TaskFormatError({ file, line }, `invalid JSON (${(error as Error).message})`);
    }
  }
  if (records.length === 0) throw new TaskFormatError({ file }, 'the file is empty: no JSON lines found');
  return records;
}
