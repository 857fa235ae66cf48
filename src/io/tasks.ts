import { TaskFormatError, UsageError } from '../core/errors.js';
import type { Domain, Task } from '../core/types.js';
import { getDomain } from '../domains/registry.js';
import { readTaskRecords } from './containers.js';

/**
 * Load every task under a path (a file or a directory of task files) for one domain, failing on
 * the first bad record.
 */
export async function loadTasks(path: string, domain: Domain): Promise<Task[]> {
  const tasks: Task[] = [];
  const seen = new Map<string, string>();
  for (const { value, where } of await readTaskRecords(path)) {
    const parsed = domain.parseRecords ? domain.parseRecords(value, where) : [domain.parseRecord(value, where)];
    const at = where.unit === 'row' ? `row ${where.line}` : `line ${where.line}`;
    for (const task of parsed) {
      const first = seen.get(task.id);
      if (first !== undefined) {
        throw new TaskFormatError({ ...where, field: 'id' }, `duplicate task id "${task.id}" (first used at ${first})`);
      }
      seen.set(task.id, where.file === path ? at : `${where.file}:${where.line}`);
      tasks.push(task);
    }
  }
  return tasks;
}

/** The name this function had when it read JSONL files only. */
export const loadTaskFile = loadTasks;

/** Which tasks of a domain: the first `n` of a file or directory, or `n` generated from the seed. */
export interface TaskSelection {
  n: number;
  seed: number;
  /** The generator's difficulty; the domain's default if absent. */
  difficulty?: number;
  data?: string;
  /** Contamination window on each loaded task's contest date (LiveCodeBench's `contest_date`), inclusive. */
  since?: string;
  until?: string;
}

/** A `--since`/`--until` value as a time; a bare date `until` covers that whole day. */
export function windowBound(flag: '--since' | '--until', value: string): number {
  const time = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(time)) throw new UsageError(`${flag} must be a date (YYYY-MM-DD), got "${value}"`);
  return flag === '--until' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? time + 86_400_000 - 1 : time;
}

/** The tasks whose contest date lies in the window; a task without one cannot be placed in it. */
export function inWindow(tasks: Task[], since: string | undefined, until: string | undefined): Task[] {
  if (since === undefined && until === undefined) return tasks;
  const from = since === undefined ? -Infinity : windowBound('--since', since);
  const to = until === undefined ? Infinity : windowBound('--until', until);
  return tasks.filter((task) => {
    const date = task.metadata.contestDate;
    if (typeof date !== 'string')
      throw new UsageError(`--since/--until need a contest date on every task; task ${task.id} (${task.metadata.source}) has none`);
    const time = Date.parse(date.endsWith('Z') || /[+-]\d{2}:\d{2}$/.test(date) ? date : `${date.slice(0, 19)}Z`);
    return time >= from && time <= to;
  });
}

/** A difficulty the domain's generator knows (or none, for its default). */
export function checkDifficulty(domain: Domain, difficulty: number | undefined): void {
  if (difficulty !== undefined && !domain.difficulties.includes(difficulty)) {
    throw new UsageError(`--difficulty for ${domain.name} must be one of ${domain.difficulties.join(', ')}`);
  }
}

export async function selectTasks(domain: Domain, selection: TaskSelection): Promise<Task[]> {
  if (selection.data) return inWindow(await loadTasks(selection.data, domain), selection.since, selection.until).slice(0, selection.n);
  if (selection.since !== undefined || selection.until !== undefined)
    throw new UsageError('--since/--until select loaded tasks; give --data');
  return domain.generate({ n: selection.n, seed: selection.seed, difficulty: selection.difficulty ?? domain.defaultDifficulty });
}

/** The tasks of the domain named, after checking the difficulty. */
export async function domainTasks(name: string, selection: TaskSelection): Promise<Task[]> {
  const domain = getDomain(name);
  checkDifficulty(domain, selection.difficulty);
  return selectTasks(domain, selection);
}
