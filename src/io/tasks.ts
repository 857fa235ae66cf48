import { TaskFormatError } from '../core/errors.js';
import type { Domain, Task } from '../core/types.js';
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
