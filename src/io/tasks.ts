import { TaskFormatError, UsageError } from '../core/errors.js';
import type { Domain, Task } from '../core/types.js';
import { getDomain } from '../domains/registry.js';
import { readJsonl } from './jsonl.js';

/** Load every task of a JSONL file for one domain, failing on the first bad line. */
export function loadTaskFile(file: string, domain: Domain): Task[] {
  const tasks = readJsonl(file).map(({ line, value }) => domain.parseRecord(value, { file, line }));
  const seen = new Map<string, number>();
  tasks.forEach((task, i) => {
    const line = (task.metadata.line as number | undefined) ?? i + 1;
    const first = seen.get(task.id);
    if (first !== undefined) {
      throw new TaskFormatError({ file, line, field: 'id' }, `duplicate task id "${task.id}" (first used on line ${first})`);
    }
    seen.set(task.id, line);
  });
  return tasks;
}

/** Which tasks of a domain: the first `n` of a JSONL file, or `n` generated from the seed. */
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

export function selectTasks(domain: Domain, selection: TaskSelection): Task[] {
  if (selection.data) return loadTaskFile(selection.data, domain).slice(0, selection.n);
  return domain.generate({ n: selection.n, seed: selection.seed, difficulty: selection.difficulty ?? domain.defaultDifficulty });
}

/** The tasks of the domain named, after checking the difficulty. */
export function domainTasks(name: string, selection: TaskSelection): Task[] {
  const domain = getDomain(name);
  checkDifficulty(domain, selection.difficulty);
  return selectTasks(domain, selection);
}
