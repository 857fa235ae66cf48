import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UsageError } from '../core/errors.js';

// `module:<file.js>` for domains and teachers: the user's own JavaScript module, loaded once and
// checked against the shape its kind must have, so a typo in a plug-in stops the command before
// any task runs, with the file and the missing members named.

export const MODULE_PREFIX = 'module:';

export function isModuleSpec(name: string): boolean {
  return name.startsWith(MODULE_PREFIX);
}

export interface LoadedModule {
  file: string;
  /** The module's namespace: its default export and any named ones. */
  exports: Record<string, unknown>;
}

export async function importModuleSpec(spec: string, kind: 'domain' | 'teacher'): Promise<LoadedModule> {
  const path = spec.slice(MODULE_PREFIX.length);
  if (!path) throw new UsageError(`--${kind} module: needs a file, e.g. module:./my-${kind}.js`);
  const file = resolve(path);
  if (!existsSync(file)) throw new UsageError(`${kind} module not found: ${file} (from "${spec}")`);
  try {
    return { file, exports: (await import(pathToFileURL(file).href)) as Record<string, unknown> };
  } catch (error) {
    throw new UsageError(`${file}: the ${kind} module failed to load: ${(error as Error).message}`);
  }
}

export type MemberKind = 'string' | 'function' | 'boolean' | 'number' | 'number[]';

/** The members of `value` that are missing or of the wrong kind, as "name (kind)". */
export function missingMembers(value: unknown, members: Record<string, MemberKind | readonly string[]>): string[] {
  if (typeof value !== 'object' || value === null) return Object.entries(members).map(([name, kind]) => `${name} (${describe(kind)})`);
  const record = value as Record<string, unknown>;
  const problems: string[] = [];
  for (const [name, kind] of Object.entries(members)) {
    if (!fits(record[name], kind)) problems.push(`${name} (${describe(kind)})`);
  }
  return problems;
}

function fits(member: unknown, kind: MemberKind | readonly string[]): boolean {
  if (Array.isArray(kind)) return typeof member === 'string' && kind.includes(member);
  if (kind === 'number[]') return Array.isArray(member) && member.length > 0 && member.every((n) => typeof n === 'number');
  return typeof member === kind;
}

function describe(kind: MemberKind | readonly string[]): string {
  if (Array.isArray(kind)) return kind.map((k) => `'${k}'`).join(' or ');
  return kind === 'number[]' ? 'a non-empty array of numbers' : `a ${kind}`;
}
