import { TaskFormatError } from '../core/errors.js';

// Task files as text: JSON Lines, or one JSON document (an array of records, or one record).
// The format is told by the content, not the name: MINT ships JSON Lines named `.json`, and
// MBPP-sanitized ships an array named `.json`.

export interface TextRecord {
  /** The 1-based line the record starts on. */
  line: number;
  value: unknown;
}

/** How the records were laid out: one value per line, an array, or one object for the whole file. */
export type JsonLayout = 'lines' | 'array' | 'object';

/** Decode UTF-8 strictly, naming the first line that is not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    let start = 0;
    for (let line = 1; start <= bytes.length; line++) {
      let end = bytes.indexOf(0x0a, start);
      if (end < 0) end = bytes.length;
      try {
        decoder.decode(bytes.subarray(start, end));
      } catch {
        throw new TaskFormatError({ file, line }, 'invalid UTF-8');
      }
      start = end + 1;
    }
    throw new TaskFormatError({ file }, 'invalid UTF-8');
  }
}

/** Every record of a JSON text: the elements of an array, a lone object, or one value per line. */
export function parseJsonText(text: string, file: string): { layout: JsonLayout; records: TextRecord[] } {
  const lines = text.split('\n');
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first < 0) throw new TaskFormatError({ file }, 'the file is empty: no JSON records found');
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    // Not one document: JSON Lines, unless even the first line is not JSON (a broken document).
    if (!parsesAsJson(lines[first] ?? '') && lines.length > first + 1) throw documentError(text, file);
    return { layout: 'lines', records: parseJsonLines(lines, file) };
  }
  if (Array.isArray(document)) {
    const starts = elementLines(text);
    if (document.length === 0) throw new TaskFormatError({ file }, 'the file is an empty JSON array: no records found');
    return { layout: 'array', records: document.map((value, i) => ({ line: starts[i] ?? first + 1, value })) };
  }
  return { layout: 'object', records: [{ line: first + 1, value: document }] };
}

function parseJsonLines(lines: string[], file: string): TextRecord[] {
  const records: TextRecord[] = [];
  lines.forEach((text, i) => {
    if (text.trim() === '') return;
    try {
      records.push({ line: i + 1, value: JSON.parse(text) });
    } catch (error) {
      throw new TaskFormatError({ file, line: i + 1 }, `invalid JSON (${(error as Error).message})`);
    }
  });
  return records;
}

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function documentError(text: string, file: string): TaskFormatError {
  try {
    JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message)?.[1];
    const line = position === undefined ? brokenElementLine(text) : text.slice(0, Number(position)).split('\n').length;
    return new TaskFormatError({ file, ...(line === undefined ? {} : { line }) }, `invalid JSON (${message})`);
  }
  return new TaskFormatError({ file }, 'invalid JSON');
}

/**
 * Some engines do not say where JSON.parse failed: in an array, the line of the first element that
 * does not parse on its own is the next best thing.
 */
function brokenElementLine(text: string): number | undefined {
  if (!text.trimStart().startsWith('[')) return undefined;
  const offsets = elementOffsets(text);
  for (let i = 0; i < offsets.length; i++) {
    const start = offsets[i] as number;
    const end = offsets[i + 1] ?? text.lastIndexOf(']');
    const element = text.slice(start, end).replace(/,\s*$/, '');
    if (!parsesAsJson(element)) return text.slice(0, start).split('\n').length;
  }
  return undefined;
}

/** The line each element of a top-level JSON array starts on. */
function elementLines(text: string): number[] {
  let line = 1;
  let from = 0;
  return elementOffsets(text).map((offset) => {
    for (let i = from; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
    from = offset;
    return line;
  });
}

/** Where each element of a top-level JSON array starts. */
function elementOffsets(text: string): number[] {
  const starts: number[] = [];
  let depth = 0;
  let inString = false;
  let expectElement = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') continue;
    if (expectElement && c !== ']') {
      starts.push(i);
      expectElement = false;
    }
    if (c === '"') inString = true;
    else if (c === '[' || c === '{') {
      depth++;
      if (depth === 1) expectElement = true;
    } else if (c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 1) expectElement = true;
  }
  return starts;
}
