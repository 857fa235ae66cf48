import { basename } from 'node:path';
import { z } from 'zod';
import { TaskFormatError } from '../core/errors.js';
import type { Privileged, RecordLocation, Task, TaskMetadata } from '../core/types.js';

// Shared pieces for parsing task records: validation with zod, errors that name the field, and
// the native format (what `didactic tasks --json` prints), which every domain accepts.

export type { RecordLocation } from '../core/types.js';

/** Validate a record against a schema, turning the first issue into a TaskFormatError. */
export function checkRecord<T>(schema: z.ZodType<T>, record: unknown, where: RecordLocation, format: string): T {
  const parsed = schema.safeParse(record);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.length ? issue.path.join('.') : undefined;
  throw new TaskFormatError({ ...where, ...(field ? { field } : {}) }, describeIssue(issue, record, format));
}

// zod does not hand back the offending value unless asked, so a field of the wrong type would read
// as "missing"; the value is looked up along the issue's path instead.
function describeIssue(issue: z.core.$ZodIssue | undefined, record: unknown, format: string): string {
  if (issue?.code !== 'invalid_type') return `${issue?.message ?? 'invalid'} (${format} format)`;
  const value = valueAt(record, issue.path);
  if (value === undefined) return `missing (required by the ${format} format)`;
  return `expected ${withArticle(issue.expected)}, got ${typeName(value)} (${format} format)`;
}

function valueAt(record: unknown, path: readonly PropertyKey[]): unknown {
  let value = record;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function withArticle(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** The JSON type of a value, as a user reading their file would name it. */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

export function isObject(record: unknown): record is Record<string, unknown> {
  return typeof record === 'object' && record !== null && !Array.isArray(record);
}

/** An id from the record (its first id-like field present), or the file's, or one made from the file name and line. */
export function recordId(record: Record<string, unknown>, where: RecordLocation, fields: readonly string[] = ['id', 'task_id']): string {
  for (const field of fields) {
    const id = record[field];
    if (typeof id === 'string' && id.length > 0) return id;
    if (typeof id === 'number') return String(id);
  }
  return where.id ?? `${basename(where.file)}:${where.line}`;
}

const nativeSchema = z.object({
  id: z.string().min(1),
  domain: z.string().min(1),
  prompt: z.string().min(1),
  privileged: z.looseObject({ answer: z.string() }),
  metadata: z
    .looseObject({ source: z.string().exactOptional(), difficulty: z.number().exactOptional(), seed: z.number().exactOptional() })
    .optional(),
});

/** A task in didactic's own format; `privileged` is checked further by the domain. */
export function parseNativeTask(record: unknown, where: RecordLocation, domain: string): Task<Privileged> {
  const r = checkRecord(nativeSchema, record, where, 'didactic task');
  if (r.domain !== domain) {
    throw new TaskFormatError({ ...where, field: 'domain' }, `task is for domain "${r.domain}", not "${domain}"`);
  }
  const metadata: TaskMetadata = { ...r.metadata, source: r.metadata?.source ?? where.file };
  return { id: r.id, domain: r.domain, prompt: r.prompt, privileged: r.privileged, metadata };
}
