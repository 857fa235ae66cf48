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
}

/** A difficulty the domain's generator knows (or none, for its default). */
export function checkDifficulty(domain: Domain, difficulty: number | undefined): void {
  if (difficulty !== undefined && !domain.difficulties.includes(difficulty)) {
    throw new UsageError(`--difficulty for ${domain.name} must be one of ${domain.difficulties.join(', ')}`);
  }
}

export async function selectTasks(domain: Domain, selection: TaskSelection): Promise<Task[]> {
  if (selection.data) return (await loadTasks(selection.data, domain)).slice(0, selection.n);
  return domain.generate({ n: selection.n, seed: selection.seed, difficulty: selection.difficulty ?? domain.defaultDifficulty });
}

/** The tasks of the domain named, after checking the difficulty. */
export async function domainTasks(name: string, selection: TaskSelection): Promise<Task[]> {
  const domain = getDomain(name);
  checkDifficulty(domain, selection.difficulty);
  return selectTasks(domain, selection);
}
