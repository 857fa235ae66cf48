import { readdirSync, readFileSync, type Stats, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { TaskFormatError } from '../core/errors.js';
import type { RecordLocation } from '../domains/records.js';
import { decodeUtf8, parseJsonText } from './json-text.js';
import { parseCsvText, readParquetRows } from './tabular.js';

// Task data as benchmarks distribute it: a file or a directory (read recursively), each file
// JSON Lines, a JSON array, one JSON object, CSV or Parquet, any of them gzipped. The container is
// told per file, by its bytes where they say (gzip and Parquet magic) and by its name otherwise.

export interface SourceRecord {
  value: unknown;
  where: RecordLocation;
}

const TASK_FILE = /\.(jsonl|ndjson|json|csv|parquet)(\.gz)?$/i;

/** Every record under `path`, in a stable order (files sorted by path). */
export async function readTaskRecords(path: string): Promise<SourceRecord[]> {
  const stats = statOrThrow(path);
  if (!stats.isDirectory()) return readTaskFile(path, stemOf(basename(path)));
  const files = listTaskFiles(path);
  if (files.length === 0) {
    throw new TaskFormatError({ file: path }, 'the directory holds no task files (.jsonl, .json, .csv, .parquet, or these gzipped)');
  }
  const records: SourceRecord[] = [];
  // A file in a directory is named by its path under it: MATH has a 1.json in every subject.
  for (const file of files) records.push(...(await readTaskFile(file, stemOf(relative(path, file)))));
  return records;
}

function statOrThrow(path: string): Stats {
  try {
    return statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new TaskFormatError({ file: path }, code === 'ENOENT' ? 'file not found' : `cannot read (${code ?? String(error)})`);
  }
}

function listTaskFiles(dir: string): string[] {
  const found: string[] = [];
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...listTaskFiles(full));
    else if (TASK_FILE.test(entry.name)) found.push(full);
  }
  return found;
}

/** A task file's name without its container extensions: `data/007bbfb7.json.gz` → `data/007bbfb7`. */
function stemOf(name: string): string {
  return name
    .replace(/\.gz$/i, '')
    .replace(/\.(jsonl|ndjson|json|csv|parquet)$/i, '')
    .split('\\')
    .join('/');
}

async function readTaskFile(file: string, stem: string): Promise<SourceRecord[]> {
  let bytes: Uint8Array = readBytes(file);
  let name = file;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (error) {
      throw new TaskFormatError({ file }, `cannot gunzip (${(error as Error).message})`);
    }
    name = file.replace(/\.gz$/i, '');
  }
  if (isParquet(bytes)) {
    return (await readParquetRows(bytes, file)).map(({ line, value }) => ({ value, where: { file, line, unit: 'row' } }));
  }
  const text = decodeUtf8(bytes, file);
  if (/\.csv$/i.test(name)) return parseCsvText(text, file).map(({ line, value }) => ({ value, where: { file, line } }));
  const { layout, records } = parseJsonText(text, file);
  // One object in a `.json` file is one task file (ARC, MATH): the file's name is the task's id.
  const named = layout === 'object' && /\.json$/i.test(name);
  return records.map(({ line, value }) => ({ value, where: { file, line, ...(named ? { id: stem } : {}) } }));
}

function readBytes(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new TaskFormatError({ file }, code === 'ENOENT' ? 'file not found' : `cannot read file (${code ?? String(error)})`);
  }
}

function isParquet(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && bytes[0] === 0x50 && bytes[1] === 0x41 && bytes[2] === 0x52 && bytes[3] === 0x31;
}
