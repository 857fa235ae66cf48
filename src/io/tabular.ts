import { parse as parseCsv, CsvError } from 'csv-parse/sync';
import { parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { TaskFormatError } from '../core/errors.js';
import type { TextRecord } from './json-text.js';

// Tables of tasks: CSV (GPQA ships one) and Parquet (the Hugging Face copies of most datasets).

/** CSV with a header row; each record is an object of strings keyed by the header's names. */
export function parseCsvText(text: string, file: string): TextRecord[] {
  let rows: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    rows = parseCsv(text, { columns: true, bom: true, skip_empty_lines: true, info: true });
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      throw new TaskFormatError({ file, ...(line ? { line } : {}) }, `invalid CSV (${error.message})`);
    }
    throw error;
  }
  if (rows.length === 0) throw new TaskFormatError({ file }, 'the file has no rows under its header');
  // csv-parse reports the line a record ends on; a quoted field may span lines, so each record
  // starts after the one before it ends.
  let previousEnd = 1; // the header
  return rows.map(({ record, info }) => {
    const line = previousEnd + 1;
    previousEnd = info.lines;
    return { line, value: record };
  });
}

/** Every row of a Parquet file as a JSON-like object (64-bit integers become numbers when exact). */
export async function readParquetRows(bytes: Uint8Array, file: string): Promise<TextRecord[]> {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let rows: Record<string, unknown>[];
  try {
    rows = await parquetReadObjects({ file: buffer, compressors });
  } catch (error) {
    throw new TaskFormatError({ file }, `cannot read the Parquet file (${(error as Error).message})`);
  }
  if (rows.length === 0) throw new TaskFormatError({ file }, 'the Parquet file has no rows');
  return rows.map((row, i) => ({ line: i + 1, value: plainValue(row) }));
}

function plainValue(value: unknown): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (Array.isArray(value)) return value.map(plainValue);
  if (value instanceof Uint8Array) return new TextDecoder().decode(value);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainValue(v)]));
  }
  return value;
}
