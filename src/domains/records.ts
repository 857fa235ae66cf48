import { basename } from 'node:path';
import { z } from 'zod';
import { TaskFormatError } from '../core/errors.js';
import type { Privileged, Task, TaskMetadata } from '../core/types.js';

// Shared pieces for parsing task records: validation with zod, errors that name the field, and
// the native format (what `didactic tasks --json` prints), which every domain accepts.

export interface RecordLocation {
  file: string;
  line: number;
}

/** Validate a record against a schema, turning the first issue into a TaskFormatError. */
export function checkRecord<T>(schema: z.ZodType<T>, record: unknown, where: RecordLocation, format: string): T {
  const parsed = schema.safeParse(record);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.length ? issue.path.join('.') : undefined;
  const problem =
    issue?.code === 'invalid_type' && issue.input === undefined
      ? `missing (required by the ${format} format)`
      : `${issue?.message ?? 'invalid'} (${format} format)`;
  throw new TaskFormatError({ ...where, ...(field ? { field } : {}) }, problem);
}

export function isObject(record: unknown): record is Record<string, unknown> {
  return typeof record === 'object' && record !== null && !Array.isArray(record);
}

/** An id from the record, or one made from the file name and line. */
export function recordId(record: Record<string, unknown>, where: RecordLocation): string {
  const id = record.id ?? record.task_id;
  if (typeof id === 'string' && id.length > 0) return id;
  if (typeof id === 'number') return String(id);
  return `${basename(where.file)}:${where.line}`;
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
